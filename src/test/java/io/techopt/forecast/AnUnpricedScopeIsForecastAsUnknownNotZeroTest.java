package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r21f M4: on the sample, --by provider gave provider:vllm (every request of a model without a price)
 * month_to_date 0.0, a forecast of $0.00, interval [0, 0, 0, 0] and coverage 1.0: a cost nobody measured shown as a
 * certain $0 (the pricing spec: never priced silently at $0), and a budget on it could never alert. A scope whose
 * every request is unpriced has null forecast figures with a note, and its forecast alerts are not evaluated; its
 * month_to_date_usd is null too (review r22 L5: 0.0 beside the note "its cost is unknown, not $0").
 */
class AnUnpricedScopeIsForecastAsUnknownNotZeroTest {
    @TempDir
    static Path dir;

    /** 2026-09-01..11-14: 24 gpt-4o requests a day on openai ($0.70), one small request of an unpriced model on vllm. */
    private static Path log() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LocalDate d = LocalDate.parse("2026-09-01"); !d.isAfter(LocalDate.parse("2026-11-14")); d = d.plusDays(1)) {
            for (int k = 0; k < 24; k++) {
                sb.append("{\"timestamp\":\"").append(d).append(String.format("T%02d:10:00Z", k))
                        .append("\",\"model\":\"gpt-4o\",\"provider\":\"openai\",\"usage\":{\"input_tokens\":9000,\"output_tokens\":667}}\n");
            }
            sb.append("{\"timestamp\":\"").append(d).append("T12:40:00Z\",\"model\":\"acme-llm-v2\",\"provider\":\"vllm\","
                    + "\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}\n");
        }
        return TestSupport.write(dir, "vllm.jsonl", sb.toString());
    }

    @Test
    void anAllUnpricedProviderHasNullFiguresANoteAndNoForecastAlert() throws IOException {
        Path budget = TestSupport.write(dir, "b.yaml", "budgets:\n  - {scope: \"provider:vllm\", monthly_usd: 1}\n");
        TestSupport.Run r = TestSupport.cli("cost-forecast", "-f", "json", "-q", "--by", "provider", "--budget",
                budget.toString(), log().toString());
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode j = r.json();
        JsonNode vllm = null, openai = null;
        for (JsonNode s : j.get("scopes")) {
            vllm = s.get("scope").asText().equals("provider:vllm") ? s : vllm;
            openai = s.get("scope").asText().equals("provider:openai") ? s : openai;
        }
        assertTrue(vllm != null && openai != null, j.get("scopes").toString());
        // was 0.0 with [0, 0, 0, 0] and coverage 1.0
        assertTrue(vllm.has("forecast_total_usd") && vllm.get("forecast_total_usd").isNull(), vllm.toString());
        for (String k : new String[]{"lo80", "hi80", "lo95", "hi95"}) {
            assertTrue(vllm.get("forecast_total_interval").get(k).isNull(), vllm.toString());
        }
        assertTrue(vllm.get("coverage80").isNull() && vllm.get("backtest_mape").isNull(), vllm.toString());
        // review r22 L5: its month to date was still 0.0 beside "its cost is unknown, not $0"
        assertTrue(vllm.has("month_to_date_usd") && vllm.get("month_to_date_usd").isNull(), vllm.toString());
        String w = j.get("warnings").toString();
        // 75 days of one request: counted once though the scope is both budgeted and a --by scope (was "all 150")
        assertTrue(w.contains("provider:vllm: all 75 of its requests") && w.contains("acme-llm-v2") && w.contains("without a price")
                && w.contains("so its cost is unknown, not $0: month_to_date_usd, forecast_total_usd"), w);
        // the priced scope and the total keep their figures: $0.70 a day, 30 days
        assertEquals(21.0, openai.get("forecast_total_usd").asDouble(), 0.05, openai.toString());
        assertEquals(21.0, j.get("forecast_total_usd").asDouble(), 0.05, j.toString());
        for (JsonNode a : j.get("alerts")) {
            assertTrue(!a.get("kind").asText().equals("forecast"), a.toString());
        }
    }
}
