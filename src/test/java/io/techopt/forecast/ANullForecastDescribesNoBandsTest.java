package io.techopt.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r23f L-e: on the Azure 1-hour trace the forecast is null as it should be, but the notes still said "daily
 * bands are the model's own and may be too narrow; period totals assume the days' errors fully correlated", about
 * bands that do not exist. A null forecast keeps the notes on what it shows (the backtest, the null figures' reason)
 * and none on the fit's bands; no method is named (review r21f L3).
 */
class ANullForecastDescribesNoBandsTest {
    @TempDir
    static Path dir;

    /** 58 minutes of gpt-4o requests of varying size on 2023-11-16, as the Azure trace. */
    @Test
    void aForecastNullForUnderADayOfDataHasNoNoteOnBands() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int m = 0; m < 58; m++) {
            sb.append("{\"timestamp\":\"2023-11-16T18:").append(String.format("%02d", m)).append(":30Z\",\"model\":\"gpt-4o\","
                    + "\"usage\":{\"input_tokens\":").append(500 + (m * 37) % 900).append(",\"output_tokens\":").append(50 + (m * 11) % 200).append("}}\n");
        }
        JsonNode j = TestSupport.cli("cost-forecast", "-f", "json", "-q",
                TestSupport.write(dir, "hour.jsonl", sb.toString()).toString()).json();
        assertTrue(j.get("forecast_total_usd").isNull() && j.get("method").isNull(), j.toString());
        j.get("scopes").forEach(s -> assertTrue(s.get("method").isNull(), s.toString()));
        String w = j.get("warnings").toString();
        assertTrue(w.contains("less than one full day"), w);
        // was "... daily bands are the model's own and may be too narrow; period totals assume the days' errors fully correlated"
        assertFalse(w.contains("bands") || w.contains("period totals assume"), w);
        // the backtest figures it prints still say why they are null
        assertTrue(w.contains("backtest_mape, coverage80 and coverage95 are null"), w);
        assertEquals(0, j.get("forecast").size());
    }
}
