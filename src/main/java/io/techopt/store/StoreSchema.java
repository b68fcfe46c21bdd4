package io.techopt.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The columns of the store's Parquet files, in file order: the one definition the staging table, the writer and
 * {@code docs/store.md} follow ({@code StoreSchemaDocTest} checks that the doc lists exactly these). {@code day} is the
 * partition column: it names the directory ({@code day=YYYY-MM-DD/}) and is not inside the files.
 */
public final class StoreSchema {
    private StoreSchema() {
    }

    /** A row's place in read order (its source, then its row in it) as one number: the last copy of a request id has the greatest. */
    public static final String POSITION = "(CAST(seq AS BIGINT) * 1099511627776 + ord)";

    /** The SQL condition that a row's time lies in [sinceMs, untilMs) (MIN_VALUE and MAX_VALUE: unbounded). */
    public static String window(long sinceMs, long untilMs) {
        return (sinceMs == Long.MIN_VALUE ? "true" : "epoch_ms(ts) >= " + sinceMs)
                + (untilMs == Long.MAX_VALUE ? "" : " AND epoch_ms(ts) < " + untilMs);
    }

    /** One column: its name and DuckDB type. */
    public record Column(String name, String type) {
    }

    public static final List<Column> COLUMNS = List.of(
            new Column("seq", "INTEGER"),
            new Column("ord", "BIGINT"),
            new Column("line", "BIGINT"),
            new Column("ts", "TIMESTAMP"),
            new Column("day", "DATE"),
            new Column("relative_time", "BOOLEAN"),
            new Column("request_id", "VARCHAR"),
            new Column("request_key", "BIGINT"),
            new Column("model", "VARCHAR"),
            new Column("provider", "VARCHAR"),
            new Column("user_id", "VARCHAR"),
            new Column("team", "VARCHAR"),
            new Column("session_id", "VARCHAR"),
            new Column("task_type", "VARCHAR"),
            new Column("input_tokens", "BIGINT"),
            new Column("cache_read_tokens", "BIGINT"),
            new Column("cache_write_tokens", "BIGINT"),
            new Column("cache_write_1h_tokens", "BIGINT"),
            new Column("output_tokens", "BIGINT"),
            new Column("reasoning_tokens", "BIGINT"),
            new Column("request_count", "BIGINT"),
            new Column("estimated_tokens", "BOOLEAN"),
            new Column("conflicting_tokens", "BOOLEAN"),
            new Column("non_text_content", "BOOLEAN"),
            new Column("latency_ms", "DOUBLE"),
            new Column("error", "BOOLEAN"),
            new Column("error_text", "VARCHAR"),
            new Column("batch", "BOOLEAN"),
            new Column("logged_cost_usd", "DOUBLE"),
            new Column("cost_as_logged", "BOOLEAN"),
            new Column("catalog_key", "VARCHAR"),
            new Column("price_version", "DATE"),
            new Column("cost_usd", "DOUBLE"),
            new Column("prompt_key", "BIGINT"),
            new Column("prompt_chars", "INTEGER"),
            new Column("system_prefix_key", "BIGINT"),
            new Column("system_prefix_chars", "INTEGER"),
            new Column("conversation_key", "BIGINT"),
            new Column("conversation_chars", "INTEGER"),
            new Column("quality", "DOUBLE"),
            new Column("experiment", "VARCHAR"),
            new Column("variant", "VARCHAR"),
            new Column("messages", "VARCHAR"),
            new Column("response", "VARCHAR"));

    /** The column list of a CREATE TABLE. */
    static String ddl() {
        return COLUMNS.stream().map(c -> '"' + c.name() + "\" " + c.type()).collect(Collectors.joining(", "));
    }
}
