package io.techopt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Edges found in the re-check of the late unpriced-model fixes: each output still keeps its published schema. */
class UnpricedEdgesKeepTheirContractTest {
    @TempDir
    Path tmp;

    /**
     * One request with spend among 300 over 30 days (the others free; once unpriced, but more than 5% unpriced now nulls
     * the forecast: MostlyUnpricedLogForecastsNothingTest): its backtest measures the coverages but no MAPE (no held-out
     * day has spend), and the schema rejected that output (it required MAPE and coverages all measured or all null).
     */
    @Test
    void oneDayOfPricedSpendForecastsWithCoveragesButNoMapeWithinTheSchema() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            // one request with spend; the others priced but free (no tokens): more than 5% unpriced would null the forecast
            int tokens = i == 150 ? 1000 : 0;
            b.append(String.format("{\"timestamp\":\"2026-10-%02dT12:%02d:00Z\",\"request_id\":\"o%d\",\"model\":\"gpt-4o-mini\",\"status\":\"ok\","
                    + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d}}\n", 1 + i % 30, i % 60, i, tokens, tokens / 5));
        }
        TestSupport.Run run = TestSupport.cli("cost-forecast", TestSupport.write(tmp, "one-priced.jsonl", b.toString()).toString(),
                "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertTrue(j.get("backtest_mape").isNull() && j.get("coverage80").isNumber(), j.toString());
        assertEquals(List.of(), JsonSchemas.violations("cost-forecast", j));
    }

    /** cost-forecast --by model forecast a model without a price at $0.00 (month to date and month end) as its own scope. */
    @Test
    void anUnpricedModelIsNotForecastAtZeroDollarsUnderByModel() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            b.append(String.format("{\"timestamp\":\"2026-10-%02dT12:00:00Z\",\"request_id\":\"b%d\",\"model\":\"%s\",\"status\":\"ok\","
                    + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":200}}\n", 1 + i % 28, i, i % 2 == 1 ? "gpt-4o-mini" : "acme-unknown"));
        }
        TestSupport.Run run = TestSupport.cli("cost-forecast", TestSupport.write(tmp, "half.jsonl", b.toString()).toString(),
                "--by", "model", "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        for (JsonNode scope : j.get("scopes")) {
            assertTrue(!scope.get("scope").asText().contains("acme-unknown"), "no $0 forecast of an unpriced model: " + scope);
        }
        assertTrue(j.get("scopes").toString().contains("model:gpt-4o-mini"), j.get("scopes").toString());
        assertTrue(j.get("warnings").toString().contains("--by model: acme-unknown not forecast: no price"), j.get("warnings").toString());
        assertEquals(List.of(), JsonSchemas.violations("cost-forecast", j));
    }
}
