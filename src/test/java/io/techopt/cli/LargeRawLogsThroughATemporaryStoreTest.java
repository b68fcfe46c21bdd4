package io.techopt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * #14 item 5: cost-forecast and ab-report kept every request of raw logs in the heap (cost-forecast 894 MB peak RSS on a
 * 3M-request log), so a year of logs ran them out of memory. Logs of more requests than the in-memory limit are read
 * through a temporary store (here the limit is set to 2,000): the JSON is the in-memory read's (figures to 1e-9
 * relative, DuckDB adds up in another order), stderr the same but for one warning that says why, and no store is left
 * in java.io.tmpdir after a run or a failing one.
 */
class LargeRawLogsThroughATemporaryStoreTest {
    @TempDir
    Path work;
    Path tmp;
    private String tmpBefore;
    private static final String LIMIT = "techopt.memoryEngineMaxRequests";
    private static final String WHY = "more than the 2,000 the in-memory table takes under this heap: reading them "
            + "through a temporary store";

    @BeforeEach
    void ownTmpDir() throws IOException {
        tmp = Files.createDirectories(work.resolve("tmp"));
        tmpBefore = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
    }

    @AfterEach
    void restore() {
        System.setProperty("java.io.tmpdir", tmpBefore);
        System.clearProperty(LIMIT);
    }

    /** The run in memory (no limit), then with the limit: same exit code, same stderr but the warning, same JSON. */
    private JsonNode[] inMemoryAndThroughAStore(String... args) throws IOException {
        System.clearProperty(LIMIT);
        TestSupport.Run memory = TestSupport.cli(args);
        System.setProperty(LIMIT, "2000");
        TestSupport.Run store = TestSupport.cli(args);
        System.clearProperty(LIMIT);
        assertEquals(memory.code(), store.code(), memory.err() + "\n---\n" + store.err());
        assertFalse(memory.err().contains(WHY), memory.err());
        String err = store.err();
        if (!List.of(args).contains("-q")) {
            assertTrue(err.contains(WHY), err);
        }
        assertEquals(withoutTimings(memory.err()), withoutTimings(err.replaceAll("(?m)^techopt: warning: the logs hold "
                + "about .*\\R", "")), "stderr");
        assertNoTemporaryStoreLeft();
        TestSupport.assertSameFigures(memory.json(), store.json(), "through a temporary store");
        return new JsonNode[]{memory.json(), store.json()};
    }

    /** stderr without the progress summary a slow run ends with (its timings differ). */
    private static String withoutTimings(String err) {
        return err.replaceAll("(?m)^techopt: [a-z-]+: reading .* in (all|[0-9.]+ s \\(.*\\))\\R", "");
    }

    private void assertNoTemporaryStoreLeft() throws IOException {
        try (Stream<Path> left = Files.list(tmp)) {
            List<Path> l = left.filter(p -> p.getFileName().toString().startsWith("techopt-")).toList();
            assertTrue(l.isEmpty(), "left in java.io.tmpdir: " + l);
        }
    }

    @Test
    void costForecastOfTheSampleAndItsFocusCsvAreTheInMemoryOnes() throws IOException {
        Path focusMemory = work.resolve("focus-memory.csv"), focusStore = work.resolve("focus-store.csv");
        System.clearProperty(LIMIT);
        TestSupport.Run memory = TestSupport.cli("cost-forecast", "-f", "json", "--by", "team", "--focus-csv",
                focusMemory.toString(), "samples/requests.jsonl.gz");
        System.setProperty(LIMIT, "2000");
        TestSupport.Run store = TestSupport.cli("cost-forecast", "-f", "json", "--by", "team", "--focus-csv",
                focusStore.toString(), "samples/requests.jsonl.gz");
        assertEquals(0, memory.code(), memory.err());
        assertEquals(0, store.code(), store.err());
        assertTrue(store.err().contains("the logs hold about 3,015 requests (from their first megabytes), " + WHY), store.err());
        TestSupport.assertSameFigures(memory.json(), store.json(), "cost-forecast through a temporary store");
        assertTrue(memory.json().get("month_to_date_usd").asDouble() > 0, memory.json().toString());
        assertEquals(Files.readString(focusMemory), Files.readString(focusStore), "the FOCUS rows");
        assertNoTemporaryStoreLeft();
    }

    @Test
    void abReportOfTheSampleIsTheInMemoryOne() throws IOException {
        JsonNode[] both = inMemoryAndThroughAStore("ab-report", "-f", "json", "--experiment", "support-prompt-v2",
                "samples/requests.jsonl.gz");
        assertEquals(2, both[0].get("variants").size(), both[0].toString());
        assertTrue(both[0].get("variants").get(0).get("requests").asLong() > 100, both[0].get("variants").toString());
    }

    /**
     * Review rev24b HIGH-1: a store keeps an e-mail user id as a pseudonym, and the assignment check recomputed the
     * pseudonym's assignment: through a temporary store (and on a store) 6 of 1,016 users "were served a variant other
     * than their deterministic assignment", none in memory. Pseudonymous users are now left out of the check, with a
     * warning that says so; the mismatches are the in-memory read's.
     */
    @Test
    void theAssignmentCheckFindsNoFalseMismatchAmongPseudonymousUsers() throws IOException {
        Path log = work.resolve("assigned.jsonl");
        assertEquals(0, TestSupport.cli("samples", "generate", "--requests", "20000", "--seed", "7", "--days", "20",
                "-o", log.toString()).code());
        String[] args = {"ab-report", "-f", "json", "--experiment", "support-prompt-v2", "--weights", "control=1,treatment=1",
                log.toString()};
        System.clearProperty(LIMIT);
        JsonNode memory = TestSupport.cli(args).json();
        System.setProperty(LIMIT, "2000");
        TestSupport.Run store = TestSupport.cli(args);
        assertEquals(0, store.code(), store.err());
        JsonNode m = memory.get("assignment_check"), s = store.json().get("assignment_check");
        assertEquals(0, m.get("mismatches").asLong(), m.toString());
        assertEquals(m.get("mismatches"), s.get("mismatches"), s.toString());
        long left = m.get("users_checked").asLong() - s.get("users_checked").asLong();
        assertTrue(left > 0, "the sample's e-mail users are pseudonyms in the store: " + m + " " + s);
        assertTrue(store.json().get("warnings").toString().contains(left + " users' ids are pseudonyms"),
                store.json().get("warnings").toString());
        assertNoTemporaryStoreLeft();
    }

    /**
     * Request ids logged again with other tokens (the last copy counts), a bad line (said with its line number, once),
     * a window, in a directory with a gzip log: the same JSON and stderr for both commands.
     */
    @Test
    void repeatedIdsBadLinesAndAWindowGiveTheInMemoryJsonAndStderr() throws Exception {
        Path dir = Files.createDirectories(work.resolve("logs"));
        Path generated = dir.resolve("a-generated.jsonl");
        assertEquals(0, TestSupport.cli("samples", "generate", "--requests", "2500", "--seed", "24", "--days", "20",
                "-o", generated.toString()).code());
        List<String> lines = Files.readAllLines(generated, StandardCharsets.UTF_8);
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            later.add(lines.get(i * 199).replaceFirst("\"output_tokens\":\\d+", "\"output_tokens\":" + (9000 + i)));
        }
        later.add("{\"request_id\": \"broken"); // line 13
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("b-later.jsonl.gz")))) {
            out.write(String.join("\n", later).getBytes(StandardCharsets.UTF_8));
        }
        String since = lines.get(0).replaceFirst(".*\"timestamp\":\"(\\d{4}-\\d\\d-\\d\\d).*", "$1");
        String until = LocalDate.parse(since).plusDays(15).toString();
        JsonNode[] forecast = inMemoryAndThroughAStore("cost-forecast", "-f", "json", "--since", since, "--until", until,
                dir.toString());
        JsonNode f = forecast[0].get("ingest");
        assertTrue(f.get("duplicate_request_ids").asLong() >= 10 && f.get("bad_lines").asLong() == 1,
                () -> "repeats and a bad line: " + f.get("duplicate_request_ids") + " " + f.get("bad_lines"));
        JsonNode[] ab = inMemoryAndThroughAStore("ab-report", "-f", "json", "--experiment", "support-prompt-v2",
                "--since", since, "--until", until, dir.toString());
        assertTrue(ab[0].get("ingest").get("bad_lines").asLong() == 1, ab[0].get("ingest").toString());
    }

    /**
     * A Langfuse log whose generations are one in two without usage: the temporary store keeps their count by day, as
     * ingest does, so cost-forecast's unknown-cost share (the forecast nulled, the warning) is the in-memory one.
     */
    @Test
    void llmCallsWithoutUsageCountAsInMemory() throws IOException {
        StringBuilder sb = new StringBuilder();
        int g = 0;
        for (LocalDate d = LocalDate.parse("2026-10-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (int k = 0; k < 60; k++) {
                int s = (int) ((k + 0.5) * 86400 / 60);
                String t = d + String.format("T%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
                boolean usage = ++g % 2 != 0;
                sb.append("{\"batch\": [{\"id\": \"ev-g-").append(g).append("\", \"type\": \"generation-create\", \"body\": {\"id\": \"gen-")
                        .append(g).append("\", \"traceId\": \"trace-").append(g).append("\", \"name\": \"litellm-acompletion\", ")
                        .append("\"startTime\": \"").append(t).append(".000Z\", \"endTime\": \"").append(t).append(".800Z\", ")
                        .append("\"model\": \"gpt-4o\"")
                        .append(usage ? ", \"usage\": {\"input\": 10000, \"output\": 1000, \"unit\": \"TOKENS\"}" : "")
                        .append("}, \"timestamp\": \"").append(t).append(".000Z\"}]}\n");
            }
        }
        Path log = TestSupport.write(work, "langfuse-half-without-usage.jsonl", sb.toString());
        JsonNode[] both = inMemoryAndThroughAStore("cost-forecast", "-f", "json", log.toString());
        assertTrue(both[0].get("forecast_total_usd").isNull(), both[0].toString());
        assertTrue(both[1].get("warnings").toString().contains("are of LLM calls without usage (1,350,"),
                both[1].get("warnings").toString());
    }

    @Test
    void aLogOfNothingButBadLinesFailsAsInMemoryAndLeavesNoStore() throws IOException {
        Path bad = TestSupport.write(work, "bad.jsonl", "not json\n".repeat(3000));
        inMemoryAndThroughAStoreFailing("cost-forecast", "-f", "json", bad.toString());
        inMemoryAndThroughAStoreFailing("ab-report", "-f", "json", "--experiment", "x", bad.toString());
    }

    private void inMemoryAndThroughAStoreFailing(String... args) throws IOException {
        System.clearProperty(LIMIT);
        TestSupport.Run memory = TestSupport.cli(args);
        System.setProperty(LIMIT, "2000");
        TestSupport.Run store = TestSupport.cli(args);
        System.clearProperty(LIMIT);
        assertEquals(3, memory.code(), memory.err());
        assertEquals(3, store.code(), store.err());
        assertTrue(store.err().contains(WHY), store.err());
        assertNoTemporaryStoreLeft();
    }
}
