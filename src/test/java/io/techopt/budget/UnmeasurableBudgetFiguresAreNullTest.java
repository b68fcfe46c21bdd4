package io.techopt.budget;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** budget: a size, budget or saving nothing in the log measures is null with a note naming it, never 0. */
class UnmeasurableBudgetFiguresAreNullTest {
    @TempDir
    Path tmp;

    static String notes(JsonNode j) {
        return j.get("assumptions").toString();
    }

    @Test
    void aLogWithNoOutputTokensRecommendsNoZeroMaxTokensAndSaysWhy() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            // input tokens only (an embeddings-style log): no answer size is logged
            b.append(String.format("{\"timestamp\":\"2026-10-01T10:%02d:00Z\",\"model\":\"gpt-4o-mini\",\"task_type\":\"summarization\","
                    + "\"usage\":{\"input_tokens\":%d}}\n", i, 500 + 40 * i));
        }
        JsonNode j = TestSupport.cli("budget", TestSupport.write(tmp, "no-output.jsonl", b.toString()).toString(), "-f", "json", "-q").json();
        JsonNode g = j.get("groups").get(0);
        for (String ptr : List.of("/recommended/output", "/output_tokens/p50", "/output_tokens/p95", "/output_tokens/p99",
                "/truncation_risk", "/over_budget_share")) {
            assertTrue(g.at(ptr).isNull() && !g.at(ptr).isMissingNode(), ptr + " must be null, not " + g.at(ptr));
        }
        assertTrue(g.at("/recommended/prompt").asInt() > 0, g.toString());
        assertTrue(notes(j).contains("recommended.output") && notes(j).contains("no request logs output tokens"), notes(j));
        String table = TestSupport.cli("budget", tmp.resolve("no-output.jsonl").toString(), "-f", "table", "-q").out();
        assertTrue(!table.contains("NaN"), table);
    }

    @Test
    void withNoOutputTokensLoggedTheUsdEffectSaysItCoversThePromptSideOnlyInEveryFormat() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            // no output tokens; half of the requests are of an unpriced model
            b.append(String.format("{\"timestamp\":\"2026-10-01T10:%02d:00Z\",\"model\":\"%s\",\"usage\":{\"input_tokens\":%d,"
                    + "\"output_tokens\":0},\"status\":\"ok\"}\n", i, i % 2 == 0 ? "gpt-4o-mini" : "acme-llm-x", 100 + i));
        }
        Path log = TestSupport.write(tmp, "no-output-half-unpriced.jsonl", b.toString());
        JsonNode j = TestSupport.cli("budget", log.toString(), "-f", "json", "-q").json();
        assertTrue(j.has("usd_effect"), j.toString());
        assertTrue(notes(j).contains("usd_effect covers prompt tokens only") && notes(j).contains("usd_effect is partial"), notes(j));
        String table = TestSupport.cli("budget", log.toString(), "-f", "table", "-q").out();
        assertTrue(!table.contains("Enforcing the recommended budgets saves  ") && table.contains("saves at least (one side measured"), table);
    }

    @Test
    void anEmptyLogOrWindowHasNoBudgetSavingRatherThanZeroDollars() throws IOException {
        Path empty = TestSupport.write(tmp, "empty.jsonl", "");
        for (String[] args : List.of(new String[]{"budget", empty.toString()},
                new String[]{"budget", "samples/requests.jsonl.gz", "--since", "2027-01-01"})) {
            TestSupport.Run run = TestSupport.cli(concat(args, "-f", "json", "-q"));
            assertEquals(0, run.code(), run.err());
            JsonNode j = run.json();
            assertTrue(j.has("usd_effect") && j.get("usd_effect").isNull(), "usd_effect of nothing: " + j.get("usd_effect"));
            assertTrue(notes(j).contains("usd_effect is null"), notes(j));
        }
    }

    @Test
    void aGroupOfUnpricedModelsHasNoUsdEffectButCountsTheRequestsItWouldCut() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            b.append(String.format("{\"timestamp\":\"2026-10-01T10:%02d:00Z\",\"model\":\"acme-llm-v2\",\"task_type\":\"chat\","
                    + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d}}\n", i, i == 39 ? 90000 : 400 + i, i == 38 ? 30000 : 100 + i));
        }
        JsonNode j = TestSupport.cli("budget", TestSupport.write(tmp, "unpriced.jsonl", b.toString()).toString(), "-f", "json", "-q").json();
        JsonNode g = j.get("groups").get(0);
        assertTrue(g.get("usd_effect").isNull(), "no price: the saving is unknown, not $0: " + g);
        assertTrue(j.get("usd_effect").isNull(), j.toString());
        assertEquals(2, g.get("requests_affected").asLong(), "the prompt and the answer above their p95/p99 budgets are cut: " + g);
        assertTrue(notes(j).contains("usd_effect is null"), notes(j));
    }

    /**
     * Found in the re-check of the late budget fixes: a log whose every request is of an unpriced model said cost_usd
     * 0.0 ("Cost $0.00"), and a partly priced one left its unpriced requests out of cost_usd with no note (the notes
     * said cost_usd covers every request); and when requests of unpriced models would be cut, usd_effect left their
     * saving out but was labelled "saves", not "saves at least".
     */
    @Test
    void unpricedRequestsMakeCostNullOrSayWhatItLeavesOutAndTheirCutsMakeTheSavingALowerBound() throws IOException {
        JsonNode all = TestSupport.cli("budget", TestSupport.shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_code.csv").toString(),
                "--default-model", "acme-unknown", "-f", "json", "-q").json();
        assertEquals(8819, all.get("unpriced_requests").asLong());
        assertTrue(all.get("cost_usd").isNull(), "nothing is priced: the cost is unknown, not $0: " + all.get("cost_usd"));
        assertTrue(notes(all).contains("cost_usd is null: none of the 8819 requests is of a priced model (acme-unknown)"), notes(all));
        assertTrue(!TestSupport.cli("budget", TestSupport.shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_code.csv").toString(),
                "--default-model", "acme-unknown", "-f", "table", "-q").out().contains("$0.00 "), "no $0 cost in the table");

        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            // half unpriced; the one prompt far above the p95 budget is of the unpriced model
            b.append(String.format("{\"timestamp\":\"2026-10-01T10:%02d:00Z\",\"model\":\"%s\",\"task_type\":\"chat\","
                    + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d}}\n", i, i % 2 == 0 ? "gpt-4o-mini" : "acme-llm-v2",
                    i == 39 ? 90000 : 400 + i, 100 + i));
        }
        JsonNode part = TestSupport.cli("budget", TestSupport.write(tmp, "half.jsonl", b.toString()).toString(), "-f", "json", "-q").json();
        assertTrue(part.get("cost_usd").isNumber(), part.toString());
        assertTrue(notes(part).contains("cost_usd leaves out 20 requests of unpriced models (acme-llm-v2)"), notes(part));
        assertTrue(part.get("usd_effect").isNumber(), part.toString());
        assertTrue(notes(part).matches(".*usd_effect is partial: \\d+ requests? of unpriced models would be cut.*"), notes(part));
        String table = TestSupport.cli("budget", TestSupport.write(tmp, "half2.jsonl", b.toString()).toString(), "-f", "table", "-q").out();
        assertTrue(table.contains("saves at least"), table);
    }

    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
