package io.techopt.report;

import io.techopt.TestSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One renderer per format, each checked against a golden file. After an intended change, regenerate them with
 * {@code mvn test -Dtest=RenderersGoldenTest -Dtechopt.updateGolden=true} and review the diff.
 */
class RenderersGoldenTest {
    @ParameterizedTest
    @ValueSource(strings = {"table", "json", "csv", "markdown", "html"})
    void analyzeReportMatchesGolden(String format, @org.junit.jupiter.api.io.TempDir Path tmp) throws IOException, URISyntaxException {
        Path log = Path.of(getClass().getResource("/golden/small.jsonl").toURI());
        Path out = tmp.resolve("golden." + format); // a failed run left /tmp/golden*.FORMAT behind
        TestSupport.Run run = TestSupport.cli("analyze", "--format", format, "--out", out.toString(), "--quiet",
                "--group-by", "team", "--group-by", "day", log.toString());
        assertEquals(0, run.code(), run.err());
        String actual = Files.readString(out).replace(log.toString(), "small.jsonl");
        Path golden = Path.of("src/test/resources/golden/analyze." + format);
        if (Boolean.getBoolean("techopt.updateGolden")) {
            Files.writeString(golden, actual);
        }
        assertEquals(Files.readString(golden), actual, "golden file " + golden + " (see the class comment to update)");
    }

    /** route-sim's report (a table per strategy, the Pareto chart) on a small log with task types and quality. */
    @ParameterizedTest
    @ValueSource(strings = {"table", "json", "csv", "markdown", "html"})
    void routeSimReportMatchesGolden(String format, @org.junit.jupiter.api.io.TempDir Path tmp) throws IOException, URISyntaxException {
        Path log = Path.of(getClass().getResource("/golden/route-small.jsonl").toURI());
        Path out = tmp.resolve("golden." + format); // a failed run left /tmp/golden*.FORMAT behind
        TestSupport.Run run = TestSupport.cli("route-sim", "--format", format, "--out", out.toString(), "--quiet", log.toString());
        assertEquals(0, run.code(), run.err());
        String actual = Files.readString(out);
        Path golden = Path.of("src/test/resources/golden/route-sim." + format);
        if (Boolean.getBoolean("techopt.updateGolden")) {
            Files.writeString(golden, actual);
        }
        assertEquals(Files.readString(golden), actual, "golden file " + golden + " (see the class comment to update)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"html"})
    void htmlIsSelfContained(String format) throws IOException {
        String html = Files.readString(Path.of("src/test/resources/golden/analyze." + format));
        assertTrue(html.contains("<svg"), "charts are inline SVG");
        assertTrue(html.contains("Cost by day") && html.contains("Cost by model") && html.contains("Latency distribution"));
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no outside resource");
    }
}
