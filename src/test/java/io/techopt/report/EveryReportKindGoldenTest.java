package io.techopt.report;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.opentest4j.TestAbortedException;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden files for every report kind RenderersGoldenTest does not cover (it has analyze and route-sim on a log):
 * budget (log and --prompt), compress (log, prompt, conversation), ab-report, cost-forecast, cache-warm calibrate /
 * simulate / replay / warm and route-sim on a matrix, each in the five formats, on small fixed inputs (a day of the
 * bundled sample, golden/inputs/, or a slice of ../shared/data). Only the three kinds that read ../shared skip when it
 * is missing (fail under CI), and before running: their arguments ask TestSupport.shared for the path; the other 45
 * cases run without it. JsonOutputContractTest.everyReportSchemaHasAGoldenFileOrAReasonWhyNot asks a new kind for its golden. With ReportViewFixtureGoldenTest beside it, a changed file here and none there is an engine
 * change. After an intended change: {@code mvn test -Dtest=EveryReportKindGoldenTest -Dtechopt.updateGolden=true},
 * then review the diff.
 */
class EveryReportKindGoldenTest {
    static final String SAMPLE = "samples/requests.jsonl.gz";
    static final String INPUTS = "src/test/resources/golden/inputs/";
    static final String[] ONE_DAY = {"--since", "2026-10-05", "--until", "2026-10-06"};
    /** A figure measured on this machine's clock (cache-warm simulate's semantic lookup time): its value is masked, its key kept. */
    static final java.util.regex.Pattern TIMED = java.util.regex.Pattern.compile("(\"lookup_ms_mean\" : )[0-9][0-9.E-]*");

    record Kind(String name, Supplier<List<String>> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<String> args(String[] first, String... rest) {
        List<String> a = new ArrayList<>(List.of(rest));
        a.addAll(List.of(first));
        return a;
    }

    static List<Kind> kinds() {
        return List.of(
                new Kind("budget", () -> args(ONE_DAY, "budget", SAMPLE)),
                new Kind("compress", () -> args(ONE_DAY, "compress", SAMPLE, "--rate", "0.6")),
                new Kind("ab-report", () -> List.of("ab-report", SAMPLE, "--experiment", "support-prompt-v2",
                        "--weights", "control=0.5,treatment=0.5")),
                new Kind("cost-forecast", () -> List.of("cost-forecast", SAMPLE)),
                new Kind("cache-warm-calibrate", () -> List.of("cache-warm", "calibrate", "--pairs",
                        TestSupport.shared("data/gptcache-qqp/similiar_qqp_full.json").toString(), "--limit", "200", "--seed", "3",
                        "--embedder", "hash")),
                new Kind("cache-warm-simulate", () -> args(ONE_DAY, "cache-warm", "simulate", SAMPLE, "--embedder", "hash")),
                new Kind("cache-warm", () -> args(ONE_DAY, "cache-warm", SAMPLE, "--dry-run", "--embedder", "hash")),
                new Kind("route-sim-matrix", () -> List.of("route-sim", "--matrix",
                        TestSupport.shared("data/routellm/mmlu_responses/mmlu_astronomy.csv").toString(), "--embedder", "hash")),
                // r23h L3: the report kinds with a schema and no golden; inputs as JsonOutputContractTest's cases
                new Kind("budget-prompt", () -> List.of("budget", "--prompt", INPUTS + "prompt.txt", "--task-type", "summarization")),
                new Kind("compress-prompt", () -> List.of("compress", INPUTS + "prompt.txt",
                        "--question", "What did the council decide?", "--target-tokens", "30")),
                new Kind("compress-conversation", () -> List.of("compress", INPUTS + "conversation.json", "--rate", "0.5")),
                new Kind("cache-warm-replay", () -> List.of("cache-warm", "simulate", "--pairs",
                        TestSupport.shared("data/gptcache-qqp/similiar_qqp_full.json").toString(), "--queries", "300", "--seed", "3",
                        "--embedder", "hash")));
    }

    static Stream<Arguments> kindsAndFormats() {
        return kinds().stream().flatMap(k -> Stream.of("table", "json", "csv", "markdown", "html").map(f -> Arguments.of(k, f)));
    }

    /**
     * The output as the golden file holds it: the shared data's path as ../shared/, timed figures masked. Reads the
     * shared path without asking for it to exist, so a report of the sample is compared without ../shared.
     */
    static String normalise(String output) {
        String shared = TestSupport.sharedRoot().resolve("").toString();
        return TIMED.matcher(output.replace(shared, "../shared/")).replaceAll("$1\"(timed)\"");
    }

    /** r21h M3: without ../shared all 40 cases skipped, 30 of them after running a command that reads only the sample. */
    @Test
    void onlyTheKindsReadingSharedDataNeedIt() {
        TestSupport.withSharedRoot(Path.of("/nonexistent/techopt-shared"), () -> {
            List<String> needing = new ArrayList<>();
            for (Kind kind : kinds()) {
                try {
                    kind.args().get();
                } catch (TestAbortedException | AssertionError missing) {
                    needing.add(kind.name());
                }
            }
            assertEquals(List.of("cache-warm-calibrate", "route-sim-matrix", "cache-warm-replay"), needing);
            assertDoesNotThrow(() -> normalise("{\"log\" : \"samples/requests.jsonl.gz\"}"),
                    "a report of the sample is compared without the shared data");
        });
    }

    /** A messages array has no top-level system prompt: its JSON null was printed as an empty "system: " line. */
    @Test
    void aConversationWithNoTopLevelSystemPromptPrintsNoEmptySystemLine() {
        TestSupport.Run run = TestSupport.cli("compress", INPUTS + "conversation.json", "--rate", "0.5", "--format", "table", "-q");
        assertEquals(0, run.code(), run.err());
        org.junit.jupiter.api.Assertions.assertFalse(run.out().lines().anyMatch(l -> l.strip().equals("- system:")), run.out());
        org.junit.jupiter.api.Assertions.assertTrue(run.out().contains("- system: You are a helpful travel assistant."), run.out());
    }

    @ParameterizedTest(name = "{0} -f {1}")
    @MethodSource("kindsAndFormats")
    void reportMatchesItsGoldenFile(Kind kind, String format, @org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        // in the test's own directory: a run that aborted (no shared data) or failed left /tmp/golden*.FORMAT behind
        Path out = tmp.resolve("golden." + format);
        List<String> a = new ArrayList<>(kind.args().get());
        a.addAll(List.of("--format", format, "--out", out.toString(), "--quiet"));
        TestSupport.Run run = TestSupport.cli(a.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        String actual = normalise(Files.readString(out));
        Path golden = Path.of("src/test/resources/golden/" + kind.name() + "." + format);
        if (Boolean.getBoolean("techopt.updateGolden")) {
            Files.writeString(golden, actual);
        }
        assertEquals(Files.readString(golden), actual, "golden file " + golden + " (see the class comment to update)");
    }
}
