package io.techopt.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user is the unit of analysis: a user seen under several variants is left out with every request, latency
 * included. When that leaves a variant with no user, nothing can be compared, and every format says so.
 */
class UnattributableUsersTest {
    @TempDir
    Path tmp;

    /**
     * 20 users; each is served control for ten requests, then treatment for ten. Treatment is 60 ms slower, so a
     * comparison of all requests' latencies (which belong to no attributable user) finds it "significantly worse".
     */
    private Path everyUserSawBoth() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            boolean treatment = (i / 20) % 2 == 1;
            b.append(String.format("{\"request_id\":\"r%d\",\"timestamp\":\"2026-10-%02dT10:%02d:00Z\",\"model\":\"gpt-4o-mini\","
                            + "\"user\":\"u%d\",\"experiment\":\"exp1\",\"variant\":\"%s\",\"latency_ms\":%d,"
                            + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":%d}}\n", i, 1 + i % 20, i % 60, i % 20,
                    treatment ? "treatment" : "control", 300 + (i * 37) % 400 + (treatment ? 60 : 0), 100 + i % 50));
        }
        return TestSupport.write(tmp, "both.jsonl", b.toString());
    }

    @Test
    void whenEveryUserSawBothVariantsNothingIsComparedAndEveryFormatSaysUsersCannotBeAttributed() throws IOException {
        Path log = everyUserSawBoth();
        TestSupport.Run json = TestSupport.cli("ab-report", log.toString(), "--experiment", "exp1", "-f", "json", "-q");
        assertEquals(0, json.code(), json.err());
        JsonNode j = json.json();
        assertEquals("inconclusive", j.at("/recommendation/decision").asText(), j.get("recommendation").toString());
        assertTrue(j.at("/recommendation/reason").asText().contains("cannot be attributed"), j.get("recommendation").toString());
        assertEquals(20, j.get("users_in_several_variants").asLong());
        for (JsonNode v : j.get("variants")) {
            assertEquals(0, v.get("users").asLong());
            for (String k : List.of("success_rate", "cost_per_user_usd", "requests_per_user", "cost_per_request_usd", "latency_p95_ms")) {
                assertTrue(v.has(k) && v.get(k).isNull(), k + " must be null when the variant keeps no user: " + v);
            }
        }
        for (JsonNode c : j.get("comparisons")) {
            assertTrue(c.get("lift").isNull() && c.get("p_value").isNull(), "nothing is compared: " + c);
        }
        assertTrue(j.get("warnings").toString().contains("cannot be attributed"), j.get("warnings").toString());

        String variants = TestSupport.cli("ab-report", log.toString(), "--experiment", "exp1", "-f", "csv", "-q", "--table", "variants").out();
        List<String> variantRows = variants.lines().skip(1).toList();
        assertEquals(2, variantRows.size(), variants);
        for (String line : variantRows) {
            // users, requests, requests_per_user, cost_usd, cost_per_user_usd, cost_per_request_usd, success_rate, latency_p95_ms
            assertTrue(line.matches("(control|treatment),0,0,,0,,,,,"), "csv variant row: " + line);
        }
        String comparisons = TestSupport.cli("ab-report", log.toString(), "--experiment", "exp1", "-f", "csv", "-q").out();
        List<String> comparisonRows = comparisons.lines().skip(1).toList();
        assertFalse(comparisonRows.isEmpty(), comparisons);
        for (String line : comparisonRows) {
            // nothing compared: no value, lift, interval, p-values or effect; the decision is inconclusive
            assertTrue(line.matches("treatment,[a-z_]+,,,,,,,,.+,,inconclusive"), "csv comparison row compares nothing: " + line);
        }
        String table = TestSupport.cli("ab-report", log.toString(), "--experiment", "exp1", "-f", "table", "-q").out();
        assertTrue(table.contains("INCONCLUSIVE") && table.contains("cannot be attributed"), table);
        assertTrue(!table.contains("NaN") && table.contains("not measurable"), table);
    }

    @Test
    void theSampleRatioFlagIsNullWithANoteWhenItsChiSquareCannotBeMeasured() throws IOException {
        JsonNode j = TestSupport.cli("ab-report", everyUserSawBoth().toString(), "--experiment", "exp1", "-f", "json", "-q").json();
        JsonNode srm = j.get("srm");
        assertTrue(srm.get("p_value").isNull() && srm.get("chi_square").isNull(), srm.toString());
        assertTrue(srm.has("flagged") && srm.get("flagged").isNull(), "flagged must be null, not false, when p_value is null: " + srm);
        assertTrue(j.get("warnings").toString().contains("srm.flagged are null"), j.get("warnings").toString());
    }

    @Test
    void aUserLeftOutTakesTheirLatenciesAlong() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int u = 0; u < 40; u++) {
            for (int k = 0; k < 5; k++) {
                String variant = u % 2 == 0 ? "control" : "treatment";
                b.append(String.format("{\"timestamp\":\"2026-10-%02dT10:00:00Z\",\"model\":\"gpt-4o-mini\",\"user\":\"u%d\","
                        + "\"experiment\":\"e\",\"variant\":\"%s\",\"latency_ms\":%d,\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n",
                        1 + k, u, variant, 500 + k));
            }
        }
        for (int u = 100; u < 110; u++) {
            // users served both variants, very slow under treatment: left out, so their latencies must not count
            b.append(String.format("{\"timestamp\":\"2026-10-07T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"user\":\"u%d\",\"experiment\":\"e\","
                    + "\"variant\":\"control\",\"latency_ms\":500,\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n", u));
            b.append(String.format("{\"timestamp\":\"2026-10-08T10:00:00Z\",\"model\":\"gpt-4o-mini\",\"user\":\"u%d\",\"experiment\":\"e\","
                    + "\"variant\":\"treatment\",\"latency_ms\":90000,\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n", u));
        }
        Path log = TestSupport.write(tmp, "some-mixed.jsonl", b.toString());
        JsonNode j = TestSupport.cli("ab-report", log.toString(), "--experiment", "e", "-f", "json", "-q").json();
        assertEquals(10, j.get("users_in_several_variants").asLong());
        for (JsonNode v : j.get("variants")) {
            assertEquals(20, v.get("users").asLong(), v.toString());
            assertTrue(v.get("latency_p95_ms").asDouble() <= 504, "latency of kept users only: " + v);
        }
        assertTrue(!j.at("/recommendation/reason").asText().contains("latency"), j.get("recommendation").toString());
    }
}
