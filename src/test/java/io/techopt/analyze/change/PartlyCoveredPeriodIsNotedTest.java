package io.techopt.analyze.change;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h19: a period the log covers only in part (the log starts inside the baseline, or ends inside the current
 * period) made a change that is the log's edge, not growth, and nothing said so. The change section now names the
 * period and the span the log covers of it, in every format, beside the change itself.
 */
class PartlyCoveredPeriodIsNotedTest {
    @TempDir
    Path dir;

    /** Ten identical requests an hour from {@code from} to {@code until} (exclusive). */
    Path hourly(String name, String from, String until) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (long t = Instant.parse(from).toEpochMilli(); t < Instant.parse(until).toEpochMilli(); t += 360_000) {
            sb.append("{\"timestamp\":\"").append(Instant.ofEpochMilli(t)).append("\",\"model\":\"gpt-4o\",\"team\":\"a\","
                    + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n");
        }
        return TestSupport.write(dir, name, sb.toString());
    }

    static TestSupport.Run run(Path log, String format, String... extra) {
        List<String> args = new ArrayList<>(List.of("analyze", log.toString(), "-q", "-f", format));
        args.addAll(List.of(extra));
        TestSupport.Run r = TestSupport.cliWithEveryCsvTable(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r;
    }

    static String notes(JsonNode j) {
        return j.at("/change/notes").toString();
    }

    @Test
    void azureCodeTraceThatStartsInsideTheBaselineSaysTheBaselineIsCoveredOnlyFromItsFirstRequest() {
        Path trace = TestSupport.shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_code.csv");
        String[] args = {"--default-model", "gpt-4o", "--since", "2023-11-16T18:30:00Z", "--until", "2023-11-16T19:00:00Z",
                "--compare-to"};
        JsonNode j = run(trace, "json", args).json();
        String notes = notes(j);
        // the trace's first request is at 18:17:03.97996: 12m56s of the 30-minute baseline are not in the log
        assertTrue(notes.contains("the baseline period (2023-11-16T18:00:00Z to 2023-11-16T18:30:00Z) is only partly covered "
                + "by the log: it covers 2023-11-16T18:17:03.979Z to 2023-11-16T18:30:00Z (43.1% of it;"), notes);
        assertTrue(notes.contains("volume"), notes);
        assertFalse(notes.contains("current period (2023-11-16T18:30:00Z to 2023-11-16T19:00:00Z) is only partly"), notes);
        String table = run(trace, "table", args).out();
        assertTrue(table.contains("baseline only partly covered by the log"), table);
    }

    @Test
    void aLogThatStartsInsideTheBaselineSaysSoInEveryFormat() throws IOException {
        Path log = hourly("late-start.jsonl", "2026-10-08T00:00:00Z", "2026-10-31T00:00:00Z");
        String[] args = {"--since", "2026-10-16", "--until", "2026-10-31", "--compare-to"};
        String note = "the baseline period (2026-10-01T00:00:00Z to 2026-10-16T00:00:00Z) is only partly covered by the log: "
                + "it covers 2026-10-08T00:00:00Z to 2026-10-16T00:00:00Z (53.3% of it;";
        assertTrue(notes(run(log, "json", args).json()).contains(note));
        for (String f : new String[]{"table", "markdown", "csv", "html"}) {
            String out = run(log, f, args).out();
            assertTrue(out.contains("only partly covered by the log"), f + ":\n" + out);
            assertTrue(out.contains("2026-10-08T00:00:00Z to 2026-10-16T00:00:00Z"), f + ":\n" + out);
        }
    }

    @Test
    void aLogThatEndsInsideTheCurrentPeriodSaysSo() throws IOException {
        Path log = hourly("early-end.jsonl", "2026-10-01T00:00:00Z", "2026-10-24T00:00:00Z");
        JsonNode j = run(log, "json", "--since", "2026-10-16", "--until", "2026-10-31", "--compare-to").json();
        String notes = notes(j);
        // last request 2026-10-23T23:54: covered up to it (the period's part after the last request is not in the log)
        assertTrue(notes.contains("the current period (2026-10-16T00:00:00Z to 2026-10-31T00:00:00Z) is only partly covered "
                + "by the log: it covers 2026-10-16T00:00:00Z to 2026-10-23T23:54:00Z"), notes);
        assertFalse(notes.contains("the baseline period (2026-10-01T00:00:00Z"), notes);
    }

    @Test
    void aLogCoveringBothPeriodsGetsNoCoverageNote() throws IOException {
        Path log = hourly("full.jsonl", "2026-10-01T00:00:00Z", "2026-10-31T00:00:00Z");
        JsonNode j = run(log, "json", "--since", "2026-10-16", "--until", "2026-10-31", "--compare-to").json();
        assertFalse(notes(j).contains("partly covered"), notes(j));
        assertEquals(0.0, j.at("/change/change_usd").asDouble(), 1e-9);
    }

    @Test
    void aDailyExportStampedAtMidnightCoversItsLastDayWhole() throws IOException {
        StringBuilder sb = new StringBuilder(); // a billing export's rows: 20 a day, each dated at its day's start
        for (int d = 1; d <= 30; d++) {
            for (int i = 0; i < 20; i++) {
                sb.append(String.format(java.util.Locale.ROOT, "{\"timestamp\":\"2026-10-%02dT00:00:00Z\",\"model\":\"gpt-4o\","
                        + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}%n", d));
            }
        }
        Path log = TestSupport.write(dir, "daily.jsonl", sb.toString());
        JsonNode j = run(log, "json", "--since", "2026-10-16", "--until", "2026-10-31", "--compare-to").json();
        assertFalse(notes(j).contains("partly covered"), notes(j));
        assertEquals(1.0, j.at("/change/current/covered_share").asDouble());
        // the same export ending on October 23: the current period is covered to the end of that day, 8 of 15 days
        String partial = sb.substring(0, sb.indexOf("2026-10-24") - "{\"timestamp\":\"".length());
        JsonNode p = run(TestSupport.write(dir, "daily23.jsonl", partial), "json", "--since", "2026-10-16", "--until",
                "2026-10-31", "--compare-to").json();
        assertTrue(notes(p).contains("it covers 2026-10-16T00:00:00Z to 2026-10-24T00:00:00Z (53.3% of it;"), notes(p));
    }

    @Test
    void aWorkingHoursLogIsNotPartlyCoveredForTheNightBeforeItsFirstRequest() throws IOException {
        StringBuilder sb = new StringBuilder(); // 09:00 to 17:00 every day: the night is quiet, the log covers it
        for (int d = 1; d <= 30; d++) {
            for (int m = 9 * 60; m < 17 * 60; m += 6) {
                sb.append(String.format(java.util.Locale.ROOT, "{\"timestamp\":\"2026-10-%02dT%02d:%02d:00Z\",\"model\":"
                        + "\"gpt-4o\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}%n", d, m / 60, m % 60));
            }
        }
        Path log = TestSupport.write(dir, "office.jsonl", sb.toString());
        JsonNode j = run(log, "json", "--since", "2026-10-16", "--until", "2026-10-31", "--compare-to").json();
        assertFalse(notes(j).contains("partly covered"), notes(j));
        // the same log from October 8: a week of the baseline is missing, far longer than any night
        String late = sb.substring(sb.indexOf("2026-10-08") - "{\"timestamp\":\"".length());
        JsonNode p = run(TestSupport.write(dir, "office8.jsonl", late), "json", "--since", "2026-10-16", "--until",
                "2026-10-31", "--compare-to").json();
        assertTrue(notes(p).contains("it covers 2026-10-08T09:00:00Z to 2026-10-16T00:00:00Z"), notes(p));
        assertFalse(notes(p).contains("the current period (2026-10-16"), notes(p));
    }

    @Test
    void theBundledSampleHalvesAreFullyCovered() {
        JsonNode j = run(Path.of("samples/requests.jsonl.gz"), "json", "--since", "2026-10-16", "--until", "2026-10-31",
                "--compare-to", "2026-10-01..2026-10-16").json();
        assertFalse(notes(j).contains("partly covered"), notes(j));
    }
}
