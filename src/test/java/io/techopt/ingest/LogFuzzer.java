package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.techopt.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
    /** Draws a document's layout and its cuts, apart from rnd: logs written before the layouts came stay the same. */
    private final Random layoutRnd;
    private final int hugeString;
    private final double mutatedShare;

    /** @param hugeString length of the huge strings some mutations plant */
    public LogFuzzer(long seed, int hugeString) {
        this(seed, hugeString, 0.5);
    }

    /**
     * @param mutatedShare chance that a line outside the always-mutated and always-valid ones is mutated; at 0.5 the
     *     generator draws a coin as it always did, so a seed's logs do not depend on which constructor made them
     */
    public LogFuzzer(long seed, int hugeString, double mutatedShare) {
        if (!(mutatedShare > 0 && mutatedShare < 1)) {
            throw new IllegalArgumentException("mutated share must be above 0 and below 1: " + mutatedShare);
        }
        this.rnd = new Random(seed);
        this.layoutRnd = new Random(seed ^ 0x5DEECE66DL);
        this.hugeString = hugeString;
        this.mutatedShare = mutatedShare;
    }

    /** How a generated log reaches techopt. */
    public enum Shape { FILE, GZ, DOC, DIR, STDIN }

    /** One input file (or the bytes piped to stdin) and what the generator knows about it. */
    /** {@code mutated}: the generator's lines (or elements) it mutated; {@code elementLines}: where a document's start. */
    public record Part(String name, byte[] bytes, long units, long intact, long mutated, long ignorable, long[] elementLines) {
    }

    /**
     * A generated log: its parts, and the units the reader must account for (non-empty lines, CSV data rows, or
     * document elements), of which {@code intact} were left valid and {@code ignorable} hold no LLM request.
     * Counted by the generator itself, never by the product's readers.
     */
    public record Generated(Format format, Shape shape, List<Part> parts) {
        public long units() {
            return parts.stream().mapToLong(Part::units).sum();
        }

        public long intact() {
            return parts.stream().mapToLong(Part::intact).sum();
        }

        /** Lines (document elements, CSV rows) the generator mutated, as it wrote them. */
        public long mutated() {
            return parts.stream().mapToLong(Part::mutated).sum();
        }

        public long ignorable() {
            return parts.stream().mapToLong(Part::ignorable).sum();
        }
    }

    /** A log of {@code lines} lines (plus a header for CSV) in one shape; see {@link #units(Format, int, boolean)}. */
    public Generated generate(Format f, Shape shape, int lines) {
        if (shape == Shape.DOC && f == Format.CSV) {
            shape = Shape.FILE;
        }
        List<Unit> units = units(f, lines, shape == Shape.DOC);
        List<Part> parts = new ArrayList<>();
        String ext = f == Format.CSV ? ".csv" : ".jsonl";
        switch (shape) {
            case FILE -> parts.add(part("fuzz" + ext, f, units, false, false));
            case STDIN -> parts.add(part("-", f, units, false, false));
            case GZ -> parts.add(part("fuzz" + ext + ".gz", f, units, false, true));
            case DOC -> parts.add(docPart("fuzz.json", f, units));
            case DIR -> {
                int k = 2 + rnd.nextInt(2);
                int from = 0;
                for (int i = 0; i < k; i++) {
                    int to = i == k - 1 ? units.size() : from + units.size() / k;
                    List<Unit> slice = units.subList(from, to);
                    int kind = (i + rnd.nextInt(3)) % 3; // plain, gzip, document
                    if (kind == 2 && f != Format.CSV) {
                        List<Unit> doc = new ArrayList<>();
                        for (Unit u : slice) {
                            doc.add(u.intact ? new Unit(pretty(u.text), true, ignorable(f, pretty(u.text).getBytes(StandardCharsets.UTF_8)))
                                    : u.asDocElement(this, f));
                        }
                        parts.add(docPart("dir/part" + i + ".json", f, doc));
                    } else {
                        parts.add(part("dir/part" + i + ext + (kind == 1 ? ".gz" : ""), f, slice, false, kind == 1));
                    }
                    from = to;
                }
            }
        }
        return new Generated(f, shape, parts);
    }

    /** One generated line (or document element): its bytes as written, and whether it was left valid. */
    record Unit(byte[] bytes, String text, boolean intact, boolean ignorable) {
        Unit(String text, boolean intact, boolean ignorable) {
            this(text.getBytes(StandardCharsets.UTF_8), text, intact, ignorable);
        }

        /** A mutated line re-mutated as a pretty-printed element, for a document part of a directory. */
        Unit asDocElement(LogFuzzer g, Format f) {
            byte[] b = g.mutate(g.pretty(text), false);
            for (int t = 0; t < 5 && opensARecordInside(b); t++) {
                b = g.mutate(g.pretty(text), false);
            }
            if (opensARecordInside(b)) {
                b = g.pretty(text).substring(0, text.length() / 2).getBytes(StandardCharsets.UTF_8);
            }
            if (new String(b, StandardCharsets.UTF_8).isBlank()) {
                b = new byte[]{'{'};
            }
            return new Unit(b, text, false, g.ignorable(f, b));
        }
    }

    /**
     * How a document lays out its elements: records at column 2, one after another ("[\n  {", "  },\n  {"); Jackson's
     * default pretty printer ("[ {", "}, {", "} ]"), each record opening on the line of the previous one's close;
     * or the same array wrapped in an object ({"data" : [ {", … "} ],\n  "meta" : …}).
     */
    enum Layout { INDENTED, JACKSON, WRAPPED }

    private Part docPart(String name, Format f, List<Unit> units) {
        Layout layout = Layout.values()[layoutRnd.nextInt(Layout.values().length)];
        if (layout == Layout.INDENTED) {
            return part(name, f, units, true, false);
        }
        List<Unit> cut = new ArrayList<>();
        for (Unit u : units) {
            cut.add(u.intact ? u : cutElement(f, u));
        }
        return jacksonPart(name, cut, layout == Layout.WRAPPED);
    }

    /**
     * A damaged element for a Jackson layout: the record cut short at a random place after its first line (mid-string,
     * after ':' or ',', inside what it nests), its closing '}' kept on a line of its own. The other mutations can
     * leave a record that no reader can tell from the next one in this layout ("}, {" is on the line of the damage).
     */
    private Unit cutElement(Format f, Unit u) {
        String p = u.text.startsWith("{\n") ? u.text : pretty(u.text);
        int first = p.indexOf('\n') + 1;
        int last = p.lastIndexOf('\n');
        for (int t = 0; t < 20 && last > first; t++) {
            String b = p.substring(0, first + layoutRnd.nextInt(last - first)) + "\n}";
            try {
                ORACLE.readTree(b);
            } catch (IOException e) {
                return new Unit(b.getBytes(StandardCharsets.UTF_8), u.text, false, false); // cut, so no JSON: it holds no request to ignore
            }
        }
        return new Unit("{\n  \"x\n}".getBytes(StandardCharsets.UTF_8), u.text, false, false);
    }

    /** Elements laid out as Jackson's default pretty printer writes an array (wrapped: as the "data" member). */
    private Part jacksonPart(String name, List<Unit> units, boolean wrapped) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String ind = wrapped ? "  " : "";
        out.writeBytes((wrapped ? "{\n  \"data\" : [ " : "[ ").getBytes(StandardCharsets.UTF_8));
        long[] elementLines = new long[units.size()];
        long at = wrapped ? 2 : 1;
        long ignorable = 0;
        for (int i = 0; i < units.size(); i++) {
            elementLines[i] = at;
            for (byte b : units.get(i).bytes) {
                at += b == '\n' ? 1 : 0;
            }
            out.writeBytes(new String(units.get(i).bytes, StandardCharsets.ISO_8859_1).replace("\n", "\n" + ind)
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes((i + 1 < units.size() ? ", " : " ]").getBytes(StandardCharsets.UTF_8));
            ignorable += units.get(i).ignorable ? 1 : 0;
        }
        if (units.isEmpty()) {
            out.writeBytes("]".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes((wrapped ? ",\n  \"meta\" : {\n    \"page\" : 1\n  }\n}\n" : "\n").getBytes(StandardCharsets.UTF_8));
        long intact = units.stream().filter(Unit::intact).count();
        return new Part(name, out.toByteArray(), units.size(), intact, units.size() - intact, ignorable, elementLines);
    }

    private Part part(String name, Format f, List<Unit> units, boolean doc, boolean gzip) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long counted;
        long ignorable = 0;
        long intact = units.stream().filter(Unit::intact).count();
        long mutated = units.size() - intact;
        long[] elementLines = null;
        if (doc) {
            out.writeBytes("[\n".getBytes(StandardCharsets.UTF_8));
            elementLines = new long[units.size()];
            long at = 2;
            for (int i = 0; i < units.size(); i++) {
                elementLines[i] = at;
                for (byte b : units.get(i).bytes) {
                    at += b == '\n' ? 1 : 0;
                }
                at++;
                out.writeBytes("  ".getBytes(StandardCharsets.UTF_8));
                out.writeBytes(new String(units.get(i).bytes, StandardCharsets.ISO_8859_1).replace("\n", "\n  ")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes((i + 1 < units.size() ? ",\n" : "\n").getBytes(StandardCharsets.UTF_8));
                ignorable += units.get(i).ignorable ? 1 : 0;
            }
            out.writeBytes("]\n".getBytes(StandardCharsets.UTF_8));
            counted = units.size();
        } else {
            if (f == Format.CSV) {
                out.writeBytes((CSV_HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (Unit u : units) {
                out.writeBytes(u.bytes);
                out.write('\n');
            }
            byte[] all = out.toByteArray();
            counted = 0;
            if (f == Format.CSV) {
                for (Unit u : units) { // one row a line: the generator keeps line breaks out of rows
                    counted += new String(u.bytes, StandardCharsets.UTF_8).isBlank() ? 0 : 1;
                }
            } else {
                int start = 0;
                for (int i = 0; i <= all.length; i++) {
                    if (i == all.length || all[i] == '\n') {
                        byte[] line = java.util.Arrays.copyOfRange(all, start, i);
                        if (hasContent(line)) {
                            counted++;
                            // the reader drops a UTF-8 BOM at the start of a file as no content, then reads line 1
                            // like any other (a BOM mutation can leave line 1 with one more: still a valid line)
                            boolean fileBom = start == 0 && line.length >= 3 && line[0] == (byte) 0xEF
                                    && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF;
                            ignorable += ignorable(f, fileBom ? java.util.Arrays.copyOfRange(line, 3, line.length) : line) ? 1 : 0;
                        }
                        start = i + 1;
                    }
                }
            }
        }
        byte[] bytes = out.toByteArray();
        if (gzip) {
            java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
            try (var g = new java.util.zip.GZIPOutputStream(z)) {
                g.write(bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            bytes = z.toByteArray();
        }
        return new Part(name, bytes, counted, intact, mutated, ignorable, elementLines);
    }

    private boolean coin() {
        return mutatedShare == 0.5 ? rnd.nextBoolean() : rnd.nextDouble() < mutatedShare;
    }

    private static boolean hasContent(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return true;
            }
        }
        return false;
    }

    /**
     * The lines: about half mutated (or the share given to the constructor), at random, line 1 included; sometimes the first 65 or more in a row (so the
     * format-detection fallback runs); sometimes every line (so exit 3 must be justified). Otherwise at least three
     * are left valid. CSV rows never get a line break, and once a row leaves a quoted cell open no later row holds a
     * quote, so each row stays one row (checked against the generator's own quote scan, not the product's reader).
     */
    List<Unit> units(Format f, int lines, boolean doc) {
        List<String> seeds = SEEDS.get(f);
        int mode = rnd.nextInt(10);
        int leading = mode == 0 && lines >= 68 ? Math.min(lines - 3, 65 + rnd.nextInt(8)) : mode == 1 ? 1 : 0;
        boolean all = mode == 2 && lines <= 60;
        java.util.Set<Integer> keep = new java.util.HashSet<>();
        while (!all && keep.size() < Math.min(3, lines - leading)) {
            keep.add(leading + rnd.nextInt(lines - leading));
        }
        List<Unit> out = new ArrayList<>();
        boolean quoteOpen = false;
        for (int i = 0; i < lines; i++) {
            String line = fill(seeds.get(rnd.nextInt(seeds.size())), i);
            if (doc) {
                line = pretty(line);
            }
            boolean mutate = !keep.contains(i) && (all || i < leading || coin());
            if (!mutate) {
                out.add(new Unit(line, true, false));
                continue;
            }
            byte[] b = mutate(line, f == Format.CSV);
            for (int t = 0; doc && t < 5 && opensARecordInside(b); t++) {
                b = mutate(line, false);
            }
            if (doc && opensARecordInside(b)) {
                b = line.substring(0, line.length() / 2).getBytes(StandardCharsets.UTF_8);
            }
            if (f == Format.CSV) {
                b = csvSafe(b, quoteOpen);
                quoteOpen = leavesQuoteOpen(new String(b, StandardCharsets.UTF_8), quoteOpen);
            }
            if (doc && new String(b, StandardCharsets.UTF_8).isBlank()) {
                b = new byte[]{'{'};
            }
            out.add(new Unit(b, line, false, doc && ignorable(f, b)));
        }
        return out;
    }

    /**
     * A pretty-printed element with one of its later lines starting at its own first column with anything but a
     * closing bracket or a ',', or with a '{' left of its members (column 2): its members are indented deeper, so
     * nobody, reader or person, can tell that from a damaged record followed by the next record (which lost its '{'
     * or has junk before it), and the reader takes it as the next record (JsonElements). Nor one starting with a
     * '}', ']' or ',' before its '{': after a damaged record that reads as its close or separator. A document
     * element never gets one.
     */
    static boolean opensARecordInside(byte[] element) {
        String t = new String(element, StandardCharsets.UTF_8).replace("\uFEFF", "");
        String first = t.strip();
        if (!first.isEmpty() && "}],".indexOf(first.charAt(0)) >= 0) {
            return true; // junk before its '{' that reads as the previous record's close or separator
        }
        int nl = t.indexOf('\n');
        while (nl >= 0) {
            int i = nl + 1;
            while (i < t.length() && (t.charAt(i) == ' ' || t.charAt(i) == '\t' || t.charAt(i) == '\r')) {
                i++;
            }
            int col = i - nl - 1;
            char c = i < t.length() ? t.charAt(i) : '\n';
            if ((c == '{' && col < 2) || (col == 0 && c != '\n' && c != '}' && c != ']' && c != ',')) {
                return true; // members are at column 2: a '{' left of them, or junk at the record's own column
            }
            nl = t.indexOf('\n', nl + 1);
        }
        return false;
    }

    /** No line break inside a row (a CR only as the last byte, making a CRLF); no quote once one is left open. */
    private static byte[] csvSafe(byte[] b, boolean quoteOpen) {
        byte[] r = b.clone();
        for (int i = 0; i < r.length; i++) {
            if (r[i] == '\n' || (r[i] == '\r' && i < r.length - 1) || (quoteOpen && r[i] == '"')) {
                r[i] = 'x';
            }
        }
        return r;
    }

    /** RFC 4180 as the generator sees it: a quote opens a cell only at its start; "" inside is a quote. */
    static boolean leavesQuoteOpen(String row, boolean open) {
        if (open) {
            return true; // no later row holds a quote: it stays open to the end
        }
        boolean quoted = false;
        boolean cellStart = true;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < row.length() && row.charAt(i + 1) == '"') {
                        i++;
                    } else {
                        quoted = false;
                    }
                }
            } else if (c == '"' && cellStart) {
                quoted = true;
                cellStart = false;
            } else {
                cellStart = c == ',';
            }
        }
        return quoted;
    }

    private static final ObjectMapper ORACLE = new ObjectMapper(new com.fasterxml.jackson.core.JsonFactoryBuilder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(2000).build()).build())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * The test's own view of "holds no LLM request" (log-format.md: OTLP spans without gen_ai usage, Langfuse events
     * that are not generations; an empty array): the line is valid UTF-8 JSON and names no request.
     */
    boolean ignorable(Format f, byte[] line) {
        if (f == Format.CSV || f == Format.CANONICAL) {
            return false;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(line));
            JsonNode n = ORACLE.readTree(line);
            if (n == null) {
                return false;
            }
            if (n.isArray() && n.isEmpty()) {
                return true;
            }
            if (!n.isObject()) {
                return false;
            }
            if (f == Format.OTEL) {
                JsonNode rss = n.has("resourceSpans") ? n.get("resourceSpans") : ORACLE.createArrayNode().add(n);
                for (JsonNode rs : rss) {
                    for (JsonNode ss : rs.path("scopeSpans")) {
                        for (JsonNode span : ss.path("spans")) {
                            for (JsonNode kv : span.path("attributes")) {
                                String k = kv.path("key").asText();
                                JsonNode v = kv.path("value");
                                boolean valued = v.has("stringValue") || v.has("intValue") || v.has("doubleValue") || v.has("boolValue");
                                if (valued && (k.equals("gen_ai.usage.input_tokens") || k.equals("gen_ai.usage.output_tokens")
                                        || k.equals("gen_ai.usage.prompt_tokens"))) {
                                    return false;
                                }
                            }
                        }
                    }
                }
                return true;
            }
            if (f == Format.LANGFUSE) {
                boolean ingestion = n.has("batch");
                JsonNode events = ingestion ? n.get("batch") : ORACLE.createArrayNode().add(n);
                for (JsonNode e : events) {
                    String type = e.path("type").asText("").toLowerCase(java.util.Locale.ROOT);
                    JsonNode body = ingestion ? e.get("body") : e;
                    if (body != null && body.isObject() && (type.startsWith("generation")
                            || (type.startsWith("observation") && "GENERATION".equalsIgnoreCase(body.path("type").asText())))
                            && carriesUsageOrText(body)) {
                        return false;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A Langfuse generation with no usage and no input or output text is an LLM call of unknown cost for the latency
     * map, not a request (review r11 #2): only one carrying either, or a logged cost, names a request.
     */
    private static boolean carriesUsageOrText(JsonNode g) {
        try {
            // as LangfuseFormat.generation reads them
            List<io.techopt.core.Message> messages = Messages.fromNode(g.get("input"));
            String response = g.has("output") ? Messages.contentText(g.get("output")) : null;
            JsonNode details = g.has("usageDetails") ? g.get("usageDetails") : g.get("usage_details");
            Object u = details != null && details.isObject() && !details.isEmpty() ? UsageNormalizer.normalize(details) : null;
            if (u == null && g.has("usage")) {
                u = UsageNormalizer.normalize(g.get("usage"));
            }
            // a generation logging only its cost is a request billed as logged (review r12 #5)
            boolean cost = !Double.isNaN(Nodes.number(g, "costDetails", "total")) || !Double.isNaN(Nodes.number(g, "cost_details", "total"))
                    || !Double.isNaN(Nodes.number(g, "usage", "totalCost")) || !Double.isNaN(Nodes.number(g, "calculatedTotalCost"));
            return u != null || (messages != null && !messages.isEmpty()) || response != null || cost;
        } catch (Exception e) {
            return true; // a bad generation: a bad line, not a line without a request
        }
    }

    /** A seed line pretty-printed as a document element ("key":value, two-space indent). */
    String pretty(String line) {
        try {
            var printer = new com.fasterxml.jackson.core.util.DefaultPrettyPrinter().withoutSpacesInObjectEntries();
            return ORACLE.writer(printer).writeValueAsString(ORACLE.readTree(line));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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

    /** Writes the parts under {@code dir}; returns the arguments naming them ("-" for stdin). */
    static List<String> materialize(Generated g, Path dir) throws IOException {
        List<String> args = new ArrayList<>();
        boolean dirShape = false;
        for (Part p : g.parts()) {
            if (p.name().equals("-")) {
                args.add("-");
                continue;
            }
            Path f = dir.resolve(p.name());
            Files.createDirectories(f.getParent());
            Files.write(f, p.bytes());
            if (p.name().startsWith("dir/")) {
                dirShape = true;
            } else {
                args.add(f.toString());
            }
        }
        if (dirShape) {
            args.add(dir.resolve("dir").toString());
        }
        return args;
    }

    private static byte[] stdinBytes(Generated g) {
        for (Part p : g.parts()) {
            if (p.name().equals("-")) {
                return p.bytes();
            }
        }
        return null;
    }

    /**
     * Runs every command in {@code commands} on the generated log (with a time limit each, the report written with
     * --out) and checks: no crash (exit 1, internal error) or hang; exit 3 only when no line was left valid, and then
     * no report or temp file written; a report for exit 0; every command that reports ingest counts accounts for
     * every unit exactly (requests + bad_lines + duplicate_request_ids + filtered_requests + lines holding no
     * request, the last counted by the generator and equal to what the warning says); at least the intact lines
     * read; no cost or token figure negative, NaN or absurd; and {@code --strict} exits 3 naming the first bad line.
     */
    public static Findings check(Generated g, Path dir, List<List<String>> commands, ExecutorService pool, long timeoutSec)
            throws IOException {
        Findings r = new Findings();
        r.lines = g.units();
        List<String> inputs = materialize(g, dir);
        byte[] stdin = stdinBytes(g);
        Path outDir = Files.createDirectories(dir.resolve("out"));
        JsonNode analyze = null;
        String what = g.format() + "/" + g.shape();
        int n = 0;
        for (List<String> c : commands) {
            Path out = outDir.resolve("report" + (n++) + ".json");
            List<String> args = new ArrayList<>(c);
            args.addAll(List.of("-f", "json", "-q", "--out", out.toString()));
            args.addAll(inputs);
            Run run = timed(args, stdin, pool, timeoutSec, r, c);
            if (run == null) {
                continue;
            }
            if (run.code == 1 || run.err.contains("internal error") || run.err.contains("\tat ")) {
                r.crashes.add(what + " " + c + " exit " + run.code + ": " + firstLine(run.err));
                continue;
            }
            if (run.code != 0) {
                if (run.code == 3 && g.intact() > 0) {
                    r.mismatches.add(what + " " + c + " exit 3 although " + g.intact() + " lines were left valid: " + firstLine(run.err));
                }
                try (var s = Files.list(outDir)) {
                    List<Path> left = s.toList();
                    if (!left.isEmpty()) {
                        r.mismatches.add(what + " " + c + " exit " + run.code + " left " + left + " behind");
                        for (Path p : left) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
                continue; // 2 (e.g. no such experiment) or a justified 3 (nothing read) are answers, not crashes
            }
            if (!Files.exists(out)) {
                r.mismatches.add(what + " " + c + " exit 0 but no report at --out");
                continue;
            }
            JsonNode j;
            try {
                j = STRICT_JSON.readTree(Files.readAllBytes(out));
            } catch (IOException e) {
                r.absurd.add(what + " " + c + ": report is not strict JSON (NaN or Infinity?): " + e.getMessage().lines().findFirst().orElse(""));
                continue;
            } finally {
                Files.deleteIfExists(out);
            }
            figures(j, "", c.get(0), r.lines, r);
            counts(j, g, c, what, r);
            if (c.get(0).equals("analyze")) {
                analyze = j;
            }
        }
        if (analyze != null) {
            if (analyze.get("filtered_requests").asLong() != 0) {
                r.mismatches.add(what + ": filtered_requests " + analyze.get("filtered_requests") + " without --since/--until");
            }
            List<String> args = new ArrayList<>(List.of("analyze", "--strict", "-f", "json", "-q"));
            args.addAll(inputs);
            Run strict = timed(args, stdin, pool, timeoutSec, r, List.of("analyze --strict"));
            if (strict != null) {
                long bad = analyze.get("bad_lines").asLong();
                if (bad == 0 && strict.code != 0) {
                    r.strict.add(what + ": no bad line but --strict exit " + strict.code + ": " + firstLine(strict.err));
                } else if (bad > 0) {
                    JsonNode first = analyze.at("/bad_line_samples/0");
                    String at = ":" + first.get("line").asLong() + ": ";
                    if (strict.code != 3 || !strict.err.contains("bad input at ") || !strict.err.contains(at)) {
                        r.strict.add(what + ": --strict exit " + strict.code + " (want 3 at line " + first.get("line") + "): " + firstLine(strict.err));
                    }
                }
            }
        }
        return r;
    }


    /**
     * The ingest counts every report carries (its {@code ingest} object, the same in every command) must account for
     * every unit the generator wrote, and the lines said to hold no request must be exactly those the generator's
     * own oracle finds.
     */
    static void counts(JsonNode j, Generated g, List<String> c, String what, Findings r) {
        JsonNode src = j.has("ingest") && j.get("ingest").isObject() ? j.get("ingest") : null;
        if (src == null || !src.path("bad_lines").isNumber() || !src.path("lines_read").isNumber()) {
            // issue 18: every command that reads logs says what it did with each line
            r.mismatches.add(what + " " + c.get(0) + ": the report carries no ingest counts (ingest.bad_lines, ingest.lines_read)");
            return;
        }
        if (src.get("lines_read").asLong() != g.units()) {
            r.mismatches.add(what + " " + c.get(0) + ": ingest.lines_read " + src.get("lines_read") + " != " + g.units() + " units written");
        }
        if (j.has("bad_lines") && j.get("bad_lines").asLong() != src.get("bad_lines").asLong()) {
            r.mismatches.add(what + " " + c.get(0) + ": bad_lines " + j.get("bad_lines") + " but ingest.bad_lines " + src.get("bad_lines"));
        }
        long ignored = src.path("ignored_lines").asLong();
        long requests = src.path("requests_read").asLong();
        long dups = src.path("duplicate_request_ids").asLong(0);
        long sum = requests + src.get("bad_lines").asLong() + dups + src.path("filtered_requests").asLong(0) + ignored;
        if (sum != g.units() || ignored != g.ignorable()) {
            r.mismatches.add(what + " " + c.get(0) + ": requests " + requests + " + bad " + src.get("bad_lines") + " + duplicates "
                    + dups + " + filtered " + src.path("filtered_requests").asLong(0) + " + without a request " + ignored
                    + " (generator: " + g.ignorable() + ") = " + sum + " != " + g.units() + " units written");
        }
        if (requests + dups < g.intact()) {
            r.mismatches.add(what + " " + c.get(0) + ": " + requests + " requests read but " + g.intact() + " lines were left valid");
        }
    }

    private static final Object STDIN = new Object();

    private static Run timed(List<String> args, byte[] stdin, ExecutorService pool, long timeoutSec, Findings r, List<String> c) {
        Future<Run> fut = pool.submit(() -> {
            if (stdin == null) {
                return cli(args);
            }
            synchronized (STDIN) { // System.in is one for the JVM
                java.io.InputStream old = System.in;
                System.setIn(new java.io.ByteArrayInputStream(stdin));
                try {
                    return cli(args);
                } finally {
                    System.setIn(old);
                }
            }
        });
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

    /** Deletes a directory tree (the fuzz inputs and reports). */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
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
