package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.techopt.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile logs from valid lines of every input format (byte flips, cuts, deep nesting, numbers at the edges, wrong
 * types, duplicated keys, BOM, CRLF, NUL, invalid UTF-8, huge strings, implausible times), and the checks every
 * command that reads logs must pass on them. Used by {@link IngestFuzzTest} (small, in the suite) and
 * {@code bench/fuzz.sh} (1M+ lines).
 */
public final class LogFuzzer {
    public enum Format { CANONICAL, OPENAI, LITELLM, LANGFUSE, OTEL, CSV }

    static final String CSV_HEADER = "timestamp,request_id,model,input_tokens,output_tokens,cost_usd,team";

    private static final Map<Format, List<String>> SEEDS = Map.of(
            Format.CANONICAL, List.of(
                    "{\"timestamp\":\"%ISO%\",\"request_id\":\"r%ID%\",\"model\":\"gpt-4o-mini\",\"provider\":\"openai\",\"user\":\"u1\","
                            + "\"team\":\"t1\",\"task_type\":\"simple_qa\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of "
                            + "France? %ID%\"}],\"response\":\"Paris\",\"latency_ms\":120.5,\"cost_usd\":0.0001,\"experiment\":\"exp\","
                            + "\"variant\":\"a\",\"quality\":0.9,\"usage\":{\"input_tokens\":100,\"output_tokens\":20,\"cache_read_input_tokens\":5}}",
                    "{\"timestamp\":%MS%,\"request_id\":\"r%ID%\",\"model\":\"claude-sonnet-4-20250514\",\"session_id\":\"s1\",\"experiment\":\"exp\","
                            + "\"variant\":\"b\",\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":40,\"prompt_tokens_details\":{\"cached_tokens\":100}}}",
                    "{\"timestamp\":\"%ISO%\",\"request_id\":\"r%ID%\",\"model\":\"gemini-2.5-flash\",\"status\":\"ok\",\"usage\":{\"usageMetadata\":"
                            + "{\"promptTokenCount\":200,\"candidatesTokenCount\":30,\"cachedContentTokenCount\":50,\"thoughtsTokenCount\":10}}}",
                    "{\"timestamp\":\"%ISO%\",\"request_id\":\"r%ID%\",\"model\":\"anthropic.claude-3-haiku-20240307-v1:0\",\"usage\":"
                            + "{\"inputTokens\":50,\"outputTokens\":5,\"cacheReadInputTokens\":3}}",
                    "{\"timestamp\":\"%ISO%\",\"request_id\":\"r%ID%\",\"model\":\"command-r\",\"batch\":false,\"usage\":{\"meta\":"
                            + "{\"billed_units\":{\"input_tokens\":40,\"output_tokens\":8}}}}"),
            Format.OPENAI, List.of(
                    "{\"object\":\"chat.completion\",\"id\":\"c%ID%\",\"created\":%SEC%,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                            + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}],\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":7,"
                            + "\"prompt_tokens_details\":{\"cached_tokens\":10},\"completion_tokens_details\":{\"reasoning_tokens\":2}}}",
                    "{\"id\":\"b%ID%\",\"custom_id\":\"q%ID%\",\"response\":{\"status_code\":200,\"body\":{\"object\":\"chat.completion\","
                            + "\"id\":\"cb%ID%\",\"created\":%SEC%,\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,"
                            + "\"completion_tokens\":3}}},\"error\":null}"),
            Format.LITELLM, List.of(
                    "{\"id\":\"l%ID%\",\"call_type\":\"completion\",\"startTime\":%SEC%.25,\"endTime\":%SEC%.75,\"model\":\"gpt-4o-mini\","
                            + "\"custom_llm_provider\":\"openai\",\"response_cost\":0.0002,\"prompt_tokens\":80,\"completion_tokens\":9,"
                            + "\"status\":\"success\",\"messages\":[{\"role\":\"user\",\"content\":\"hello %ID%\"}],"
                            + "\"metadata\":{\"user_api_key_team_alias\":\"t1\"}}"),
            Format.LANGFUSE, List.of(
                    "{\"id\":\"g%ID%\",\"type\":\"GENERATION\",\"traceId\":\"t%ID%\",\"startTime\":\"%ISO%\",\"endTime\":\"%ISO%\","
                            + "\"model\":\"gpt-4o-mini\",\"usageDetails\":{\"input\":60,\"output\":12,\"total\":72},\"costDetails\":{\"total\":0.0001}}"),
            Format.OTEL, List.of(
                    "{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{\"spans\":[{\"spanId\":\"s%ID%\","
                            + "\"startTimeUnixNano\":\"%NANO%\",\"endTimeUnixNano\":\"%NANO%\",\"attributes\":[{\"key\":\"gen_ai.request.model\","
                            + "\"value\":{\"stringValue\":\"gpt-4o-mini\"}},{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"70\"}},"
                            + "{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"intValue\":\"9\"}}]}]}]}]}"),
            Format.CSV, List.of("%ISO%,r%ID%,gpt-4o-mini,100,20,0.0001,t1"));

    private static final String[] EDGE_NUMBERS = {"-1", "0", "1e30", "-1e15", "1e15", "1e300", "-1e300", "18446744073709551616",
            "9223372036854775807", "-9223372036854775808", "1.5", "1e-300", "1000000001", "999999999", "-0", "0.0", "1E+2",
            "123456789012345678901234567890", "\"12\"", "\"-5\"", "\"1e400\""};
    private static final String[] WRONG_TYPES = {"true", "false", "null", "[]", "{}", "\"x\"", "[1,2]", "{\"a\":1}", "\"\"", "-1"};
    private static final String[] EDGE_TIMES = {"\"0001-01-01T00:00:00Z\"", "-1e15", "1e15", "1e300", "\"2126-01-01T00:00:00Z\"",
            "\"2019-12-31T23:59:59Z\"", "0", "-1", "\"9999-12-31T23:59:59Z\"", "\"2026-02-30T00:00:00Z\"", "\"+999999999-01-01\""};
    /** A JSON string, matched without backtracking (possessive), so a 2 MB string cannot overflow the stack. */
    private static final String STRING = "\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"";
    private static final Pattern VALUE = Pattern.compile(":(" + STRING + "|-?\\d[\\d.eE+-]*+|true|false|null)");
    private static final Pattern NUMBER = Pattern.compile(":(\"?)(-?\\d[\\d.eE+-]*+)\\1");
    private static final Pattern KEY_VALUE = Pattern.compile("(\"[A-Za-z_.]+\"):(" + STRING + "|-?\\d[\\d.eE+-]*+|true|false|null)");
    private static final Pattern TIME = Pattern.compile("(\"(?:timestamp|startTime|created|startTimeUnixNano)\"):(\"[^\"]*\"|[\\d.]+)");

    private final Random rnd;
    private final int hugeString;

    /** @param hugeString length of the huge strings some mutations plant */
    public LogFuzzer(long seed, int hugeString) {
        this.rnd = new Random(seed);
        this.hugeString = hugeString;
    }

    /** A log of {@code lines} lines (plus a header for CSV); about half mutated, at least three left valid. */
    public byte[] log(Format f, int lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (f == Format.CSV) {
            out.writeBytes((CSV_HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        }
        List<String> seeds = SEEDS.get(f);
        for (int i = 0; i < lines; i++) {
            String line = seeds.get(rnd.nextInt(seeds.size()));
            line = fill(line, i);
            boolean keep = i % Math.max(1, lines / 3) == 0;
            byte[] b = keep || rnd.nextBoolean() ? line.getBytes(StandardCharsets.UTF_8) : mutate(line, f == Format.CSV);
            out.writeBytes(b);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private String fill(String s, int id) {
        long ms = 1_790_000_000_000L + rnd.nextInt(27 * 86_400) * 1000L + rnd.nextInt(1000); // Sept-Oct 2026
        String iso = java.time.Instant.ofEpochMilli(ms).toString();
        return s.replace("%ID%", Integer.toString(id)).replace("%ISO%", iso).replace("%MS%", Long.toString(ms))
                .replace("%SEC%", Long.toString(ms / 1000)).replace("%NANO%", Long.toString(ms) + "000000");
    }

    private byte[] mutate(String line, boolean csv) {
        if (line.isEmpty()) {
            return new byte[]{'{'}; // an earlier mutation cut it all
        }
        int kind = rnd.nextInt(14);
        String s = line;
        switch (kind) {
            case 0 -> { // byte flip
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                return b;
            }
            case 1 -> s = s.substring(0, rnd.nextInt(s.length())); // cut short
            case 2 -> { // deep nesting
                int depth = new int[]{10, 300, 1999, 2500, 50_000}[rnd.nextInt(5)];
                String deep = "[".repeat(depth) + "0" + "]".repeat(depth);
                s = csv ? s + "," + deep : "{\"deep\":" + deep + "," + s.substring(1);
            }
            case 3 -> s = csv ? replaceCell(s, pick(EDGE_NUMBERS).replace("\"", "")) : replaceOne(NUMBER, s, m -> ":" + pick(EDGE_NUMBERS));
            case 4 -> s = csv ? replaceCell(s, pick(new String[]{"true", "", "x", "\"a,b\"", "[]"})) : replaceOne(VALUE, s, m -> ":" + pick(WRONG_TYPES));
            case 5 -> s = csv ? s + "," + s : replaceOne(KEY_VALUE, s, m -> m.group() + "," + m.group(1) + ":" + pick(WRONG_TYPES));
            case 6 -> {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                byte[] r = new byte[b.length + 3];
                r[0] = (byte) 0xEF;
                r[1] = (byte) 0xBB;
                r[2] = (byte) 0xBF;
                System.arraycopy(b, 0, r, 3, b.length);
                return r;
            }
            case 7 -> s = s + "\r";
            case 8 -> s = insert(s, "\u0000");
            case 9 -> {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                int at = rnd.nextInt(b.length);
                byte[] bad = pick(new byte[][]{{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}});
                byte[] r = new byte[b.length + bad.length];
                System.arraycopy(b, 0, r, 0, at);
                System.arraycopy(bad, 0, r, at, bad.length);
                System.arraycopy(b, at, r, at + bad.length, b.length - at);
                return r;
            }
            case 10 -> { // huge string, as a model name or any string value
                String huge = "m".repeat(rnd.nextInt(20) == 0 ? hugeString : Math.min(hugeString, 10_000));
                s = csv ? replaceCell(s, huge) : s.contains("\"gpt-4o-mini\"") && rnd.nextBoolean()
                        ? s.replaceFirst("\"gpt-4o-mini\"", "\"" + huge + "\"")
                        : replaceOne(VALUE, s, m -> m.group(1).startsWith("\"") ? ":\"" + huge + "\"" : m.group());
            }
            case 11 -> s = csv ? replaceCellAt(s, 0, pick(EDGE_TIMES).replace("\"", ""))
                    : replaceOne(TIME, s, m -> m.group(1) + ":" + pick(EDGE_TIMES));
            case 12 -> s = insert(s, pick(new String[]{"}", "{", "]", ",", "\"", "\\", ":", "\t"}));
            default -> { // several at once
                byte[] b = mutate(s, csv);
                return mutate(new String(b, StandardCharsets.UTF_8), csv);
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T pick(T[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private String insert(String s, String what) {
        int at = rnd.nextInt(s.length() + 1);
        return s.substring(0, at) + what + s.substring(at);
    }

    private String replaceOne(Pattern p, String s, java.util.function.Function<Matcher, String> with) {
        Matcher m = p.matcher(s);
        List<int[]> spans = new ArrayList<>();
        List<String> repl = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[]{m.start(), m.end()});
            repl.add(with.apply(m));
        }
        if (spans.isEmpty()) {
            return insert(s, "}");
        }
        int i = rnd.nextInt(spans.size());
        return s.substring(0, spans.get(i)[0]) + repl.get(i) + s.substring(spans.get(i)[1]);
    }

    private String replaceCell(String row, String value) {
        return replaceCellAt(row, rnd.nextInt(row.split(",", -1).length), value);
    }

    private static String replaceCellAt(String row, int i, String value) {
        String[] cells = row.split(",", -1);
        cells[Math.min(i, cells.length - 1)] = value;
        return String.join(",", cells);
    }

    /** Lines the reader counts: non-empty lines, or for CSV the data rows after the header. */
    public static long countedLines(byte[] log, Format f) throws IOException {
        if (f == Format.CSV) {
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
            CsvFormat.Rows rows = new CsvFormat.Rows(new InputStreamReader(new java.io.ByteArrayInputStream(log), decoder));
            rows.next();
            long n = 0;
            List<String> r;
            while ((r = rows.next()) != null) {
                if (!(r.size() == 1 && r.get(0).isBlank())) {
                    n++;
                }
            }
            return n;
        }
        long n = 0;
        boolean content = false;
        for (byte b : log) {
            if (b == '\n') {
                n += content ? 1 : 0;
                content = false;
            } else if (b != ' ' && b != '\t' && b != '\r') {
                content = true;
            }
        }
        return n + (content ? 1 : 0);
    }

    // ---- the checks ----

    /** Commands that read logs, with the options that let each run on any log (hash embedder: no model download). */
    public static final List<List<String>> COMMANDS = List.of(
            List.of("analyze"), List.of("budget"), List.of("compress", "--log"),
            List.of("cache-warm", "--dry-run", "--embedder", "hash", "--min-count", "1"), List.of("route-sim"),
            List.of("ab-report", "--experiment", "exp"), List.of("cost-forecast"));

    /** What one checked file showed; empty lists when all is well. */
    public static final class Findings {
        public long lines;
        public final List<String> crashes = new ArrayList<>();
        public final List<String> hangs = new ArrayList<>();
        public final List<String> mismatches = new ArrayList<>();
        public final List<String> absurd = new ArrayList<>();
        public final List<String> strict = new ArrayList<>();

        public boolean clean() {
            return crashes.isEmpty() && hangs.isEmpty() && mismatches.isEmpty() && absurd.isEmpty() && strict.isEmpty();
        }

        @Override
        public String toString() {
            return "crashes=" + crashes + " hangs=" + hangs + " mismatches=" + mismatches + " absurd=" + absurd + " strict=" + strict;
        }
    }

    record Run(int code, String out, String err) {
    }

    private static final ObjectMapper STRICT_JSON = new ObjectMapper(); // NaN / Infinity tokens fail to parse

    static Run cli(List<String> args) {
        var cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Runs every command in {@code commands} on the file (with a time limit each) and checks: no crash (exit 1,
     * internal error) or hang; analyze's {@code requests + bad_lines + duplicate_request_ids + filtered_requests}
     * (plus lines without an LLM request) equals the lines; no cost or token figure negative, NaN or absurd; and
     * {@code --strict} exits 3 naming the first bad line.
     */
    public static Findings check(Path file, Format f, List<List<String>> commands, ExecutorService pool, long timeoutSec)
            throws IOException {
        Findings r = new Findings();
        byte[] log = Files.readAllBytes(file);
        r.lines = countedLines(log, f);
        JsonNode analyze = null;
        for (List<String> c : commands) {
            List<String> args = new ArrayList<>(c);
            args.addAll(List.of("-f", "json", "-q", file.toString()));
            Run run = timed(args, pool, timeoutSec, r, c);
            if (run == null) {
                continue;
            }
            if (run.code == 1 || run.err.contains("internal error") || run.err.contains("\tat ")) {
                r.crashes.add(c + " exit " + run.code + ": " + firstLine(run.err));
                continue;
            }
            if (run.code != 0) {
                continue; // 2 (e.g. no such experiment) or 3 (nothing read) are answers, not crashes
            }
            JsonNode j;
            try {
                j = STRICT_JSON.readTree(run.out);
            } catch (IOException e) {
                r.absurd.add(c + ": output is not strict JSON (NaN or Infinity?): " + e.getMessage().lines().findFirst().orElse(""));
                continue;
            }
            figures(j, "", c.get(0), r.lines, r);
            if (c.get(0).equals("analyze")) {
                analyze = j;
            }
        }
        if (analyze != null) {
            long ignored = 0;
            for (JsonNode w : analyze.path("warnings")) {
                Matcher m = Pattern.compile("^(\\d+) lines? held no LLM request").matcher(w.asText());
                if (m.find()) {
                    ignored = Long.parseLong(m.group(1));
                }
            }
            long sum = analyze.get("requests").asLong() + analyze.get("bad_lines").asLong()
                    + analyze.get("duplicate_request_ids").asLong() + analyze.get("filtered_requests").asLong() + ignored;
            if (sum != r.lines) {
                r.mismatches.add(f + ": requests " + analyze.get("requests") + " + bad " + analyze.get("bad_lines") + " + duplicates "
                        + analyze.get("duplicate_request_ids") + " + filtered " + analyze.get("filtered_requests") + " + ignored " + ignored
                        + " = " + sum + " != lines " + r.lines + " in " + file);
            }
            if (analyze.get("filtered_requests").asLong() != 0) {
                r.mismatches.add("filtered_requests " + analyze.get("filtered_requests") + " without --since/--until in " + file);
            }
            Run strict = timed(List.of("analyze", "--strict", "-f", "json", "-q", file.toString()), pool, timeoutSec, r, List.of("analyze --strict"));
            if (strict != null) {
                long bad = analyze.get("bad_lines").asLong();
                if (bad == 0 && strict.code != 0) {
                    r.strict.add("no bad line but --strict exit " + strict.code + ": " + firstLine(strict.err));
                } else if (bad > 0) {
                    JsonNode first = analyze.at("/bad_line_samples/0");
                    String at = ":" + first.get("line").asLong() + ": ";
                    if (strict.code != 3 || !strict.err.contains("bad input at ") || !strict.err.contains(at)) {
                        r.strict.add("--strict exit " + strict.code + " (want 3 at line " + first.get("line") + "): " + firstLine(strict.err));
                    }
                }
            }
        }
        return r;
    }

    private static Run timed(List<String> args, ExecutorService pool, long timeoutSec, Findings r, List<String> c) {
        Future<Run> fut = pool.submit(() -> cli(args));
        try {
            return fut.get(timeoutSec, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fut.cancel(true);
            r.hangs.add(c + " over " + timeoutSec + " s");
        } catch (Exception e) {
            r.crashes.add(c + ": " + e.getCause());
        }
        return null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String l = nl < 0 ? s : s.substring(0, nl);
        return l.length() > 300 ? l.substring(0, 300) + "…" : l;
    }

    /**
     * Cost and token figures: never negative or NaN, never more than 10^9 tokens (or $10^6) per line of input. Keys
     * that are differences or effects (billing difference, deltas, savings against a baseline) may be negative.
     */
    static void figures(JsonNode n, String path, String cmd, long lines, Findings r) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                String k = e.getKey();
                JsonNode v = e.getValue();
                if (v.isNumber()) {
                    boolean tokens = k.endsWith("tokens") || path.endsWith("/tokens");
                    boolean cost = k.equals("cost_usd") || k.equals("total_cost_usd") || k.equals("forecast_total_usd")
                            || k.equals("month_to_date_usd");
                    if (tokens || cost || k.equals("requests")) {
                        double x = v.asDouble();
                        double max = (tokens ? 7e9 : cost ? 1e6 : 1e9) * Math.max(1, lines);
                        if (!(x >= 0) || x > max) {
                            r.absurd.add(cmd + " " + path + "/" + k + " = " + v);
                        }
                    }
                } else {
                    figures(v, path + "/" + k, cmd, lines, r);
                }
            }
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                figures(e, path + "[]", cmd, lines, r);
            }
        }
    }

    public static ExecutorService pool() {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(null, r, "fuzz-cli", 64L << 20);
            t.setDaemon(true);
            return t;
        });
    }
}
