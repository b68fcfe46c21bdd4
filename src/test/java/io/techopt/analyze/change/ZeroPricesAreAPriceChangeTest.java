package io.techopt.analyze.change;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.analyze.change.CostChangeTest.Req;
import io.techopt.contract.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.techopt.analyze.change.CostChangeTest.BASE;
import static io.techopt.analyze.change.CostChangeTest.CUR;
import static io.techopt.analyze.change.CostChangeTest.EPS;
import static io.techopt.analyze.change.CostChangeTest.onlyEffect;
import static io.techopt.analyze.change.CostChangeTest.traffic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dated price of $0 is a price like any other (review h19b #1): on the same traffic in both periods, a price that
 * changes on a date, to $0, from $0, or while the newest (or --price-date) version is $0, is all price effect; the
 * batch and long-context effect stays 0. The reference price of a model was its newest version: at $0 it gave every
 * request a reference cost of 0, and the price change went to the batch and long-context rate instead.
 */
class ZeroPricesAreAPriceChangeTest {
    @TempDir
    Path dir;

    /** acme-chat's dated versions as given; acme-mini and acme-flat keep one price, acme-free is $0 throughout. */
    Path prices(String chatVersions) throws IOException {
        return TestSupport.write(dir, "prices.yaml", """
                models:
                  - key: acme-chat
                    provider: vllm
                    prices:
                """ + chatVersions + """
                  - key: acme-mini
                    provider: vllm
                    prices:
                      - {effective: 2025-01-01, input: 0.15, output: 0.6, cache_read: 0.075}
                  - key: acme-flat
                    provider: vllm
                    prices:
                      - {effective: 2025-01-01, input: 1.0, output: 4.0, cache_read: 0.1}
                  - key: acme-free
                    provider: vllm
                    prices:
                      - {effective: 2025-01-01, input: 0.0, output: 0.0, cache_read: 0.0}
                """);
    }

    static final String PAID = "      - {effective: 2025-01-01, input: 3.0, output: 15.0, cache_read: 0.3, cache_write: 3.75}\n";

    Path log(String name, List<Req> reqs) throws IOException {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Req r : reqs) {
            sb.append(r.line(name + "-" + n++)).append('\n');
        }
        return TestSupport.write(dir, name + ".jsonl", sb.toString());
    }

    /** The same ten days of traffic in the baseline (2026-01-22..02-01) and the current period (02-01..02-11). */
    static List<Req> sameTraffic() {
        List<Req> all = new ArrayList<>(traffic(BASE, 10, 30, 0.4, 1));
        all.addAll(traffic(CUR, 10, 30, 0.4, 1));
        return all;
    }

    JsonNode change(Path log, Path prices, String... extra) {
        List<String> args = new ArrayList<>(List.of("analyze", log.toString(), "-q", "-f", "json", "--prices", prices.toString(),
                "--since", "2026-02-01", "--until", "2026-02-11", "--compare-to", "2026-01-22..2026-02-01"));
        args.addAll(List.of(extra));
        TestSupport.Run run = TestSupport.cli(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(List.of(), JsonSchemas.violations("analyze-logs", j));
        return j.get("change");
    }

    static JsonNode row(JsonNode c, String table, String key, String name) {
        for (JsonNode r : c.get(table)) {
            if (r.get(key).asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name + " not in " + table + ": " + c.get(table));
    }

    @Test
    void aPriceDroppingToZeroOnADateIsAllPriceEffect() throws IOException {
        // review h19b: same.jsonl --prices pB.json gave -0.42 all to batch_and_long_context
        JsonNode c = change(log("tozero", sameTraffic()), prices(PAID
                + "      - {effective: 2026-02-01, input: 0.0, output: 0.0, cache_read: 0.0, cache_write: 0.0}\n"));
        onlyEffect(c, "prices");
        JsonNode chat = row(c, "by_model", "model", "acme-chat");
        assertEquals(0, chat.get("current_cost_usd").asDouble(), 0, chat.toString());
        assertEquals(-chat.get("baseline_cost_usd").asDouble(), c.get("change_usd").asDouble(), EPS,
                "the change is acme-chat's whole baseline cost, gone: " + c);
    }

    @Test
    void aPriceDoubledOnADateIsAllPriceEffectWhenTheNewestPriceIsZero() throws IOException {
        // review h19b: newmodel.jsonl --prices pF.json (1/2, then 2/4 from the current period's start, then 0/0 after it)
        Path prices = prices(PAID
                + "      - {effective: 2026-02-01, input: 6.0, output: 30.0, cache_read: 0.6, cache_write: 7.5}\n"
                + "      - {effective: 2026-03-01, input: 0.0, output: 0.0, cache_read: 0.0, cache_write: 0.0}\n");
        JsonNode c = change(log("doubled", sameTraffic()), prices);
        onlyEffect(c, "prices");
        JsonNode chat = row(c, "by_model", "model", "acme-chat");
        assertEquals(chat.get("baseline_cost_usd").asDouble(), chat.get("change_usd").asDouble(), EPS, "twice the cost: " + chat);

        // the reviewer's log: the same, plus a model new in the current period (acme-flat, team support only). acme-chat's
        // requests are the same in both periods, so its doubled price is its baseline cost, all price effect; the new
        // model is the rest of the change, model mix and volume (support's requests grew)
        List<Req> all = sameTraffic();
        for (Req r : traffic(CUR, 0, 10, 0.4, 1)) {
            if (r.team().equals("support")) {
                all.add(new Req(r.day(), 720 + r.minute(), r.team(), "acme-flat", r.error(), r.batch(), r.input(), r.cacheRead(),
                        r.output()));
            }
        }
        c = change(log("newmodel", all), prices);
        JsonNode e = c.get("effects");
        chat = row(c, "by_model", "model", "acme-chat");
        JsonNode flat = row(c, "by_model", "model", "acme-flat");
        assertEquals(chat.get("baseline_cost_usd").asDouble(), e.get("prices").asDouble(), EPS, e.toString());
        assertEquals(0, e.get("batch_and_long_context").asDouble(), EPS, e.toString());
        assertEquals(flat.get("current_cost_usd").asDouble(), e.get("volume").asDouble() + e.get("model_mix").asDouble(), EPS,
                e.toString());
        assertEquals(chat.get("change_usd").asDouble(), chat.at("/effects/prices").asDouble(), EPS, chat.toString());
        assertEquals(0, chat.at("/effects/batch_and_long_context").asDouble(), EPS, chat.toString());
        assertEquals("[\"2026-02-01\"]", row(c, "price_changes", "model", "acme-chat").get("current_prices_from").toString());
    }

    @Test
    void aFreeBaselinePriceThatIsPaidNowIsAllPriceEffect() throws IOException {
        JsonNode c = change(log("fromzero", sameTraffic()), prices(
                "      - {effective: 2025-01-01, input: 0.0, output: 0.0, cache_read: 0.0, cache_write: 0.0}\n"
                        + "      - {effective: 2026-02-01, input: 3.0, output: 15.0, cache_read: 0.3, cache_write: 3.75}\n"));
        onlyEffect(c, "prices");
        JsonNode chat = row(c, "by_model", "model", "acme-chat");
        assertEquals(0, chat.get("baseline_cost_usd").asDouble(), 0, chat.toString());
        assertEquals(chat.get("current_cost_usd").asDouble(), chat.get("change_usd").asDouble(), EPS, chat.toString());
    }

    @Test
    void aPriceThatIsZeroForTheCurrentPeriodAndBackAfterItIsAllPriceEffect() throws IOException {
        JsonNode c = change(log("zeroandback", sameTraffic()), prices(PAID
                + "      - {effective: 2026-02-01, input: 0.0, output: 0.0, cache_read: 0.0, cache_write: 0.0}\n"
                + "      - {effective: 2026-03-01, input: 3.0, output: 15.0, cache_read: 0.3, cache_write: 3.75}\n"));
        onlyEffect(c, "prices");
    }

    @Test
    void onlyTheOutputPriceDroppingToZeroIsAllPriceEffect() throws IOException {
        // a model whose newest version prices input but not output: each kind of token has its own reference rate
        JsonNode c = change(log("outzero", sameTraffic()), prices(PAID
                + "      - {effective: 2026-02-01, input: 3.0, output: 0.0, cache_read: 0.3, cache_write: 3.75}\n"));
        onlyEffect(c, "prices");
        assertTrue(c.get("change_usd").asDouble() < -0.01, c.toString());
    }

    @Test
    void aPriceDateAtAFreeVersionPricesBothPeriodsAtZeroAndChangesNothing() throws IOException {
        Path prices = prices(PAID + "      - {effective: 2026-02-01, input: 6.0, output: 30.0, cache_read: 0.6, cache_write: 7.5}\n"
                + "      - {effective: 2026-03-01, input: 0.0, output: 0.0, cache_read: 0.0, cache_write: 0.0}\n");
        List<Req> all = new ArrayList<>(traffic(BASE, 10, 30, 0.4, 1));
        all.addAll(traffic(CUR, 20, 60, 0.4, 1)); // twice the traffic: acme-mini's cost doubles, acme-chat stays free
        JsonNode c = change(log("pricedate", all), prices, "--price-date", "2026-03-01");
        JsonNode chat = row(c, "by_model", "model", "acme-chat");
        assertEquals(0, chat.get("baseline_cost_usd").asDouble(), 0, chat.toString());
        assertEquals(0, chat.get("current_cost_usd").asDouble(), 0, chat.toString());
        chat.get("effects").forEach(v -> assertEquals(0, v.asDouble(), 0, chat.toString()));
        onlyEffect(c, "volume");
        assertTrue(c.get("price_changes").isEmpty(), "one price date, one version: " + c.get("price_changes"));
    }

    @Test
    void aModelFreeThroughoutAddsNothingWhileAnotherPriceChanges() throws IOException {
        List<Req> all = new ArrayList<>();
        for (Req r : sameTraffic()) {
            // acme-mini's requests go to acme-free, at $0 in both periods
            all.add(r.model().equals("acme-mini")
                    ? new Req(r.day(), r.minute(), r.team(), "acme-free", r.error(), r.batch(), r.input(), r.cacheRead(), r.output()) : r);
        }
        JsonNode c = change(log("free", all), prices(PAID
                + "      - {effective: 2026-02-01, input: 6.0, output: 30.0, cache_read: 0.6, cache_write: 7.5}\n"));
        onlyEffect(c, "prices");
        JsonNode free = row(c, "by_model", "model", "acme-free");
        assertEquals(0, free.get("change_usd").asDouble(), 0, free.toString());
        free.get("effects").forEach(v -> assertEquals(0, v.asDouble(), 0, free.toString()));
    }
}
