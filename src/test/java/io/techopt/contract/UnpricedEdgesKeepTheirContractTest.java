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
     * One priced request among 300 over 30 days: the forecast covers that request (a warning says the rest is unpriced),
     * its backtest measures the coverages but no MAPE (no held-out day has spend), and the schema rejected that output
     * (it required MAPE and coverages all measured or all null).
     */
    @Test
    void oneDayOfPricedSpendForecastsWithCoveragesButNoMapeWithinTheSchema() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            b.append(String.format("{\"timestamp\":\"2026-10-%02dT12:%02d:00Z\",\"request_id\":\"o%d\",\"model\":\"%s\",\"status\":\"ok\","
                    + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":200}}\n", 1 + i % 30, i % 60, i, i == 150 ? "gpt-4o-mini" : "acme-unknown"));
        }
        TestSupport.Run run = TestSupport.cli("cost-forecast", TestSupport.write(tmp, "one-priced.jsonl", b.toString()).toString(),
                "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertTrue(j.get("backtest_mape").isNull() && j.get("coverage80").isNumber(), j.toString());
        assertTrue(j.get("warnings").toString().contains("299 of 300 requests are of models without a price"), j.get("warnings").toString());
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
