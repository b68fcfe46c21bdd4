package io.techopt.ingest;

import io.techopt.core.LogRecord;
import io.techopt.core.Usage;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CSV usage exports with a header row: one row per request, or per day/model aggregate when a {@code requests}
 * column says how many requests a row stands for. Columns are matched by name, ignoring case and punctuation.
 * A {@code prompt_tokens} column follows OpenAI's convention (cached tokens included), {@code input_tokens}
 * the canonical one.
 */
public final class CsvFormat {
    private static final Map<String, String> ALIASES = new HashMap<>();
    private static final java.util.regex.Pattern HTTP_ERROR = java.util.regex.Pattern.compile("[45]\\d\\d");

    static {
        alias("timestamp", "timestamp", "time", "date", "datetime", "createdat", "starttime", "requesttime", "day", "usagedate",
                "chargeperiodstart");
        alias("model", "model", "modelname", "modelid", "xmodel");
        alias("provider", "provider", "providername", "vendor");
        alias("input", "inputtokens", "contexttokens", "ncontexttokens", "uncachedinputtokens");
        alias("prompt", "prompttokens", "ninputtokens", "totalinputtokens", "xinputtokens");
        alias("output", "outputtokens", "completiontokens", "generatedtokens", "ngeneratedtokens", "xoutputtokens");
        alias("cache_read", "cachereadinputtokens", "cachedtokens", "cachedinputtokens", "cachereadtokens", "xcachedinputtokens");
        alias("cache_write", "cachecreationinputtokens", "cachewritetokens", "cachewriteinputtokens", "xcachewritetokens");
        alias("reasoning", "reasoningtokens", "xreasoningtokens");
        alias("cost", "costusd", "cost", "spend", "responsecost", "billedcost", "amountusd");
        alias("latency", "latencyms", "durationms", "responsetimems");
        alias("user", "user", "userid", "enduser");
        alias("team", "team", "teamid", "teamalias");
        alias("session", "sessionid", "conversationid");
        alias("task", "tasktype", "task");
        alias("request_id", "requestid", "id");
        alias("status", "status");
        alias("batch", "batch");
        alias("requests", "requests", "requestcount", "numrequests", "nrequests", "xrequests");
    }

    private static void alias(String field, String... names) {
        for (String n : names) {
            ALIASES.put(n, field);
        }
    }

    private final Map<String, Integer> columns = new HashMap<>();
    /** Cells a row must have: as many as the header. */
    private final int width;
    private final List<String> names;
    private final String defaultModel;
    /** A FOCUS billing export, or a file with costs and no tokens: its cost column is the cost. */
    private final boolean costAsLogged;

    public CsvFormat(List<String> header, String defaultModel) throws BadInputException {
        this.width = header.size();
        this.names = List.copyOf(header.stream().map(h -> io.techopt.core.Redactor.redact(h.strip())).map(h -> h.length() > 40 ? h.substring(0, 40) + "…" : h).toList());
        for (int i = 0; i < header.size(); i++) {
            String key = header.get(i).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            String field = ALIASES.get(key);
            if (field != null) {
                columns.putIfAbsent(field, i);
            }
        }
        this.defaultModel = defaultModel;
        if (!columns.containsKey("timestamp")) {
            throw new BadInputException("CSV header has no timestamp column (timestamp, time, date …)");
        }
        boolean tokens = columns.containsKey("input") || columns.containsKey("prompt") || columns.containsKey("output");
        boolean focus = header.stream().anyMatch(h -> h.trim().equals("BilledCost"))
                && header.stream().anyMatch(h -> h.trim().equals("ChargePeriodStart"));
        if (!tokens && !columns.containsKey("cost")) {
            throw new BadInputException("CSV header has no token columns (input_tokens, prompt_tokens, output_tokens …) "
                    + "and no cost column");
        }
        this.costAsLogged = focus || !tokens;
    }

    public boolean hasModelColumn() {
        return columns.containsKey("model");
    }

    /** Rows stand for several requests each. */
    public boolean isAggregate() {
        return columns.containsKey("requests");
    }

    public LogRecord map(List<String> row) throws BadInputException {
        if (row.size() != width) {
            throw new BadInputException("row has " + row.size() + " cell" + (row.size() == 1 ? "" : "s") + " but the header has "
                    + width + " (a cell is missing or one too many; a comma inside a value must be quoted)");
        }
        for (int i = 0; i < row.size(); i++) {
            String c = row.get(i);
            for (int k = 0; k < c.length(); k++) {
                char ch = c.charAt(k);
                if ((ch < ' ' && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7F) {
                    throw new BadInputException("control character U+" + String.format("%04X", (int) ch) + " in cell " + (i + 1)
                            + (names.get(i).isEmpty() ? "" : " ('" + names.get(i) + "')"));
                }
            }
        }
        LogRecord.Builder r = new LogRecord.Builder();
        String ts = cell(row, "timestamp");
        if (ts == null) {
            throw new BadInputException("empty timestamp");
        }
        r.timestampMs = Timestamps.parse(ts);
        r.model = cell(row, "model");
        if (r.model == null) {
            r.model = defaultModel != null ? defaultModel : "(no model)";
        }
        r.provider = cell(row, "provider");
        r.user = cell(row, "user");
        r.team = cell(row, "team");
        r.sessionId = cell(row, "session");
        r.taskType = cell(row, "task");
        r.requestId = cell(row, "request_id");
        String status = cell(row, "status");
        r.error = status != null && (status.equalsIgnoreCase("error") || status.equalsIgnoreCase("failure")
                || HTTP_ERROR.matcher(status).matches());
        r.batch = "true".equalsIgnoreCase(cell(row, "batch"));
        r.latencyMs = number(row, "latency");
        r.loggedCostUsd = number(row, "cost");
        long cacheRead = tokens(row, "cache_read");
        long cacheWrite = tokens(row, "cache_write");
        long input;
        if (columns.containsKey("input")) {
            input = tokens(row, "input");
        } else {
            input = Math.max(0, tokens(row, "prompt") - cacheRead - cacheWrite);
        }
        long output = tokens(row, "output");
        r.count = requests(row);
        r.usage = new Usage(input, cacheRead, cacheWrite, 0, output, tokens(row, "reasoning"));
        long ceiling = UsageNormalizer.MAX_TOKENS * Math.max(1, r.count);
        for (long v : new long[]{input, cacheRead, cacheWrite, output, r.usage.reasoningTokens()}) {
            if (v > ceiling) {
                throw new BadInputException("token count" + UsageNormalizer.ABOVE + (r.count > 1 ? " (" + r.count + " requests)" : ""));
            }
        }
        r.costAsLogged = costAsLogged;
        if (costAsLogged && Double.isNaN(r.loggedCostUsd)) {
            throw new BadInputException("empty cost in a cost-only file");
        }
        return r.build();
    }

    /** How many requests the row stands for (1 unless a requests column says otherwise). */
    public long requests(List<String> row) throws BadInputException {
        if (!columns.containsKey("requests")) {
            return 1;
        }
        long n = tokens(row, "requests");
        if (n > 1_000_000_000L) {
            throw new BadInputException("column '" + header("requests") + "' above 10^9");
        }
        return n;
    }

    /** The column's header as the file writes it (input_tokens, not the field name input), for error messages. */
    private String header(String field) {
        Integer i = columns.get(field);
        return i == null || names.get(i).isEmpty() ? field : names.get(i);
    }

    private String cell(List<String> row, String field) {
        Integer i = columns.get(field);
        if (i == null || i >= row.size()) {
            return null;
        }
        String s = row.get(i).strip();
        return s.isEmpty() ? null : s;
    }

    private long tokens(List<String> row, String field) throws BadInputException {
        String s = cell(row, field);
        if (s == null) {
            return 0;
        }
        s = row.get(columns.get(field)); // unstripped: " 12" is not digits (the one rule of every format)
        // up to 10^9 per request the row stands for: map() checks that once it knows how many
        return UsageNormalizer.countText(s, "column '" + header(field) + "'", UsageNormalizer.MAX_TOKENS * 1_000_000_000L);
    }

    private double number(List<String> row, String field) throws BadInputException {
        String s = cell(row, field);
        if (s == null) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(s.replace("$", ""));
            if (!Double.isFinite(v)) {
                throw new BadInputException("column '" + header(field) + "' must be a finite number");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException("column '" + header(field) + "' is not a number");
        }
    }

    /**
     * RFC 4180 reader: quoted fields may hold commas, quotes ("") and newlines. A quoted field still open at the end
     * of input, or after {@link #MAX_QUOTED_LINES} lines / {@link #MAX_QUOTED_CHARS} characters, makes its row bad
     * ({@link #badReason()}) and reading resumes at the line after the one the row started on.
     */
    public static final class Rows {
        static final int MAX_QUOTED_LINES = 100;
        static final int MAX_QUOTED_CHARS = 1 << 20;
        private final Reader in;
        private long line = 1;
        private long rowStartLine = 1;
        private int peeked = -2;
        private final StringBuilder raw = new StringBuilder(); // the current row as read, to resync from
        private String pushback = "";
        private int pushIdx;
        private String badReason;

        public Rows(Reader in) {
            this.in = in;
        }

        /** Line on which the last returned row started. */
        public long rowLine() {
            return rowStartLine;
        }

        /** Why the last returned row is bad (an unterminated quoted field), or null. */
        public String badReason() {
            return badReason;
        }

        private int read() throws IOException {
            int c;
            if (peeked != -2) {
                c = peeked;
                peeked = -2;
            } else if (pushIdx < pushback.length()) {
                c = pushback.charAt(pushIdx++);
            } else {
                c = in.read();
            }
            if (c >= 0) {
                raw.append((char) c);
            }
            return c;
        }

        /** Gives up the open quoted field: the row is bad, and everything after its first line is read again. */
        private List<String> unterminated(List<String> row) throws IOException {
            int nl = raw.indexOf("\n");
            if (nl < 0) {
                // given up (the cell cap) before its own line ended: the rest of that line is this row, not another
                int c;
                do {
                    raw.setLength(0);
                    c = read();
                } while (c != '\n' && c != -1);
                raw.setLength(0);
                line = rowStartLine + (c == '\n' ? 1 : 0);
            } else {
                pushback = raw.substring(nl + 1) + pushback.substring(pushIdx);
                pushIdx = 0;
                peeked = -2;
                line = rowStartLine + 1;
            }
            badReason = "unterminated quoted field (a '\"' opens a cell that does not close"
                    + (nl < 0 ? "" : " on this line") + "); row skipped";
            row.clear();
            row.add("");
            return row;
        }

        /** Next row, or null at end of input. */
        public List<String> next() throws IOException {
            badReason = null;
            int c = read();
            while (c == '\r' || c == '\n') {
                if (c == '\n') {
                    line++;
                }
                c = read();
            }
            if (c == -1) {
                return null;
            }
            rowStartLine = line;
            raw.setLength(0);
            raw.append((char) c);
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            int quotedLines = 0;
            while (true) {
                if (quoted) {
                    if (c == -1 || quotedLines > MAX_QUOTED_LINES || cell.length() > MAX_QUOTED_CHARS) {
                        return unterminated(row);
                    }
                    if (c == '"') {
                        int d = read();
                        if (d == '"') {
                            cell.append('"');
                        } else {
                            quoted = false;
                            c = d;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                            quotedLines++;
                        }
                        cell.append((char) c);
                    }
                } else if (c == '"' && cell.length() == 0) {
                    quoted = true;
                    quotedLines = 0;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n' || c == '\r' || c == -1) {
                    row.add(cell.toString());
                    if (c == '\r') {
                        int d = read();
                        if (d != '\n') {
                            peeked = d;
                        } else {
                            line++;
                        }
                    } else if (c == '\n') {
                        line++;
                    }
                    return row;
                } else {
                    cell.append((char) c);
                }
                c = read();
            }
        }
    }
}
