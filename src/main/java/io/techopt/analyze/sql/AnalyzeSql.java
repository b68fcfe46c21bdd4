package io.techopt.analyze.sql;

import java.util.List;
import java.util.stream.Collectors;

/**
 * analyze's figures as SQL over a store's rows, in one place for every engine that runs them (the Spark job, and
 * {@link DuckDbAnalyze} for {@code techopt analyze --store}, issue #14 item 1): the text is plain SQL, and what differs
 * between engines is behind {@link Dialect}.
 *
 * <p>The runner provides two relations: {@code src}, the stored rows of the manifest's files (docs/store.md's columns),
 * and the functions of {@link Dialect#priced}, techopt's own pricing of a row's tokens (never re-implemented in SQL).
 * From them {@link #window} makes {@code w}: the rows of the --since/--until window with their place in read order
 * ({@code pos}), their price, and {@code live}, the last-copy rule of a repeated request id (latest seq, then latest
 * ord). Every other query reads {@code w}; the live rows are what analyze counts.
 */
public final class AnalyzeSql {
    private AnalyzeSql() {
    }

    /** What differs between SQL engines. */
    public interface Dialect {
        /** Epoch milliseconds of a TIMESTAMP column (the store's: without a time zone, in UTC). */
        String epochMs(String ts);

        /** Exact percentiles with linear interpolation (numpy's "linear", as techopt's Percentiles), as an array. */
        String percentiles(String x, double... ps);

        /** {@code a} and {@code b} equal, two nulls included. */
        String nullSafeEq(String a, String b);

        /** The price struct of a row: fields cost, std_cost, batch_cost, priced, pc_min (see {@link #window}). */
        String priced();

        /** 1-based element {@code i} of an array. */
        String at(String array, int i);

        /** Columns of {@code src} beside the stored ones that the window carries (a runner's own pricing), with a comma. */
        String priceColumns();

        /** The label of an error message (analyze's: first line, redacted, at most 120 characters). */
        String errorLabel(String text);

        /** The rows of the left relation without a match on the right. */
        String antiJoin();

        /** A string literal. */
        String literal(String s);
    }

    /** Spark SQL (3.5). */
    public static final Dialect SPARK = new Dialect() {
        public String epochMs(String ts) {
            return "unix_millis(CAST(" + ts + " AS TIMESTAMP))"; // the job's session time zone is UTC
        }

        public String percentiles(String x, double... ps) {
            return "percentile(" + x + ", array(" + join(ps) + "))";
        }

        public String nullSafeEq(String a, String b) {
            return a + " <=> " + b;
        }

        public String priced() {
            return "techopt_price(model, provider, ms, input_tokens, cache_read_tokens, cache_write_tokens, "
                    + "cache_write_1h_tokens, output_tokens, reasoning_tokens, batch, cost_as_logged, logged_cost_usd)";
        }

        public String at(String array, int i) {
            return "element_at(" + array + ", " + i + ")";
        }

        public String priceColumns() {
            return ""; // techopt_price is a UDF over the stored columns
        }

        public String errorLabel(String text) {
            return "techopt_error_label(" + text + ")";
        }

        public String antiJoin() {
            return "LEFT ANTI JOIN";
        }

        public String literal(String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
    };

    /**
     * DuckDB: the same text with its own names. DuckDB's JDBC driver runs no Java function in SQL, so the runner prices
     * every row in Java first and joins the result into {@code src} as the {@code pr_} columns (DuckDbAnalyze).
     */
    public static final Dialect DUCKDB = new Dialect() {
        public String epochMs(String ts) {
            return "epoch_ms(" + ts + ")";
        }

        public String percentiles(String x, double... ps) {
            return "quantile_cont(" + x + ", [" + join(ps) + "])";
        }

        public String nullSafeEq(String a, String b) {
            return a + " IS NOT DISTINCT FROM " + b;
        }

        public String priced() {
            return "struct_pack(cost := pr_cost, std_cost := pr_std, batch_cost := pr_batch, priced := pr_priced, "
                    + "pc_min := pr_pc_min)";
        }

        public String at(String array, int i) {
            return array + "[" + i + "]";
        }

        public String priceColumns() {
            return ", pr_cost, pr_std, pr_batch, pr_priced, pr_pc_min, pr_label";
        }

        public String errorLabel(String text) {
            return "pr_label"; // the label of the row's error_text, made by the pricing pass
        }

        public String antiJoin() {
            return "ANTI JOIN";
        }

        public String literal(String s) {
            return "'" + s.replace("'", "''") + "'"; // no backslash escapes in DuckDB's strings
        }
    };

    private static String join(double... ps) {
        return java.util.Arrays.stream(ps).mapToObj(Double::toString).collect(Collectors.joining(", "));
    }

    /** A row's UTC day as an epoch day (a whole number; its SQL type is the engine's). */
    public static final String DAY = "floor(ms / CAST(86400000 AS DOUBLE))";

    /** The stored columns the figures read (not the text, ids, experiment or quality): what the window keeps. */
    public static final String COLUMNS = "seq, ord, request_key, model, provider, user_id, team, session_id, task_type, "
            + "input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, "
            + "request_count, estimated_tokens, conflicting_tokens, latency_ms, error, error_text, batch, logged_cost_usd, "
            + "cost_as_logged, prompt_key, prompt_chars, system_prefix_key, system_prefix_chars, conversation_key, "
            + "conversation_chars";

    /** A row's place in read order (source, then row): the order analyze reads a store in. */
    public static final String POS = io.techopt.store.StoreSchema.POSITION;

    /**
     * The window's rows: {@code ms}, {@code pos}, the price struct {@code p} and {@code live} (the last copy of its
     * request id; rows without one all count). The partition of rows without an id is each row alone, so they do not
     * meet in one task.
     */
    public static String window(Dialect d, long sinceMs, long untilMs) {
        String t = "(SELECT " + COLUMNS + d.priceColumns() + ", " + d.epochMs("ts") + " AS ms, " + POS + " AS pos FROM src)";
        return "SELECT x.*, " + d.priced() + " AS p, "
                + "(request_key IS NULL OR row_number() OVER (PARTITION BY request_key, "
                + "CASE WHEN request_key IS NULL THEN pos END ORDER BY seq DESC, ord DESC) = 1) AS live "
                + "FROM " + t + " x WHERE " + (sinceMs == Long.MIN_VALUE ? "true" : "ms >= " + sinceMs)
                + (untilMs == Long.MAX_VALUE ? "" : " AND ms < " + untilMs);
    }

    /** The token sums every table carries, in TokenSums' order. */
    public static final String TOKENS = "sum(input_tokens) AS t_in, sum(cache_read_tokens) AS t_cr, sum(cache_write_tokens + cache_write_1h_tokens) AS t_cw, "
            + "sum(cache_write_1h_tokens) AS t_cw1h, sum(output_tokens) AS t_out, sum(reasoning_tokens) AS t_reas";

    /** The log's totals over the live rows, and what it counts of every row read. */
    public static String totals(Dialect d) {
        return totals(d, "count(request_key) - count(DISTINCT request_key)");
    }

    /** {@link #totals(Dialect)} with the count of copies beyond each request id's first given as an expression. */
    public static String totals(Dialect d, String duplicates) {
        return "SELECT sum(CASE WHEN live THEN request_count ELSE 0 END) AS requests, "
                + "sum(CASE WHEN live AND error THEN request_count ELSE 0 END) AS errors, "
                + "sum(CASE WHEN live THEN p.cost END) AS cost, "
                + "sum(CASE WHEN live AND p.cost IS NOT NULL THEN request_count ELSE 0 END) AS priced, "
                + "sum(CASE WHEN live AND cost_as_logged THEN request_count ELSE 0 END) AS cost_as_logged, "
                + "sum(CASE WHEN live AND p.cost IS NOT NULL AND logged_cost_usd IS NOT NULL AND NOT cost_as_logged THEN 1 ELSE 0 END) AS logged_n, "
                + "sum(CASE WHEN live AND p.cost IS NOT NULL AND logged_cost_usd IS NOT NULL AND NOT cost_as_logged THEN logged_cost_usd END) AS logged_sum, "
                + "sum(CASE WHEN live AND p.cost IS NOT NULL AND logged_cost_usd IS NOT NULL AND NOT cost_as_logged THEN p.cost END) AS recomputed_sum, "
                + "min(CASE WHEN live THEN ms END) AS min_ms, max(CASE WHEN live THEN ms END) AS max_ms, "
                + "count(CASE WHEN live THEN latency_ms END) AS n_latency, sum(CASE WHEN live THEN latency_ms END) AS sum_latency, "
                + "min(CASE WHEN live THEN latency_ms END) AS min_latency, max(CASE WHEN live THEN latency_ms END) AS max_latency, "
                + d.percentiles("CASE WHEN live THEN latency_ms END", 0.5, 0.95, 0.99) + " AS latency_p, "
                // Batch API use: the batch requests' cost and the same usage at standard rates
                + "sum(CASE WHEN live AND batch AND p.cost IS NOT NULL AND NOT cost_as_logged THEN request_count ELSE 0 END) AS batch_n, "
                + "sum(CASE WHEN live AND batch AND p.cost IS NOT NULL AND NOT cost_as_logged THEN p.cost END) AS batch_paid, "
                + "sum(CASE WHEN live AND batch AND p.cost IS NOT NULL AND NOT cost_as_logged THEN p.std_cost END) AS batch_std, "
                + "count(*) AS rows_read, sum(CASE WHEN estimated_tokens THEN 1 ELSE 0 END) AS estimated, "
                + "sum(CASE WHEN conflicting_tokens THEN 1 ELSE 0 END) AS conflicting, "
                + duplicates + " AS duplicates, "
                + "sum(CASE WHEN live THEN input_tokens END) AS t_in, sum(CASE WHEN live THEN cache_read_tokens END) AS t_cr, "
                + "sum(CASE WHEN live THEN cache_write_tokens + cache_write_1h_tokens END) AS t_cw, sum(CASE WHEN live THEN cache_write_1h_tokens END) AS t_cw1h, "
                + "sum(CASE WHEN live THEN output_tokens END) AS t_out, sum(CASE WHEN live THEN reasoning_tokens END) AS t_reas "
                + "FROM w";
    }

    /** The batch lever: live, successful, priced requests sent one by one of a batchable task type, at the batch rate. */
    public static String batchLever(Dialect d, List<String> batchable) {
        String in = batchable.isEmpty() ? "NULL" : batchable.stream().map(d::literal).collect(Collectors.joining(", "));
        return "SELECT sum(request_count) AS n, sum(p.cost - p.batch_cost) AS usd FROM w WHERE live AND NOT batch AND NOT error "
                + "AND p.cost IS NOT NULL AND lower(task_type) IN (" + in + ")";
    }

    /** The by_model table: one row a model as logged, with the provider of its first row (which prices it). */
    public static String byModel(Dialect d) {
        return "SELECT model, min(pos) AS first_pos, sum(request_count) AS requests, "
                + "sum(CASE WHEN error THEN request_count ELSE 0 END) AS errors, "
                + "sum(CASE WHEN cost_as_logged THEN request_count ELSE 0 END) AS billed, "
                + "sum(p.cost) AS cost, " + TOKENS + ", " + d.percentiles("latency_ms", 0.5, 0.95) + " AS latency_p "
                + "FROM w WHERE live GROUP BY model";
    }

    /** The provider of each model's first live row (the one its price is resolved with). */
    public static String firstProviders() {
        return "SELECT w.model, w.provider FROM w JOIN (SELECT model, min(pos) AS first_pos FROM w WHERE live GROUP BY model) f "
                + "ON w.pos = f.first_pos";
    }

    /** Which dated price priced each model: the distinct (model, provider, priced-on day) of the priced live rows. */
    public static String pricedDays() {
        return "SELECT model, provider, " + DAY + " AS day, sum(request_count) AS n FROM w "
                + "WHERE live AND p.priced AND NOT cost_as_logged GROUP BY model, provider, " + DAY + "";
    }

    /** Spend per UTC day (the daily series is laid on the calendar by the caller). */
    public static String daily() {
        return "SELECT " + DAY + " AS day, sum(request_count) AS requests, sum(p.cost) AS cost, " + TOKENS
                + " FROM w WHERE live GROUP BY " + DAY + "";
    }

    /**
     * Calls per session: every session id read counts a session (a copy replaced later too, as analyze interns it), its
     * calls those of its live rows.
     */
    public static String sessions(Dialect d) {
        return "SELECT count(*) AS n, sum(calls) AS total, max(calls) AS max_calls, " + d.percentiles("calls", 0.5, 0.95)
                + " AS p FROM (SELECT session_id, CAST(sum(CASE WHEN live THEN request_count ELSE 0 END) AS DOUBLE) AS calls "
                + "FROM w WHERE session_id IS NOT NULL GROUP BY session_id) s";
    }

    /** The ten most frequent error messages (their label: first line, redacted, at most 120 characters). */
    public static String topErrors(Dialect d) {
        return "SELECT msg, sum(request_count) AS n FROM (SELECT " + d.errorLabel("error_text") + " AS msg, request_count "
                + "FROM w WHERE live AND error) e GROUP BY msg ORDER BY n DESC, msg LIMIT 10";
    }

    /** The latency histogram: requests per log-spaced bin (the bin of each latency by techopt's own arithmetic). */
    public static String histogram(double lo, double step) {
        String bin = "techopt_latency_bin(latency_ms, " + dbl(lo) + ", " + dbl(step) + ")";
        return "SELECT " + bin + " AS k, count(*) AS n FROM w WHERE live AND latency_ms IS NOT NULL GROUP BY " + bin;
    }

    /** A double literal with every bit of its value (a plain decimal literal would be a DECIMAL in Spark). */
    public static String dbl(double x) {
        return "CAST('" + x + "' AS DOUBLE)";
    }

    /**
     * Repeats and the exact cache, in time order (file order breaks ties): a prompt repeats an earlier one; a repeat is a
     * hit when an earlier request of the prompt succeeded; a hit saves its cost.
     */
    public static String repeats() {
        return "SELECT count(*) AS with_prompt, count(DISTINCT prompt_key) AS distinct_prompts, "
                + "sum(CASE WHEN hit THEN 1 ELSE 0 END) AS hits, sum(CASE WHEN hit THEN p.cost END) AS usd "
                + "FROM (SELECT prompt_key, p, coalesce(max(CASE WHEN error THEN 0 ELSE 1 END) OVER (PARTITION BY prompt_key "
                + "ORDER BY ms, pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) = 1 AS hit "
                + "FROM w WHERE live AND prompt_key IS NOT NULL) r";
    }

    /**
     * {@link #repeats}'s rows for a runner whose window does not spill (DuckDB's failed on a 10M-request store at 256 MB):
     * the live rows with a prompt, narrowed to what the figures read, for {@link #firstSuccesses} and {@link #repeatsOf}.
     */
    public static String promptRows() {
        return "SELECT prompt_key, ms, pos, error, p.cost AS cost FROM w WHERE live AND prompt_key IS NOT NULL";
    }

    /** A row's place in time order, file order breaking ties, as one number (DuckDB's HUGEINT: pos is below 2^63). */
    private static final String TIME_ORDER = "((CAST(ms AS HUGEINT) << 64) + pos)";

    /**
     * Each prompt of the rows of {@code rows} (from {@link #promptRows}) where {@code part} holds (whole prompt keys): its
     * count and its first success in time order, file order breaking ties (null when every request of it failed).
     */
    public static String firstSuccesses(String rows, String part) {
        return "SELECT prompt_key, count(*) AS n, min(CASE WHEN error THEN NULL ELSE " + TIME_ORDER + " END) "
                + "AS first_ok FROM " + rows + " WHERE " + part + " GROUP BY prompt_key";
    }

    /**
     * {@link #repeats}'s figures without a window (DuckDB): a repeat is a hit when it comes after its prompt's first
     * success ({@code firsts}, from {@link #firstSuccesses} of the same part), so only the prompts' rows are joined.
     */
    public static String repeatsOf(String rows, String firsts) {
        return "SELECT (SELECT sum(n) FROM " + firsts + ") AS with_prompt, (SELECT count(*) FROM " + firsts
                + ") AS distinct_prompts, count(*) AS hits, sum(r.cost) AS usd FROM " + rows + " r JOIN " + firsts
                + " f ON r.prompt_key = f.prompt_key WHERE " + TIME_ORDER.replace("ms", "r.ms").replace("pos", "r.pos") + " > f.first_ok";
    }

    /** Requests without a prompt (the exact cache's lower-bound note). */
    public static String promptless() {
        return "SELECT sum(request_count) AS n FROM w WHERE live AND prompt_key IS NULL";
    }

    /**
     * The prompt-cache lever's offers, in read order: the last copy of each request id (review rev21b MED-2: an
     * earlier copy was offered too, and a log read twice doubled the lever) that succeeded, has a prompt, tokens and a
     * model whose price has a prompt cache. Each offers its breakpoints (c 0: the conversation before the last message, c 1: the system messages, unless they are the same
     * prefix) whose estimated tokens reach the model's minimum; {@code idx} is the offer's number from 1 (analyze forgets
     * entries older than the TTL at every 65,536th offer): a window over every offer when {@code numbered}, else the
     * runner numbers them (Spark: a sort and zipWithIndex, which does not gather the offers into one task).
     */
    public static String promptCacheOffers(boolean numbered) {
        String prompt = "(input_tokens + cache_read_tokens + cache_write_tokens + cache_write_1h_tokens)";
        return "SELECT pos, ms, model, input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, "
                + "output_tokens, reasoning_tokens, batch, provider, p.pc_min AS pc_min, "
                + (numbered ? "row_number() OVER (ORDER BY pos) AS idx, " : "")
                + "coalesce(conversation_key, 0) AS k0, "
                + "CASE WHEN coalesce(system_prefix_key, 0) = coalesce(conversation_key, 0) THEN 0 ELSE coalesce(system_prefix_key, 0) END AS k1, "
                + "CAST(floor(CAST(" + prompt + " AS DOUBLE) * coalesce(conversation_chars, 0) / prompt_chars + 0.5) AS BIGINT) AS tok0, "
                + "CAST(floor(CAST(" + prompt + " AS DOUBLE) * coalesce(system_prefix_chars, 0) / prompt_chars + 0.5) AS BIGINT) AS tok1 "
                + "FROM w WHERE live AND prompt_key IS NOT NULL AND NOT error AND p.pc_min IS NOT NULL AND " + prompt + " > 0 "
                + "AND coalesce(prompt_chars, 0) > 0";
    }

    /**
     * Each offered breakpoint with the previous offer of the same prefix and model: a hit when that one is within the TTL
     * (and not later), unless an offer between them forgot it ({@code prunes}: the 65,536th offers' numbers and times).
     */
    public static String promptCacheHits(Dialect d, long ttlMs, List<long[]> prunes) {
        String events = "SELECT pos, idx, ms, model, 0 AS c, k0 AS k, tok0 AS tok FROM o WHERE k0 <> 0 AND tok0 >= pc_min "
                + "UNION ALL SELECT pos, idx, ms, model, 1 AS c, k1 AS k, tok1 AS tok FROM o WHERE k1 <> 0 AND tok1 >= pc_min";
        String lagged = "SELECT pos, c, tok, ms, idx, "
                + "lag(ms) OVER (PARTITION BY k, model ORDER BY pos, c) AS last_ms, "
                + "lag(idx) OVER (PARTITION BY k, model ORDER BY pos, c) AS last_idx FROM (" + events + ") e";
        StringBuilder pruned = new StringBuilder("false");
        for (long[] p : prunes) {
            pruned.append(" OR (last_idx <= ").append(p[0]).append(" AND idx > ").append(p[0]).append(" AND ")
                    .append(p[1]).append(" - last_ms > ").append(ttlMs).append(")");
        }
        String hit = "(last_ms IS NOT NULL AND ms - last_ms <= " + ttlMs + " AND ms >= last_ms AND NOT (" + pruned + "))";
        return "SELECT pos, coalesce(max(CASE WHEN c = 0 AND " + hit + " AND tok > 0 THEN tok END), "
                + "max(CASE WHEN c = 1 AND " + hit + " AND tok > 0 THEN tok END), 0) AS hit_tokens, "
                + "max(tok) AS write_tokens FROM (" + lagged + ") l GROUP BY pos";
    }

    /** The lever's net over the offers that did not use caching already: reads saved less writes paid. */
    public static String promptCacheSaving() {
        return "SELECT sum(CASE WHEN h.hit_tokens > 0 THEN 1 ELSE 0 END) AS hits, "
                + "sum(CASE WHEN h.hit_tokens = 0 AND h.write_tokens > 0 THEN 1 ELSE 0 END) AS writes, "
                + "sum(techopt_prompt_cache_saving(o.model, o.provider, o.ms, o.input_tokens, o.cache_read_tokens, "
                + "o.cache_write_tokens, o.cache_write_1h_tokens, o.output_tokens, o.reasoning_tokens, o.batch, h.hit_tokens, "
                + "h.write_tokens)) AS usd "
                + "FROM o JOIN h ON o.pos = h.pos WHERE o.cache_read_tokens + o.cache_write_tokens + o.cache_write_1h_tokens = 0";
    }

    /**
     * {@link #promptCacheSaving}'s rows for a runner that adds up the savings itself (one without Java functions in SQL):
     * each offer that did not use caching already, with its hit and written tokens, in read order; of the offers where
     * {@code where} holds (a range of places, so that ranges in order give every offer in order).
     */
    public static String promptCacheSavingRows(String where) {
        return "SELECT o.model, o.provider, o.ms, o.input_tokens, o.cache_read_tokens, o.cache_write_tokens, "
                + "o.cache_write_1h_tokens, o.output_tokens, o.reasoning_tokens, o.batch, h.hit_tokens, h.write_tokens "
                + "FROM o JOIN h ON o.pos = h.pos WHERE o.cache_read_tokens + o.cache_write_tokens + o.cache_write_1h_tokens = 0 "
                + "AND " + where + " ORDER BY o.pos";
    }

    /** {@link #histogram}'s input for a runner that bins in Java: each latency of the live rows and how often it occurs. */
    public static String latencies() {
        return "SELECT latency_ms, count(*) AS n FROM w WHERE live AND latency_ms IS NOT NULL GROUP BY latency_ms";
    }

    /**
     * A --group-by table's groups: {@code dims} are SQL expressions over {@code w} (provider's through the {@code pg}
     * relation of each (model, provider)'s group, joined by the caller), {@code where} narrows the rows;
     * {@code first_pos}, the group's first live row, orders groups of equal cost and requests as analyze does.
     */
    public static String groups(Dialect d, List<String> dims, String from, String where) {
        String keys = String.join(", ", dims);
        StringBuilder sel = new StringBuilder();
        for (int i = 0; i < dims.size(); i++) {
            sel.append(dims.get(i)).append(" AS k").append(i).append(", ");
        }
        return "SELECT " + sel + "min(pos) AS first_pos, sum(request_count) AS requests, "
                + "sum(CASE WHEN error THEN request_count ELSE 0 END) AS errors, "
                + "sum(CASE WHEN p.cost IS NULL THEN request_count ELSE 0 END) AS unpriced, sum(p.cost) AS cost, " + TOKENS
                + ", " + d.percentiles("latency_ms", 0.5, 0.95) + " AS latency_p "
                + "FROM " + from + " WHERE live" + (where.isEmpty() ? "" : " AND " + where) + " GROUP BY " + keys;
    }

    /** The rows of {@code w} left out of a group table's top groups (the shown keys in relation {@code shown}). */
    public static String restOf(Dialect d, List<String> dims, String from) {
        StringBuilder on = new StringBuilder();
        for (int i = 0; i < dims.size(); i++) {
            on.append(i == 0 ? "" : " AND ").append(d.nullSafeEq(dims.get(i), "shown.k" + i));
        }
        return "SELECT " + d.percentiles("latency_ms", 0.5, 0.95) + " AS latency_p FROM " + from
                + " " + d.antiJoin() + " shown ON " + on + " WHERE live";
    }

}
