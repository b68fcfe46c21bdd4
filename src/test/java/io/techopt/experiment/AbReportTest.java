package io.techopt.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbReportTest {
    @TempDir
    Path tmp;

    static final Map<String, Double> HALF = new LinkedHashMap<>(Map.of("control", 0.5));

    static {
        HALF.put("treatment", 0.5);
    }

    @Test
    void assignmentIsDeterministicAndFollowsTheWeights() {
        assertEquals(Assignment.assign("exp", "user-1", HALF), Assignment.assign("exp", "user-1", HALF));
        Map<String, Double> w = Assignment.parseWeights("a=0.2,b=0.3,c=0.5");
        int[] counts = new int[3];
        for (int i = 0; i < 100_000; i++) {
            counts[List.of("a", "b", "c").indexOf(Assignment.assign("exp", "u" + i, w))]++;
        }
        assertEquals(0.2, counts[0] / 1e5, 0.005);
        assertEquals(0.3, counts[1] / 1e5, 0.005);
        assertEquals(0.5, counts[2] / 1e5, 0.005);
        // SHA-256("exp:user-1") starts 0x…: a fixed point another implementation can check against
        assertEquals(Assignment.unit("exp:user-1") < 0.5 ? "control" : "treatment", Assignment.assign("exp", "user-1", HALF));
    }

    /** One request per user in the experiment, variants as given. */
    private Path splitLog(String name, int users, java.util.function.IntFunction<String> variant) throws IOException {
        Path f = tmp.resolve(name);
        try (Writer w = Files.newBufferedWriter(f)) {
            for (int i = 0; i < users; i++) {
                w.write("{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"user\":\"u" + i
                        + "\",\"experiment\":\"split\",\"variant\":\"" + variant.apply(i)
                        + "\",\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n");
            }
        }
        return f;
    }

    @Test
    void sampleRatioMismatchIsFlaggedOnA52To48SplitOf20kUsersButNotOnATrueHalf() throws IOException {
        Path skewed = splitLog("skewed.jsonl", 20_000, i -> i < 10_400 ? "control" : "treatment");
        TestSupport.Run run = TestSupport.cli("ab-report", "-f", "json", "-q", "--experiment", "split", "--fail-on-srm", skewed.toString());
        JsonNode srm = run.json().get("srm");
        assertTrue(srm.get("flagged").asBoolean());
        assertEquals(1.5417257900280013e-08, srm.get("p_value").asDouble(), 1e-12, "scipy.stats.chisquare([10400, 9600])");
        assertEquals(4, run.code(), "--fail-on-srm");
        // review r18 F9j: exit 4 said why on stderr, even under -q
        assertTrue(run.err().contains("techopt: sample ratio mismatch (chi-square 32.0, p 1.5e-08): exit 4"), run.err());
        Path lopsided = splitLog("lopsided.jsonl", 20_000, i -> i < 14_000 ? "control" : "treatment");
        TestSupport.Run far = TestSupport.cli("ab-report", "-f", "json", "-q", "--experiment", "split", "--fail-on-srm", lopsided.toString());
        assertTrue(far.err().contains("p below 1e-15): exit 4"), "a p-value under a double's reach is no 'p 0.0': " + far.err());
        assertEquals("dont_ship", run.json().at("/recommendation/decision").asText());

        Path fair = splitLog("fair.jsonl", 20_000, i -> Assignment.assign("split", "u" + i, HALF));
        TestSupport.Run ok = TestSupport.cli("ab-report", "-f", "json", "-q", "--experiment", "split", "--fail-on-srm",
                "--weights", "control=0.5,treatment=0.5", fair.toString());
        assertFalse(ok.json().at("/srm/flagged").asBoolean(), ok.json().get("srm").toString());
        assertEquals(0, ok.code());
        assertFalse(ok.err().contains("exit 4"), ok.err());
        assertEquals(0, ok.json().at("/assignment_check/mismatches").asLong());
        assertEquals(20_000, ok.json().at("/assignment_check/users_checked").asLong());
    }

    /**
     * 2,000 users with heterogeneous spend; treatment cuts cost by 20% and keeps quality; two weeks of pre-period
     * history per user.
     */
    private Path experimentLog() throws IOException {
        Path f = tmp.resolve("experiment.jsonl");
        SplittableRandom r = new SplittableRandom(9);
        Instant start = Instant.parse("2026-10-15T00:00:00Z");
        try (Writer w = Files.newBufferedWriter(f)) {
            for (int i = 0; i < 2000; i++) {
                String user = "user-" + i;
                String v = Assignment.assign("cheaper-prompt", user, HALF);
                double base = Math.exp(r.nextGaussian()); // users differ a lot in how much they use the product
                for (int d = 0; d < 14; d++) { // before the experiment
                    line(w, start.minusSeconds(86_400L * (14 - d)), user, null, null, (long) (4000 * base * (0.5 + r.nextDouble())), 0.8, r);
                }
                for (int d = 0; d < 7; d++) {
                    long input = (long) (4000 * base * (0.5 + r.nextDouble()) * (v.equals("treatment") ? 0.8 : 1.0));
                    line(w, start.plusSeconds(86_400L * d + 3600), user, "cheaper-prompt", v, input, 0.8, r);
                }
            }
        }
        return f;
    }

    private static void line(Writer w, Instant t, String user, String exp, String variant, long input, double q,
                             SplittableRandom r) throws IOException {
        w.write("{\"timestamp\":\"" + t + "\",\"model\":\"gpt-4o-mini\",\"user\":\"" + user + "\""
                + (exp == null ? "" : ",\"experiment\":\"" + exp + "\",\"variant\":\"" + variant + "\"")
                + ",\"latency_ms\":" + (500 + r.nextInt(500)) + ",\"quality\":" + Math.min(1, q + 0.1 * r.nextGaussian() < 0 ? 0 : Math.min(1, q + 0.1 * r.nextGaussian()))
                + ",\"usage\":{\"input_tokens\":" + input + ",\"output_tokens\":50}}\n");
    }

    @Test
    void aCheaperVariantWithSteadyQualityShipsAndCupedTightensTheInterval() throws IOException {
        Path log = experimentLog();
        JsonNode plain = TestSupport.cli("ab-report", "-f", "json", "-q", "--experiment", "cheaper-prompt",
                "--weights", "control=0.5,treatment=0.5", log.toString()).json();
        for (String k : List.of("experiment", "srm", "variants", "comparisons")) {
            assertTrue(plain.has(k), k);
        }
        for (String k : List.of("name", "users", "requests", "success_rate", "cost_per_user_usd", "cost_per_request_usd",
                "latency_p95_ms", "quality_mean")) {
            assertTrue(plain.at("/variants/0").has(k), k);
        }
        JsonNode cost = comparison(plain, "cost_per_user");
        for (String k : List.of("variant", "control", "metric", "lift", "ci_low", "ci_high", "p_value", "p_adjusted")) {
            assertTrue(cost.has(k), k);
        }
        // users' spend is lognormal, so the raw difference is noisy; its 95% interval must still hold the true -20%
        assertTrue(cost.get("ci_low").asDouble() < -0.2 && -0.2 < cost.get("ci_high").asDouble(), cost.toString());
        assertTrue(cost.get("lift").asDouble() < 0, cost.toString());
        assertTrue(cost.get("p_adjusted").asDouble() >= cost.get("p_value").asDouble());
        assertTrue(Math.abs(comparison(plain, "quality").get("lift").asDouble()) < 0.05, "quality holds");

        JsonNode cuped = TestSupport.cli("ab-report", "-f", "json", "-q", "--experiment", "cheaper-prompt", "--cuped",
                log.toString()).json();
        JsonNode c2 = comparison(cuped, "cost_per_user");
        double plainWidth = cost.get("ci_high").asDouble() - cost.get("ci_low").asDouble();
        double cupedWidth = c2.get("ci_high").asDouble() - c2.get("ci_low").asDouble();
        assertTrue(cupedWidth < 0.7 * plainWidth, "pre-period spend explains most of the variance: " + cupedWidth + " vs " + plainWidth);
        assertEquals(-0.2, c2.get("lift").asDouble(), 0.05, c2.toString());
        assertEquals("ship", cuped.at("/recommendation/decision").asText(), cuped.get("recommendation").toString());
    }

    @Test
    void bundledSampleHasAnExperimentToReport() {
        TestSupport.Run run = TestSupport.cli("ab-report", "-f", "json", "-q", "--experiment", "support-prompt-v2",
                "--weights", "control=0.5,treatment=0.5", "samples/requests.jsonl.gz");
        assertEquals(0, run.code(), run.err());
        assertEquals(0, run.json().at("/assignment_check/mismatches").asLong(), "the generator assigns with the same hash");
        assertEquals(2, run.json().get("variants").size());
        assertEquals(2, TestSupport.cli("ab-report", "--experiment", "nope", "samples/requests.jsonl.gz").code());
    }

    /** Found by FiguresReconcileTest on a random log whose two users were both in control: "techopt: shape (0)". */
    @Test
    void anExperimentWithOneVariantIsAClearUsageErrorNotAStatisticsLibrarysMessage() throws IOException {
        Path log = splitLog("one-variant.jsonl", 20, i -> "control");
        TestSupport.Run run = TestSupport.cli("ab-report", "-f", "json", "-q", "--experiment", "split", log.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("one variant") && run.err().contains("control"), run.err());
        assertFalse(run.err().contains("shape"), run.err());
    }

    private static JsonNode comparison(JsonNode j, String metric) {
        for (JsonNode c : j.get("comparisons")) {
            if (c.get("metric").asText().equals(metric)) {
                return c;
            }
        }
        throw new AssertionError(metric);
    }
}
