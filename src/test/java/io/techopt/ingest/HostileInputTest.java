package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 18, ingest side: one hostile line costs one bad line with its reason, never the file or the figures. */
class HostileInputTest {
    private static final String GOOD = TestSupport.GOOD_LINE;

    @TempDir
    Path tmp;

    private static List<String> sampleLines() throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz")))) {
            return new ArrayList<>(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        }
    }

    private Path gz(String name, byte[] content) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write(content);
        }
        return p;
    }

    // defect 1: the bundled sample with its first line cut to 300 characters, an extra '}', or invalid UTF-8
    @Test
    void aBadFirstLineCostsOneLineNotTheFile() throws IOException {
        List<String> lines = sampleLines();
        int good = lines.size() - 1;
        String first = lines.get(0);
        String rest = String.join("\n", lines.subList(1, lines.size())) + "\n";
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        utf8.write(first.substring(0, 200).getBytes(StandardCharsets.UTF_8));
        utf8.write(new byte[]{(byte) 0xC3, (byte) 0x28});
        utf8.write((first.substring(200) + "\n" + rest).getBytes(StandardCharsets.UTF_8));
        List<Path> files = List.of(
                gz("cut.jsonl.gz", (first.substring(0, 300) + "\n" + rest).getBytes(StandardCharsets.UTF_8)),
                gz("brace.jsonl.gz", (first + "}\n" + rest).getBytes(StandardCharsets.UTF_8)),
                gz("utf8.jsonl.gz", utf8.toByteArray()));
        for (Path f : files) {
            for (List<String> extra : List.of(List.<String>of(), List.of("--input-format", "canonical"))) {
                List<String> args = new ArrayList<>(List.of("analyze", "-f", "json", "-q"));
                args.addAll(extra);
                args.add(f.toString());
                TestSupport.Run run = TestSupport.cli(args.toArray(String[]::new));
                assertEquals(0, run.code(), f + " " + extra + ": " + run.err());
                JsonNode j = run.json();
                assertEquals(good, j.get("requests").asLong() + j.get("duplicate_request_ids").asLong(), f + " " + extra);
                assertEquals(1, j.get("bad_lines").asLong(), f + " " + extra);
                assertEquals(1, j.at("/bad_line_samples/0/line").asLong(), f + " " + extra);
                assertTrue(j.get("cost_usd").asDouble() > 0, f + " " + extra);
            }
        }
    }

    private static String goodWithPad(int i, int padChars) {
        return "{\"timestamp\":\"2026-10-01T10:00:" + String.format("%02d", i % 60) + "Z\",\"model\":\"gpt-4o-mini\","
                + "\"request_id\":\"r" + i + "\",\"metadata\":{\"pad\":\"" + "x".repeat(padChars) + "\"},"
                + "\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}";
    }

    // review 1 (HIGH): 65+ bad lines first, or a bad line 1 before records bigger than the sniffing window,
    // turned a JSONL file into one bad document; the name, a forced format, or later lines decide instead
    @Test
    void aJsonlFileIsNeverReadAsOneDocumentWhateverItsFirstLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add(goodWithPad(i, 0).substring(0, 60));
        }
        for (int i = 0; i < 50; i++) {
            lines.add(goodWithPad(i, 0));
        }
        String body = String.join("\n", lines) + "\n";
        List<String> huge = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            huge.add(goodWithPad(i, 1_500_000));
        }
        huge.set(0, huge.get(0).substring(0, 600_000));
        String hugeBody = String.join("\n", huge) + "\n";
        record Case(Path file, List<String> extra, int good, int bad) {
        }
        List<Case> cases = List.of(
                new Case(TestSupport.write(tmp, "bad100.jsonl", body), List.of(), 50, 100),
                new Case(gz("bad100.jsonl.gz", body.getBytes(StandardCharsets.UTF_8)), List.of(), 50, 100),
                new Case(TestSupport.write(tmp, "bad100.json", body), List.of("--input-format", "canonical"), 50, 100),
                new Case(TestSupport.write(tmp, "bad100b.json", body), List.of(), 50, 100),
                new Case(TestSupport.write(tmp, "huge.jsonl", hugeBody), List.of(), 3, 1),
                new Case(TestSupport.write(tmp, "hugeb.json", hugeBody), List.of("--input-format", "canonical"), 3, 1),
                new Case(TestSupport.write(tmp, "hugec.log", hugeBody), List.of(), 3, 1));
        for (Case c : cases) {
            List<String> args = new ArrayList<>(List.of("analyze", "-f", "json", "-q"));
            args.addAll(c.extra());
            args.add(c.file().toString());
            TestSupport.Run run = TestSupport.cli(args.toArray(String[]::new));
            assertEquals(0, run.code(), c + ": " + run.err());
            JsonNode j = run.json();
            assertEquals(c.good(), j.get("requests").asLong(), c.toString());
            assertEquals(c.bad(), j.get("bad_lines").asLong(), c.toString());
            assertEquals(1, j.at("/bad_line_samples/0/line").asLong(), c.toString());
        }
    }

    // guard (fuzz mutation): a UTF-8 byte order mark before line 1 costs nothing
    @Test
    void aByteOrderMarkOpensTheFileNotItsFirstRecord() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        b.write((GOOD + "\n" + GOOD + "\n").getBytes(StandardCharsets.UTF_8));
        Path f = tmp.resolve("bom.jsonl");
        Files.write(f, b.toByteArray());
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", f.toString()).json();
        assertEquals(2, j.get("requests").asLong());
        assertEquals(0, j.get("bad_lines").asLong());
    }

    // defect 1: a pretty-printed document is still read as one document
    @Test
    void aPrettyPrintedDocumentIsStillOneDocument() throws IOException {
        Path f = TestSupport.write(tmp, "doc.json", "{\n  \"timestamp\": \"2026-10-01T10:00:00Z\",\n  \"model\": \"gpt-4o-mini\",\n"
                + "  \"usage\": {\"input_tokens\": 100, \"output_tokens\": 10}\n}\n");
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", f.toString()).json();
        assertEquals(1, j.get("requests").asLong());
        assertEquals(0, j.get("bad_lines").asLong());
    }

    private static String at(String ts) {
        return "{\"timestamp\":" + ts + ",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}";
    }

    // defect 2 and the filtered_requests item: implausible timestamps are bad lines with a reason, never filtered
    @Test
    void implausibleTimestampsAreBadLinesWithAReason() throws IOException {
        List<String> lines = List.of(GOOD, at("\"2126-01-01T00:00:00Z\""), at("-1e15"), at("1e15"), at("\"0001-01-01T00:00:00Z\""),
                at("1e300"), at("\"2019-12-31T23:59:59Z\""), at("-1"), GOOD);
        Path f = TestSupport.write(tmp, "times.jsonl", String.join("\n", lines) + "\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(2, j.get("requests").asLong());
        assertEquals(7, j.get("bad_lines").asLong());
        assertEquals(0, j.get("filtered_requests").asLong(), "nothing filtered without --since/--until");
        for (int i = 0; i < 7; i++) {
            assertEquals(i + 2, j.at("/bad_line_samples/" + i + "/line").asLong());
            assertTrue(j.at("/bad_line_samples/" + i + "/reason").asText().contains("timestamp"),
                    j.at("/bad_line_samples/" + i + "/reason").asText());
        }
        assertTrue(j.at("/period/last").asText().startsWith("2026"), j.get("period").toString());
        // --until (or --since) that says otherwise reads it
        JsonNode later = TestSupport.cli("analyze", "-f", "json", "-q", "--until", "2127-01-01", f.toString()).json();
        assertEquals(3, later.get("requests").asLong());
    }

    // defect 2: a record dated 2126 moved "as of" to 2126; -1e15 crashed; 1e15 and year 0001 hung
    @Test
    void costForecastNeverBuildsACalendarFromAnImplausibleTimestamp() throws IOException {
        List<String> lines = sampleLines();
        for (String ts : List.of("\"2126-01-01T00:00:00Z\"", "-1e15", "1e15", "\"0001-01-01T00:00:00Z\"")) {
            List<String> all = new ArrayList<>(lines);
            all.add(at(ts));
            Path f = TestSupport.write(tmp, "forecast.jsonl", String.join("\n", all) + "\n");
            TestSupport.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> TestSupport.cli("cost-forecast", "-f", "json", "-q", f.toString()));
            assertEquals(0, run.code(), ts + ": " + run.err());
            assertTrue(run.json().get("as_of").asText().startsWith("2026-10"), ts + ": " + run.json().get("as_of"));
        }
    }

    private static String usage(String usage) {
        return "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"usage\":" + usage + "}";
    }

    // defect 3: absurd, negative, fractional and overflowing token counts, in every usage shape
    @Test
    void absurdTokenCountsAreBadLinesNotAbsurdMoney() throws IOException {
        List<String> bad = List.of(
                usage("{\"input_tokens\":10,\"output_tokens\":1e30}"),
                usage("{\"input_tokens\":18446744073709551616,\"output_tokens\":1}"),
                usage("{\"input_tokens\":1000000001,\"output_tokens\":1}"),
                usage("{\"input_tokens\":10.5,\"output_tokens\":1}"),
                usage("{\"input_tokens\":-5,\"output_tokens\":1}"),
                usage("{\"prompt_tokens\":100,\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":-50}}"),
                usage("{\"usageMetadata\":{\"promptTokenCount\":100,\"candidatesTokenCount\":-3}}"),
                usage("{\"promptTokenCount\":100,\"candidatesTokenCount\":5,\"cachedContentTokenCount\":-1}"),
                usage("{\"inputTokens\":100,\"outputTokens\":5,\"cacheReadInputTokens\":-7}"),
                usage("{\"meta\":{\"billed_units\":{\"input_tokens\":-100,\"output_tokens\":5}}}"),
                usage("{\"prompt_tokens\":\"-100\",\"completion_tokens\":5}"),
                usage("{\"prompt_tokens\":\"lots\",\"completion_tokens\":5}"),
                usage("{\"input_tokens\":100,\"output_tokens\":5,\"reasoning_tokens\":1e300}"));
        List<String> lines = new ArrayList<>();
        lines.add(GOOD);
        lines.addAll(bad);
        lines.add(GOOD);
        Path f = TestSupport.write(tmp, "tokens.jsonl", String.join("\n", lines) + "\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(2, j.get("requests").asLong(), run.out());
        assertEquals(bad.size(), j.get("bad_lines").asLong());
        for (JsonNode b : j.get("bad_line_samples")) {
            assertTrue(b.get("reason").asText().contains("token") || b.get("reason").asText().contains("Token")
                    || b.get("reason").asText().contains("usage"), b.toString());
        }
        assertEquals(200, j.at("/tokens/input").asLong());
        assertEquals(20, j.at("/tokens/output").asLong());
        assertTrue(j.get("cost_usd").asDouble() > 0 && j.get("cost_usd").asDouble() < 0.01, j.get("cost_usd").toString());
    }

    // defect 3: other formats and CSV
    @Test
    void absurdTokenCountsAreBadInEveryFormat() throws IOException {
        Path openai = TestSupport.write(tmp, "openai.jsonl",
                "{\"object\":\"chat.completion\",\"id\":\"a\",\"created\":1790000000,\"model\":\"gpt-4o-mini\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":1e30}}\n"
                        + "{\"object\":\"chat.completion\",\"id\":\"b\",\"created\":1790000000,\"model\":\"gpt-4o-mini\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}\n");
        Path otel = TestSupport.write(tmp, "otel.jsonl", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"s1\","
                + "\"startTimeUnixNano\":\"1790000000000000000\",\"attributes\":[{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o-mini\"}},"
                + "{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"18446744073709551616\"}},"
                + "{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"intValue\":\"3\"}}]}]}]}]}\n"
                + "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"s2\","
                + "\"startTimeUnixNano\":\"1790000000000000000\",\"attributes\":[{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o-mini\"}},"
                + "{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"10\"}},"
                + "{\"key\":\"gen_ai.usage.output_tokens\",\"value\":{\"intValue\":\"3\"}}]}]}]}]}\n");
        Path csv = TestSupport.write(tmp, "usage.csv", "timestamp,model,input_tokens,output_tokens\n"
                + "2026-10-01T10:00:00Z,gpt-4o-mini,1e30,5\n2026-10-01T10:00:00Z,gpt-4o-mini,10.5,5\n"
                + "2026-10-01T10:00:00Z,gpt-4o-mini,10,5\n");
        for (Path f : List.of(openai, otel, csv)) {
            TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
            assertEquals(0, run.code(), f + ": " + run.err());
            JsonNode j = run.json();
            assertTrue(j.get("bad_lines").asLong() >= 1, f + ": " + j);
            assertTrue(j.at("/tokens/input").asLong() >= 0 && j.at("/tokens/input").asLong() < 1000, f + ": " + j.get("tokens"));
            assertTrue(j.at("/tokens/output").asLong() >= 0 && j.at("/tokens/output").asLong() < 1000, f + ": " + j.get("tokens"));
            assertTrue(j.get("cost_usd").asDouble() >= 0 && j.get("cost_usd").asDouble() < 0.01, f + ": " + j.get("cost_usd"));
        }
    }

    // smaller item: a 10 MB model name made a 94 MB report
    @Test
    void aHugeModelNameIsTruncatedWithAMarkerAndAWarning() throws IOException {
        String name = "m".repeat(10 << 20);
        Path f = TestSupport.write(tmp, "names.jsonl", GOOD + "\n"
                + "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"" + name + "\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}\n");
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", f.toString());
        assertEquals(0, run.code(), run.err().length() > 2000 ? run.err().substring(0, 2000) : run.err());
        assertTrue(run.out().length() < 200_000, "report of " + run.out().length() + " chars");
        assertTrue(run.err().length() < 20_000, "stderr of " + run.err().length() + " chars");
        JsonNode j = run.json();
        assertEquals(2, j.get("requests").asLong(), "the request is kept and counted");
        boolean marked = false;
        for (JsonNode m : j.get("by_model")) {
            assertTrue(m.get("model").asText().length() <= 256, "model name of " + m.get("model").asText().length());
            marked |= m.get("model").asText().contains("[truncated");
        }
        assertTrue(marked, j.get("by_model").toString().substring(0, 500));
        assertTrue(run.err().contains("model name"), run.err());
    }

    // issue 12 defect 4: every command exits 3 with the reason when non-empty input gave no request
    @Test
    void everyCommandExits3WhenNonEmptyInputGaveNoRequest() throws IOException {
        Path f = TestSupport.write(tmp, "allbad.jsonl", "{oops\n{\"model\":\"m\"}\n");
        List<List<String>> commands = List.of(List.of("analyze"), List.of("budget"), List.of("compress", "--log"),
                List.of("cache-warm", "--dry-run"), List.of("route-sim"), List.of("ab-report", "--experiment", "x"), List.of("cost-forecast"));
        for (List<String> c : commands) {
            List<String> args = new ArrayList<>(c);
            args.add(f.toString());
            TestSupport.Run run = TestSupport.cli(args.toArray(String[]::new));
            assertEquals(3, run.code(), c + ": " + run.err());
            assertTrue(run.err().contains("no request could be read"), c + ": " + run.err());
            assertTrue(run.err().contains("2 bad lines"), c + ": " + run.err());
            BadInputTest.assertNoStackTrace(run);
        }
        Path empty = TestSupport.write(tmp, "empty.jsonl", "");
        assertEquals(0, TestSupport.cli("analyze", "-q", empty.toString()).code(), "an empty file is not bad input");
        Path outside = TestSupport.write(tmp, "outside.jsonl", GOOD + "\n");
        assertEquals(0, TestSupport.cli("analyze", "-q", "--since", "2027-01-01", outside.toString()).code(),
                "a window that selects nothing is not bad input");
    }

    // issue 12 defect 4: --default-model applies to every format
    @Test
    void defaultModelAppliesToEveryFormat() throws IOException {
        Path canonical = TestSupport.write(tmp, "nomodel.jsonl",
                "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n");
        Path litellm = TestSupport.write(tmp, "litellm.jsonl",
                "{\"startTime\":\"2026-10-01T10:00:00Z\",\"call_type\":\"completion\",\"prompt_tokens\":100,\"completion_tokens\":10}\n");
        Path openai = TestSupport.write(tmp, "openai.jsonl",
                "{\"object\":\"chat.completion\",\"id\":\"a\",\"created\":1790000000,\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":10}}\n");
        for (Path f : List.of(canonical, litellm, openai)) {
            TestSupport.Run without = TestSupport.cli("analyze", "-f", "json", f.toString());
            assertEquals(3, without.code(), f + ": " + without.err());
            assertTrue(without.err().contains("--default-model"), f + ": " + without.err());
            TestSupport.Run with = TestSupport.cli("analyze", "-f", "json", "-q", "--default-model", "gpt-4o-mini", f.toString());
            assertEquals(0, with.code(), f + ": " + with.err());
            assertEquals(1, with.json().get("requests").asLong(), f.toString());
            assertEquals("gpt-4o-mini", with.json().at("/by_model/0/model").asText(), f.toString());
            assertTrue(with.json().get("cost_usd").asDouble() > 0, f.toString());
        }
    }

    private static Path sharedData(String relative) {
        return io.techopt.TestSupport.shared(relative);
    }

    // issue 12 defect 4: Mooncake traces name their counts input_length / output_length, with relative timestamps
    @Test
    void mooncakeTraceIsReadWithADefaultModel() throws IOException {
        Path f = sharedData("data/mooncake-trace/conversation_trace.jsonl");
        long lines;
        long in = 0, out = 0;
        try (var s = Files.lines(f)) {
            List<String> all = s.filter(l -> !l.isBlank()).toList();
            lines = all.size();
            for (String l : all) {
                JsonNode n = TestSupport.JSON.readTree(l);
                in += n.get("input_length").asLong();
                out += n.get("output_length").asLong();
            }
        }
        TestSupport.Run without = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(3, without.code(), without.err());
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "--default-model", "gpt-4o-mini", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(lines, j.get("requests").asLong());
        assertEquals(0, j.get("bad_lines").asLong());
        assertEquals(in, j.at("/tokens/input").asLong());
        assertEquals(out, j.at("/tokens/output").asLong());
        assertTrue(run.err().contains("offsets in ms from the start of a replay trace"), run.err());
        TestSupport.Run anchored = TestSupport.cli("analyze", "-f", "json", "-q", "--default-model", "gpt-4o-mini",
                "--since", "2026-10-01", f.toString());
        assertTrue(anchored.json().at("/period/first").asText().startsWith("2026-10-01"), anchored.json().get("period").toString());
        assertEquals(lines, anchored.json().get("requests").asLong());
    }

    // issue 12 defect 4: the Azure trace CSV (no model column) is read with --default-model
    @Test
    void azureTraceIsReadWithADefaultModel() throws IOException {
        Path f = sharedData("data/azure-llm-trace-2023/AzureLLMInferenceTrace_code.csv");
        long rows;
        try (var s = Files.lines(f)) {
            rows = s.skip(1).filter(l -> !l.isBlank()).count();
        }
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", "--default-model", "gpt-4o-mini", f.toString()).json();
        assertEquals(rows, j.get("requests").asLong());
        assertEquals(0, j.get("bad_lines").asLong());
        assertFalse(j.get("unpriced_models").elements().hasNext(), j.get("unpriced_models").toString());
    }
}
