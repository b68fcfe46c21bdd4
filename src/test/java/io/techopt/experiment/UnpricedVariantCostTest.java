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
 * Issue 12 item 7: the cost of a request of an unpriced model is unknown, never $0. Up to
 * {@link ExperimentAnalyzer#MAX_UNPRICED_SHARE} of a variant's requests, its cost is compared on the priced ones with a note;
 * above it, the variant has null cost figures with a note, its cost comparisons are null (left out of Holm's adjustment), and the verdict
 * is not decided on a cost that cannot be measured.
 */
class UnpricedVariantCostTest {
    @TempDir
    Path tmp;

    /** 20 users per variant, 10 requests each; variant a uses {@code modelA}, variant b {@code modelB}. */
    private Path log(String modelA, String modelB) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            int user = i % 40;
            b.append(String.format("{\"timestamp\":\"2026-10-%02dT10:%02d:00Z\",\"request_id\":\"r%d\",\"model\":\"%s\",\"user\":\"u%d\","
                            + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":200},\"status\":\"ok\",\"latency_ms\":500,"
                            + "\"experiment\":\"e1\",\"variant\":\"%s\"}\n", 1 + i % 28, i % 60, i, user % 2 == 0 ? modelA : modelB,
                    user, 1400 + (i * 37) % 100, user % 2 == 0 ? "a" : "b"));
        }
        return TestSupport.write(tmp, "ab.jsonl", b.toString());
    }

    @Test
    void aTreatmentOnAnUnpricedModelIsNotShippedAsCuttingCostBy100Percent() throws IOException {
        Path log = log("gpt-4o", "acme-llm-x");
        TestSupport.Run run = TestSupport.cli("ab-report", log.toString(), "--experiment", "e1", "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals("inconclusive", j.at("/recommendation/decision").asText(), j.get("recommendation").toString());
        assertTrue(j.at("/recommendation/reason").asText().contains("unpriced"), j.get("recommendation").toString());
        JsonNode a = j.at("/variants/0"), b = j.at("/variants/1");
        assertTrue(a.get("cost_per_user_usd").asDouble() > 0, "the priced control keeps its cost: " + a);
        for (String k : List.of("cost_usd", "cost_per_user_usd", "cost_per_request_usd")) {
            assertTrue(b.has(k) && b.get(k).isNull(), k + " of the unpriced variant must be null, not $0: " + b);
        }
        for (JsonNode c : j.get("comparisons")) {
            if (c.get("metric").asText().startsWith("cost_per_")) {
                for (String k : List.of("lift", "ci_low", "ci_high", "p_value", "p_adjusted", "control_value", "variant_value")) {
                    assertTrue(c.has(k) && c.get(k).isNull(), k + " of an unmeasurable cost comparison must be null: " + c);
                }
                assertTrue(c.get("test").asText().contains("unpriced"), c.toString());
            }
        }
        String notes = j.get("warnings").toString();
        assertTrue(notes.contains("Variant b: cost_usd, cost_per_user_usd and cost_per_request_usd are null") && notes.contains("acme-llm-x"), notes);
        assertFalse(notes.contains("count as $0"), notes);

        String table = TestSupport.cli("ab-report", log.toString(), "--experiment", "e1", "-f", "table", "-q").out();
        assertTrue(table.contains("INCONCLUSIVE") && !table.contains("SHIP") && !table.contains("-100"), table);
    }

    /** Variant b's users send {@code unpricedPerVariant} of their 200 requests to an unpriced model, the rest to gpt-4o. */
    private Path partlyUnpriced(int unpricedPerVariant) throws IOException {
        StringBuilder b = new StringBuilder();
        int seenB = 0;
        for (int i = 0; i < 400; i++) {
            int user = i % 40;
            boolean inB = user % 2 == 1;
            String model = inB && seenB++ < unpricedPerVariant ? "acme-llm-x" : "gpt-4o";
            b.append(String.format("{\"timestamp\":\"2026-10-%02dT10:%02d:00Z\",\"request_id\":\"r%d\",\"model\":\"%s\",\"user\":\"u%d\","
                            + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":200},\"status\":\"ok\",\"latency_ms\":500,"
                            + "\"experiment\":\"e1\",\"variant\":\"%s\"}\n", 1 + i % 28, i % 60, i, model,
                    user, 1400 + (i * 37) % 100, inB ? "b" : "a"));
        }
        return TestSupport.write(tmp, "ab-part.jsonl", b.toString());
    }

    @Test
    void upToFivePercentUnpricedTheCostIsComparedOnThePricedRequestsWithANote() throws IOException {
        assertEquals(0.05, ExperimentAnalyzer.MAX_UNPRICED_SHARE);
        // 10 of b's 200 requests (5%): compared on its 190 priced requests
        JsonNode j = TestSupport.cli("ab-report", partlyUnpriced(10).toString(), "--experiment", "e1", "-f", "json", "-q").json();
        assertFalse(j.toString().contains("NaN"), j.toString());
        JsonNode a = j.at("/variants/0"), b = j.at("/variants/1");
        assertEquals("b", b.get("name").asText());
        assertTrue(b.get("cost_usd").isNumber() && b.get("cost_per_user_usd").isNumber(), b.toString());
        // the same prompts and model as a, so per priced request b costs what a does (not 5% less, as $0 would make it)
        assertEquals(a.get("cost_per_request_usd").asDouble(), b.get("cost_per_request_usd").asDouble(),
                a.get("cost_per_request_usd").asDouble() * 0.01, a + " vs " + b);
        for (JsonNode c : j.get("comparisons")) {
            if (c.get("metric").asText().startsWith("cost_per_")) {
                assertTrue(c.get("p_value").isNumber() && c.get("p_adjusted").isNumber() && c.get("lift").isNumber(), c.toString());
            }
        }
        String notes = j.get("warnings").toString();
        assertTrue(notes.contains("Variant b: cost_usd, cost_per_user_usd, cost_per_request_usd and its cost comparisons are on its "
                + "190 priced requests only: 10 of its 200 requests") && notes.contains("acme-llm-x"), notes);
        assertFalse(notes.contains("Variant a: cost_usd"), notes);
        assertFalse(j.at("/recommendation/reason").asText().contains("unpriced"), j.get("recommendation").toString());

        // 11 of 200 (5.5%): over the threshold, null with the reason, and no verdict on cost
        j = TestSupport.cli("ab-report", partlyUnpriced(11).toString(), "--experiment", "e1", "-f", "json", "-q").json();
        b = j.at("/variants/1");
        for (String k : List.of("cost_usd", "cost_per_user_usd", "cost_per_request_usd")) {
            assertTrue(b.get(k).isNull(), k + ": " + b);
        }
        for (JsonNode c : j.get("comparisons")) {
            if (c.get("metric").asText().startsWith("cost_per_")) {
                assertTrue(c.get("p_value").isNull() && c.get("p_adjusted").isNull(), c.toString());
            }
        }
        assertEquals("inconclusive", j.at("/recommendation/decision").asText());
        assertTrue(j.at("/recommendation/reason").asText().contains("unpriced"), j.get("recommendation").toString());
        assertTrue(j.get("warnings").toString().contains("Variant b: cost_usd, cost_per_user_usd and cost_per_request_usd are null: 11 of its 200"),
                j.get("warnings").toString());
    }

    @Test
    void whenNoModelIsPricedNoFormatShowsNaNOrZeroCostAndHolmIgnoresTheUnmeasurableComparisons() throws IOException {
        Path log = log("acme-llm-x", "acme-llm-y");
        JsonNode j = TestSupport.cli("ab-report", log.toString(), "--experiment", "e1", "-f", "json", "-q").json();
        assertFalse(j.toString().contains("NaN"), j.toString());
        assertEquals("inconclusive", j.at("/recommendation/decision").asText());
        assertFalse(j.at("/recommendation/reason").asText().contains("NaN"), j.get("recommendation").toString());
        for (JsonNode v : j.get("variants")) {
            for (String k : List.of("cost_usd", "cost_per_user_usd", "cost_per_request_usd")) {
                assertTrue(v.has(k) && v.get(k).isNull(), k + " must be null: " + v);
            }
            assertTrue(j.get("warnings").toString().contains("Variant " + v.get("name").asText() + ": cost_usd, cost_per_user_usd and "
                    + "cost_per_request_usd are null"), j.get("warnings").toString());
        }
        int measured = 0;
        for (JsonNode c : j.get("comparisons")) {
            if (c.get("metric").asText().startsWith("cost_per_")) {
                assertTrue(c.get("p_value").isNull() && c.get("p_adjusted").isNull() && c.get("lift").isNull()
                        && c.get("control_value").isNull() && c.get("variant_value").isNull(), c.toString());
            } else if (!c.get("p_value").isNull()) {
                measured++;
            }
        }
        // requests_per_user, success_rate and latency_ms: p = 1 (identical variants); Holm over these three alone
        assertEquals(3, measured, j.get("comparisons").toString());
        for (String format : List.of("csv", "table", "markdown")) {
            // csv: the variants table and the comparisons (the main one)
            String out = format.equals("csv") ? TestSupport.cli("ab-report", log.toString(), "--experiment", "e1", "-f", format, "-q",
                    "--table", "variants").out() + TestSupport.cli("ab-report", log.toString(), "--experiment", "e1", "-f", format, "-q").out()
                    : TestSupport.cli("ab-report", log.toString(), "--experiment", "e1", "-f", format, "-q").out();
            assertFalse(out.contains("NaN"), format + ": " + out);
            assertFalse(out.contains("$0.00"), format + ": " + out);
            if (format.equals("csv")) {
                assertEquals(4, out.lines().filter(l -> l.matches("[ab],(20|cost_per_).*")).count(), "2 variants, 2 cost comparisons:\n" + out);
                for (String line : out.lines().toList()) {
                    if (line.matches("[ab],20,.*")) {
                        // variant, users, requests, requests_per_user, cost_usd, cost_per_user_usd, cost_per_request_usd, ...
                        assertTrue(line.matches("[ab],20,200,10(\\.0)?,,,,.*"), "csv variant row: " + line);
                    }
                    if (line.startsWith("b,cost_per_")) {
                        assertTrue(line.matches("b,cost_per_[a-z]+,,,,,,,,.*unpriced.*"), "csv comparison row: " + line);
                    }
                }
            }
        }
    }

    /**
     * Found in the re-check of the 5% rule: with a few unpriced requests (counted $0) inside its users' totals, a
     * treatment identical to its control looked cheaper per user by its unpriced share, and was shipped at p < 1e-16
     * ("cuts cost per user by -3.8%"). Per user, cost is now each user's priced requests at that user's own priced rate.
     */
    @Test
    void aFewUnpricedRequestsDoNotMakeAVariantLookCheaperPerUser() throws IOException {
        StringBuilder b = new StringBuilder();
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        int n = 0, unpriced = 0;
        for (int user = 0; user < 400; user++) {
            String variant = user % 2 == 0 ? "control" : "treatment";
            for (int k = 0; k < 20; k++) {
                boolean off = variant.equals("treatment") && (n % 25 == 3); // 4% of treatment's requests
                unpriced += off ? 1 : 0;
                b.append(String.format("{\"timestamp\":\"2026-10-%02dT10:%02d:00Z\",\"request_id\":\"r%d\",\"model\":\"%s\","
                                + "\"user\":\"u%d\",\"usage\":{\"input_tokens\":%d,\"output_tokens\":200},\"status\":\"ok\","
                                + "\"latency_ms\":500,\"experiment\":\"e1\",\"variant\":\"%s\"}\n", 1 + k, user % 60, n++,
                        off ? "acme-llm-x" : "gpt-4o-mini", user, 995 + r.nextInt(11), variant));
            }
        }
        assertTrue(unpriced > 0 && unpriced <= 0.05 * 4000, "under the 5% rule: " + unpriced);
        Path log = TestSupport.write(tmp, "few-unpriced.jsonl", b.toString());
        JsonNode j = TestSupport.cli("ab-report", log.toString(), "--experiment", "e1", "-f", "json", "-q").json();
        JsonNode control = j.at("/variants/0"), treatment = j.at("/variants/1");
        assertEquals("treatment", treatment.get("name").asText());
        double c = control.get("cost_per_user_usd").asDouble(), t = treatment.get("cost_per_user_usd").asDouble();
        assertEquals(c, t, c * 0.005, "the same usage costs the same per user: " + control + " vs " + treatment);
        for (JsonNode cmp : j.get("comparisons")) {
            if (cmp.get("metric").asText().startsWith("cost_per_")) {
                assertEquals(0, cmp.get("lift").asDouble(), 0.005, cmp.toString());
                assertTrue(cmp.get("p_value").asDouble() > 0.01, "no significant cost change: " + cmp);
                assertEquals(cmp.get("control_value").asDouble(), j.at("/variants/0/" + cmp.get("metric").asText() + "_usd").asDouble(),
                        1e-12, "the table and the comparison show one figure");
            }
        }
        assertFalse(j.at("/recommendation/decision").asText().equals("ship"), j.get("recommendation").toString());
        assertTrue(j.get("warnings").toString().contains("at that user's own priced rate"), j.get("warnings").toString());
    }
}
