package io.techopt.store;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review rev24 MED: a store ingested with --prices FILE and read without it priced its tokens with the built-in prices
 * alone ($6.661 where ingest's catalog gave $6.639), and nothing said so. Now every command reading it warns.
 */
class AStorePricedWithOtherPricesSaysSoTest {
    @TempDir
    Path tmp;

    @Test
    void aStoreReadWithOtherPricesThanItsIngestWarns() {
        Path prices = TestSupport.shared("data/litellm-prices/model_prices_2025-02-06_rocry-b094ffea.json");
        Path store = tmp.resolve("store");
        TestSupport.Run in = TestSupport.cli("ingest", "-q", "-f", "json", "--store", store.toString(), "--prices", prices.toString(),
                "samples/requests.jsonl.gz");
        assertEquals(0, in.code(), in.err());
        String said = "1 of the store's 1 logs were priced at ingest with --prices model_prices_2025-02-06_rocry-b094ffea.json "
                + "(not loaded by this run)";

        TestSupport.Run same = TestSupport.cli("analyze", "-f", "json", "--store", store.toString(), "--prices", prices.toString());
        assertEquals(0, same.code(), same.err());
        assertFalse(same.json().get("warnings").toString().contains("priced at ingest"), same.json().toString());

        TestSupport.Run builtin = TestSupport.cli("analyze", "-f", "json", "--store", store.toString());
        assertEquals(0, builtin.code(), builtin.err());
        assertTrue(builtin.json().get("warnings").toString().contains(said), builtin.json().toString());
        assertTrue(builtin.err().contains("warning: " + said), builtin.err());
        assertNotEquals(same.json().get("cost_usd").asDouble(), builtin.json().get("cost_usd").asDouble(), "the figures the warning is about");

        TestSupport.Run forecast = TestSupport.cli("cost-forecast", "-q", "-f", "json", "--store", store.toString());
        assertEquals(0, forecast.code(), forecast.err());
        assertTrue(forecast.json().get("warnings").toString().contains(said), forecast.json().toString());

        TestSupport.Run dated = TestSupport.cli("analyze", "-q", "-f", "json", "--store", store.toString(), "--prices", prices.toString(),
                "--price-date", "2025-01-01");
        assertEquals(0, dated.code(), dated.err());
        assertTrue(dated.json().get("warnings").toString().contains("priced at ingest with --price-date none (the latest prices) "
                + "(this run: 2025-01-01)"), dated.json().toString());
    }
}
