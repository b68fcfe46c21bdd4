package io.techopt.analyze.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h19: with --compare-to, ingest's counts and warnings (estimated tokens, conflicting token fields) took in the
 * baseline's records, so the main report mixed the periods. Every figure outside {@code change} is now what
 * {@code analyze --since C1 --until C2} alone prints, and what only the baseline's records had is said in the change
 * section, attributed to the baseline.
 */
class MainReportIsTheCurrentPeriodAloneTest {
    @TempDir
    Path dir;

    /**
     * LiteLLM spend-log rows (the real payload from ../shared): in the baseline (October 1-15) each day one row whose
     * flat counts disagree with usage_object and one with no usage (tokens estimated from its text); in the current
     * period (October 16-30) two agreeing rows a day.
     */
    Path mixedLog() throws IOException {
        Path real = TestSupport.shared("data/litellm-logs/gcs_pub_sub_body/spend_logs_payload.json");
        ObjectNode row = (ObjectNode) TestSupport.JSON.readTree(Files.readString(real));
        StringBuilder log = new StringBuilder();
        for (int d = 1; d <= 30; d++) {
            for (int i = 0; i < 2; i++) {
                String ts = String.format(Locale.ROOT, "2026-10-%02d 10:%02d:00.000000", d, i);
                if (d <= 15 && i == 1) {
                    log.append(("{\"id\": \"nousage-" + d + "\", \"call_type\": \"completion\", \"startTime\": \"" + ts
                            + "\", \"endTime\": \"" + ts + "\", \"model\": \"gpt-4o\", \"status\": \"success\", "
                            + "\"messages\": [{\"role\": \"user\", \"content\": \"Hello, world!\"}], \"response\": {\"choices\": "
                            + "[{\"message\": {\"role\": \"assistant\", \"content\": \"Hi! How can I help?\"}}]}}")).append('\n');
                    continue;
                }
                ObjectNode c = row.deepCopy();
                c.put("request_id", "r-" + d + "-" + i);
                c.put("startTime", ts);
                c.put("endTime", ts);
                if (d <= 15) {
                    c.put("prompt_tokens", 11); // usage_object says 10
                }
                log.append(TestSupport.JSON.writeValueAsString(c)).append('\n');
            }
        }
        return TestSupport.write(dir, "spend.jsonl", log.toString());
    }

    static TestSupport.Run run(Path log, boolean quiet, String... extra) {
        List<String> args = new ArrayList<>(List.of("analyze", log.toString(), "-f", "json"));
        if (quiet) {
            args.add("-q");
        }
        args.addAll(List.of(extra));
        TestSupport.Run r = TestSupport.cli(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r;
    }

    static final String[] CURRENT = {"--since", "2026-10-16", "--until", "2026-10-31"};

    static String[] withChange(String... current) {
        List<String> a = new ArrayList<>(List.of(current));
        a.add("--compare-to");
        return a.toArray(String[]::new);
    }

    @Test
    void everyFigureOutsideTheChangeSectionIsTheStandAloneRunsOfTheCurrentPeriod() throws IOException {
        Path log = mixedLog();
        JsonNode alone = run(log, true, CURRENT).json();
        ObjectNode compared = (ObjectNode) run(log, true, withChange(CURRENT)).json();
        JsonNode change = compared.remove("change");
        assertEquals(alone, compared);
        assertEquals(30, alone.get("requests").asLong());
        assertEquals(0, alone.get("estimated_requests").asLong(), "no current request had its tokens estimated");
        assertFalse(alone.get("warnings").toString().contains("conflicting"), alone.get("warnings").toString());
        String notes = change.get("notes").toString();
        assertTrue(notes.contains("baseline period: 15 requests had no token counts"), notes);
        assertTrue(notes.contains("baseline period: 15 requests had conflicting token fields"), notes);
        assertFalse(notes.contains("current period: "), notes);
    }

    @Test
    void stderrWarningsAreTheStandAloneRunsToo() throws IOException {
        Path log = mixedLog();
        assertEquals(withoutTimings(run(log, false, CURRENT).err()), withoutTimings(run(log, false, withChange(CURRENT)).err()));
    }

    @Test
    void aReplayTraceIsAnchoredAtSinceOnStderrAndInTheReportAsAlone() {
        Path trace = TestSupport.shared("data/mooncake-trace/conversation_trace.jsonl");
        String[] current = {"--default-model", "gpt-4o", "--since", "2026-10-01T10:00:00Z", "--until", "2026-10-01T10:30:00Z"};
        TestSupport.Run alone = run(trace, false, current);
        TestSupport.Run compared = run(trace, false, withChange(current));
        assertTrue(alone.err().contains("anchored at 2026-10-01T10:00:00Z"), alone.err());
        assertEquals(withoutTimings(alone.err()), withoutTimings(compared.err()));
        ObjectNode c = (ObjectNode) compared.json();
        JsonNode change = c.remove("change");
        assertEquals(alone.json(), c);
        assertEquals(0, change.at("/baseline/requests").asLong(), "a replay trace starts at --since: none in the baseline");
    }

    @Test
    void aStandAloneRunCountsOnlyItsOwnRequestsAsEstimated() throws IOException {
        Path log = mixedLog();
        assertEquals(15, run(log, true, "--since", "2026-10-01", "--until", "2026-10-16").json().get("estimated_requests").asLong());
        assertEquals(0, run(log, true, CURRENT).json().get("estimated_requests").asLong());
    }

    /**
     * stderr without the progress summary ("reading F 3.0 MB in 3.3 s (0.92 MB/s)"), written only when reading took over
     * 2 s: under a loaded CI one run of the pair crossed it and the other did not.
     */
    private static String withoutTimings(String err) {
        return err.lines().filter(l -> !l.matches("techopt: .* in [0-9][^(]* \\([^)]*/s\\)")).collect(java.util.stream.Collectors.joining("\n"));
    }
}
