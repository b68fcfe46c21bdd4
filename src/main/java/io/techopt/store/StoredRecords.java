package io.techopt.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.techopt.core.LogRecord;
import io.techopt.core.Message;
import io.techopt.core.PromptKey;
import io.techopt.core.Redactor;
import io.techopt.core.Usage;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.RecordSink;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Reads a store back as the records its logs gave, into the sink a command feeds from raw logs, so every figure comes
 * from the one code path: every stored row (repeated request ids included: the sink's last-copy rule keeps the last, as
 * on the logs), in the order the logs were read (source, then row), only from the day partitions that meet the window.
 * Prices are not read: the sink prices the stored tokens with the run's price book, as it prices a log. What reading a
 * log warned of is what its ingest warned of, for the whole log (as the manifest keeps it).
 */
final class StoredRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Records prepared together on the common pool, then accepted in order (as a log's chunk is). */
    private static final int CHUNK = 2048;

    private StoredRecords() {
    }

    /** The read_parquet of {@code files} (without the day column: each file's rows are one day's), with {@code options}. */
    private static String rows(List<Path> files, String options) {
        return files.stream().map(p -> "'" + DuckDbUsageStore.sql(p.toString()) + "'")
                .collect(Collectors.joining(", ", "read_parquet([", "], hive_partitioning = false" + options + ")"));
    }

    /**
     * The stored request ids that two raw ids redacted alike (two API keys, say): request_key, the raw id's hash, tells
     * them apart, so such an id gets its key appended and no sink's last-copy rule takes one for the other. Only an id
     * the redactor changed holds its mask or a pseudonym, so only those are grouped (every id of 2M did not fit in
     * 32 MB); a query of its own, as joined to every row it made DuckDB hold the rows (20,000 did not fit in 16 MB).
     */
    static String ambiguousIds(List<Path> files) {
        return "SELECT request_id FROM " + rows(files, "") + " WHERE contains(request_id, '" + Redactor.MASK + "') "
                + "OR contains(request_id, '<email:') GROUP BY request_id HAVING min(request_key) <> max(request_key)";
    }

    /**
     * The SELECT of the rows of {@code files} in read order; with {@code lastCopies}, also {@code live}: whether the row
     * is the last copy of its request id (by table {@link #REPEATED}).
     */
    static String query(List<Path> files, boolean lastCopies, String live) {
        return "SELECT seq, ord, line, epoch_ms(ts) AS ms, relative_time, request_id, r.request_key AS request_key, "
                + "model, provider, user_id, team, session_id, task_type, input_tokens, cache_read_tokens, cache_write_tokens, "
                + "cache_write_1h_tokens, output_tokens, reasoning_tokens, request_count, estimated_tokens, conflicting_tokens, "
                + "non_text_content, latency_ms, error, error_text, batch, logged_cost_usd, cost_as_logged, prompt_key, "
                + "prompt_chars, system_prefix_key, system_prefix_chars, conversation_key, conversation_chars, quality, "
                + "experiment, variant, messages, response"
                + (lastCopies ? ", lc.last_pos IS NULL OR lc.last_pos = " + StoreSchema.POSITION + " AS live FROM " + rows(files, "")
                + " r LEFT JOIN " + REPEATED + " lc ON r.request_key = lc.request_key" : " FROM " + rows(files, "") + " r")
                + " WHERE " + live + " ORDER BY seq, ord";
    }

    /** The temporary table of {@link #repeatedIds} while a read hands over last copies only. */
    private static final String REPEATED = "stored_repeated_ids";

    /** One file's source and the range of its rows' places in that source. */
    private record FileRange(Path file, int seq, long firstOrd, long lastOrd) {
    }

    /**
     * The files in groups whose rows, sorted group by group and the groups read one after the other, come in read order
     * (source, then row): each file alone when the files of its source hold disjoint ranges of rows (a log in time order:
     * one file a day), else all the files of that source together. So the sort DuckDB keeps in memory is a day of one
     * log, not the whole store (sorting 2M rows at once needed more than 64 MB, and grows with the store).
     */
    private static List<List<Path>> readOrder(Statement st, List<Path> files) throws SQLException {
        Map<String, Path> byName = new HashMap<>();
        files.forEach(p -> byName.put(p.toString(), p));
        List<FileRange> ranges = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT filename, min(seq), min(ord), max(ord) FROM "
                + rows(files, ", filename = true") + " GROUP BY filename")) {
            while (rs.next()) {
                ranges.add(new FileRange(byName.get(rs.getString(1)), rs.getInt(2), rs.getLong(3), rs.getLong(4)));
            }
        }
        ranges.sort(Comparator.comparingInt(FileRange::seq).thenComparingLong(FileRange::firstOrd));
        List<List<Path>> groups = new ArrayList<>();
        for (int from = 0; from < ranges.size(); ) {
            int to = from + 1;
            boolean disjoint = true;
            for (; to < ranges.size() && ranges.get(to).seq() == ranges.get(from).seq(); to++) {
                disjoint &= ranges.get(to - 1).lastOrd() < ranges.get(to).firstOrd();
            }
            List<Path> source = ranges.subList(from, to).stream().map(FileRange::file).toList();
            if (disjoint) {
                source.forEach(f -> groups.add(List.of(f)));
            } else {
                groups.add(source);
            }
            from = to;
        }
        return groups;
    }

    /**
     * Feeds the stored requests with a time in [sinceMs, untilMs) to the sink (those outside are counted as filtered,
     * as a log's are) and returns the counts a log's read would: lines, requests, bad lines and ignored lines of every
     * source (from the manifest), requests outside the window, the formats the sources were read as.
     */
    static IngestStats read(Connection c, StoreManifest manifest, List<Path> files, long sinceMs, long untilMs,
                            RecordSink sink, io.techopt.core.Progress progress) throws IOException {
        IngestStats stats = new IngestStats();
        long stored = 0;
        for (StoreManifest.Source s : manifest.sources()) {
            stats.files++;
            stats.badLines += s.badLines();
            stats.ignored += s.ignoredLines();
            // a line can hold several requests (a JSON document, a trace): the count ingest saw, else its least
            stats.lines += s.lines() > 0 || s.rows() == 0 ? s.lines() : s.rows() + s.badLines() + s.ignoredLines();
            if (s.warnings() != null) {
                s.warnings().stream().filter(w -> !stats.warnings.contains(w)).forEach(stats.warnings::add);
            }
            stored += s.rows();
            stats.formats.put(s.name(), s.format() == null ? "techopt store" : s.format());
            if (s.firstRequest() != null) {
                stats.firstRequestMs = Math.min(stats.firstRequestMs, Instant.parse(s.firstRequest()).toEpochMilli());
                stats.lastRequestMs = Math.max(stats.lastRequestMs, Instant.parse(s.lastRequest()).toEpochMilli());
            }
        }
        // rows a later source replaced (a Langfuse update merged into its stored create) are not read: the merged row is the request
        stored -= manifest.replacedRows().size();
        String live = manifest.notReplaced();
        long read = 0;
        if (!files.isEmpty()) {
            try (Statement st = c.createStatement()) {
                Set<String> ambiguous = new HashSet<>();
                try (ResultSet rs = st.executeQuery(ambiguousIds(files))) {
                    while (rs.next()) {
                        ambiguous.add(rs.getString(1));
                    }
                }
                boolean lastCopies = lastCopiesOnly(st, files, sinceMs, untilMs, stored, sink, live);
                List<LogRecord> chunk = new ArrayList<>(CHUNK);
                for (List<Path> group : readOrder(st, files)) {
                    try (ResultSet rs = st.executeQuery(query(group, lastCopies, live))) {
                        while (rs.next()) {
                            read++;
                            if ((read & 4095) == 0) {
                                progress.at("reading stored rows", read, stored); // the rows of every day: the window's are fewer
                            }
                            LogRecord r = record(rs, ambiguous);
                            if (r.timestampMs < sinceMs || r.timestampMs >= untilMs) {
                                stats.filtered++;
                                continue;
                            }
                            if (lastCopies && !rs.getBoolean("live")) {
                                count(r, sink, stats); // an earlier copy: read and counted as on the log, its last copy accepted
                                continue;
                            }
                            chunk.add(r);
                            if (chunk.size() == CHUNK) {
                                deliver(chunk, sink, stats);
                            }
                        }
                    }
                }
                deliver(chunk, sink, stats);
                progress.at("reading stored rows", stored, stored);
                st.execute("DROP TABLE IF EXISTS " + REPEATED);
            } catch (SQLException e) {
                throw DuckDbErrors.failure("could not read the store", e, c, files);
            }
        }
        stats.filtered += stored - read; // the rows of the days not opened lie outside the window
        return stats;
    }

    /**
     * For a sink that {@link RecordSink#takesLastCopiesOnly}: table {@link #REPEATED} marks the rows to hand over, and the
     * sink is told how many earlier copies in the window are left out. Returns whether the read hands over last copies only.
     */
    private static boolean lastCopiesOnly(Statement st, List<Path> files, long sinceMs, long untilMs, long stored,
            RecordSink sink, String live) throws SQLException {
        if (!sink.takesLastCopiesOnly()) {
            return false;
        }
        RepeatedIds.create(st, REPEATED, rows(files, ""), StoreSchema.window(sinceMs, untilMs) + " AND " + live, stored);
        try (ResultSet rs = st.executeQuery("SELECT coalesce(sum(copies) - count(*), 0) FROM " + REPEATED)) {
            rs.next();
            sink.earlierCopiesLeftOut(rs.getLong(1));
        }
        return true;
    }

    /** Counts a record read as a log's read counts it: among the requests, or outside the window when the sink says so. */
    private static void count(LogRecord r, RecordSink sink, IngestStats stats) {
        if (!sink.counted(r)) {
            stats.filtered++;
            return;
        }
        stats.records++;
        stats.conflictingTokens += r.conflictingTokens ? 1 : 0;
        stats.estimated += r.estimated ? 1 : 0;
    }

    /** Prepares a chunk in parallel (as parser threads do), then accepts it in order, counting as a log's read counts. */
    private static void deliver(List<LogRecord> chunk, RecordSink sink, IngestStats stats) {
        LogRecord[] prepared = new LogRecord[chunk.size()];
        IntStream.range(0, prepared.length).parallel().forEach(i -> prepared[i] = sink.prepare(chunk.get(i)));
        for (LogRecord r : prepared) {
            count(r, sink, stats);
            sink.accept(r);
        }
        chunk.clear();
    }

    static LogRecord record(ResultSet rs, Set<String> ambiguous) throws SQLException {
        LogRecord.Builder b = new LogRecord.Builder();
        b.line = rs.getLong("line");
        b.timestampMs = rs.getLong("ms");
        b.relativeTime = rs.getBoolean("relative_time");
        b.requestId = rs.getString("request_id");
        if (b.requestId != null && ambiguous.contains(b.requestId)) {
            b.requestId += " #" + String.format("%016x", rs.getLong("request_key"));
        }
        b.model = rs.getString("model");
        b.provider = rs.getString("provider");
        b.user = rs.getString("user_id");
        b.team = rs.getString("team");
        b.sessionId = rs.getString("session_id");
        b.taskType = rs.getString("task_type");
        b.usage = new Usage(rs.getLong("input_tokens"), rs.getLong("cache_read_tokens"), rs.getLong("cache_write_tokens"),
                rs.getLong("cache_write_1h_tokens"), rs.getLong("output_tokens"), rs.getLong("reasoning_tokens"));
        b.count = rs.getLong("request_count");
        b.estimated = rs.getBoolean("estimated_tokens");
        b.conflictingTokens = rs.getBoolean("conflicting_tokens");
        b.nonTextContent = rs.getBoolean("non_text_content");
        b.latencyMs = number(rs, "latency_ms");
        b.error = rs.getBoolean("error");
        b.errorText = rs.getString("error_text");
        b.batch = rs.getBoolean("batch");
        b.loggedCostUsd = number(rs, "logged_cost_usd");
        b.costAsLogged = rs.getBoolean("cost_as_logged");
        b.quality = number(rs, "quality");
        b.experiment = rs.getString("experiment");
        b.variant = rs.getString("variant");
        b.messages = messages(rs.getString("messages"));
        b.response = rs.getString("response");
        long key = rs.getLong("prompt_key");
        if (!rs.wasNull()) {
            long sys = rs.getLong("system_prefix_key");
            int sysChars = rs.getInt("system_prefix_chars");
            long hist = rs.getLong("conversation_key");
            int histChars = rs.getInt("conversation_chars");
            b.derived = b.derived.with(PromptKey.STORED,
                    new PromptKey.Info(key, sys, sysChars, hist, histChars, rs.getInt("prompt_chars")));
        }
        return b.build();
    }

    private static double number(ResultSet rs, String col) throws SQLException {
        double d = rs.getDouble(col);
        return rs.wasNull() ? Double.NaN : d;
    }

    /** The prompt of a --keep-text store ({@code [{role, content}]}, redacted at ingest); null without text. */
    private static List<Message> messages(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            JsonNode a = JSON.readTree(json);
            List<Message> out = new ArrayList<>(a.size());
            for (JsonNode m : a) {
                out.add(new Message(m.path("role").asText(), m.path("content").asText()));
            }
            return out;
        } catch (IOException e) {
            throw new SQLException("a stored prompt is not the JSON ingest writes: " + e.getMessage(), e);
        }
    }
}
