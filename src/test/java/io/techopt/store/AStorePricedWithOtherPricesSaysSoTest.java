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
    void aStoreReadWithOtherPricesThanItsIngestWarns() throws Exception {
        Path prices = TestSupport.shared("data/litellm-prices/model_prices_2025-02-06_rocry-b094ffea.json");
        Path store = tmp.resolve("store");
        TestSupport.Run in = TestSupport.cli("ingest", "-q", "-f", "json", "--store", store.toString(), "--prices", prices.toString(),
                "samples/requests.jsonl.gz");
        assertEquals(0, in.code(), in.err());
        String said = "the store's log was priced at ingest with --prices model_prices_2025-02-06_rocry-b094ffea.json "
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

        // a run that re-prices on purpose (its own --price-date, a catalog more) is not warned
        TestSupport.Run dated = TestSupport.cli("analyze", "-q", "-f", "json", "--store", store.toString(), "--prices", prices.toString(),
                "--price-date", "2025-01-01");
        assertEquals(0, dated.code(), dated.err());
        assertFalse(dated.json().get("warnings").toString().contains("priced at ingest"), dated.json().toString());

        // review adv25b MED-3: a catalog edited in place is no longer the one ingest priced with; the same content under
        // another name is
        Path copy = tmp.resolve("my-prices.json");
        java.nio.file.Files.copy(prices, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path edited = tmp.resolve("edited-store");
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", "--store", edited.toString(), "--prices", copy.toString(),
                "--price-date", "2025-02-01", "samples/requests.jsonl.gz").code());
        Path renamed = tmp.resolve("renamed.json");
        java.nio.file.Files.copy(prices, renamed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TestSupport.Run sameContent = TestSupport.cli("analyze", "-q", "-f", "json", "--store", edited.toString(), "--prices",
                renamed.toString(), "--price-date", "2025-02-01");
        assertFalse(sameContent.json().get("warnings").toString().contains("priced at ingest"), sameContent.json().toString());
        java.nio.file.Files.copy(TestSupport.shared("data/litellm-prices/model_prices_and_context_window.json"), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TestSupport.Run changed = TestSupport.cli("analyze", "-q", "-f", "json", "--store", edited.toString(), "--prices", copy.toString());
        assertTrue(changed.json().get("warnings").toString().contains("the store's log was priced at ingest with --prices "
                + "my-prices.json as it was then (this run's has other content) and --price-date 2025-02-01 (this run has none"),
                changed.json().toString());

        // review adv25c MED-1: the same catalogs in another order price otherwise (the later wins)
        Path second = tmp.resolve("second.json");
        java.nio.file.Files.writeString(second, "{\"deepseek/deepseek-chat\": {\"input_cost_per_token\": 1e-5, "
                + "\"output_cost_per_token\": 2e-5, \"litellm_provider\": \"deepseek\", \"mode\": \"chat\"}}");
        Path ordered = tmp.resolve("ordered-store");
        assertEquals(0, TestSupport.cli("ingest", "-q", "-f", "json", "--store", ordered.toString(), "--prices", prices.toString(),
                "--prices", second.toString(), "samples/requests.jsonl.gz").code());
        TestSupport.Run sameOrder = TestSupport.cli("analyze", "-q", "-f", "json", "--store", ordered.toString(), "--prices",
                prices.toString(), "--prices", second.toString());
        assertFalse(sameOrder.json().get("warnings").toString().contains("priced at ingest"), sameOrder.json().toString());
        TestSupport.Run swapped = TestSupport.cli("analyze", "-q", "-f", "json", "--store", ordered.toString(), "--prices",
                second.toString(), "--prices", prices.toString());
        assertTrue(swapped.json().get("warnings").toString().contains("the store's log was priced at ingest with their --prices "
                + "in another order (a later catalog's prices win)"), swapped.json().toString());
    }
}
