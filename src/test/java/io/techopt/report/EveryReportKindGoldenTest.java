package io.techopt.report;

import io.techopt.TestSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden files for every report kind RenderersGoldenTest does not cover (it has analyze and route-sim on a log):
 * budget, compress, ab-report, cost-forecast, cache-warm calibrate / simulate / warm and route-sim on a matrix, each in
 * the five formats, on small fixed inputs (a day of the bundled sample, or a slice of ../shared/data, which fails
 * under CI when missing). With ReportViewFixtureGoldenTest beside it, a changed file here and none there is an engine
 * change. After an intended change: {@code mvn test -Dtest=EveryReportKindGoldenTest -Dtechopt.updateGolden=true},
 * then review the diff.
 */
class EveryReportKindGoldenTest {
    static final String SAMPLE = "samples/requests.jsonl.gz";
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
                        TestSupport.shared("data/routellm/mmlu_responses/mmlu_astronomy.csv").toString(), "--embedder", "hash")));
    }

    static Stream<Arguments> kindsAndFormats() {
        return kinds().stream().flatMap(k -> Stream.of("table", "json", "csv", "markdown", "html").map(f -> Arguments.of(k, f)));
    }

    @ParameterizedTest(name = "{0} -f {1}")
    @MethodSource("kindsAndFormats")
    void reportMatchesItsGoldenFile(Kind kind, String format) throws IOException {
        Path out = Files.createTempFile("golden", "." + format);
        List<String> a = new ArrayList<>(kind.args().get());
        a.addAll(List.of("--format", format, "--out", out.toString(), "--quiet"));
        TestSupport.Run run = TestSupport.cli(a.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        String actual = TIMED.matcher(Files.readString(out).replace(TestSupport.shared("").toString(), "../shared/"))
                .replaceAll("$1\"(timed)\"");
        Files.delete(out);
        Path golden = Path.of("src/test/resources/golden/" + kind.name() + "." + format);
        if (Boolean.getBoolean("techopt.updateGolden")) {
            Files.writeString(golden, actual);
        }
        assertEquals(Files.readString(golden), actual, "golden file " + golden + " (see the class comment to update)");
    }
}
