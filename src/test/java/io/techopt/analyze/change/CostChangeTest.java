package io.techopt.analyze.change;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import io.techopt.contract.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * analyze --compare-to (issue 19 part 1) on logs built so that one factor alone changes between the periods: that
 * factor's effect is the whole change and every other effect is zero, in total, per model and per team.
 */
class CostChangeTest {
    static final double EPS = 1e-9;
    static final String[] EFFECTS = {"volume", "model_mix", "input_tokens_per_request", "output_tokens_per_request",
            "caching", "prices", "batch_and_long_context", "errors_retries", "billed_cost_per_request"};

    @TempDir
    Path dir;

    /** acme-chat's price doubles on 2026-02-01 (every kind of token); acme-mini's stays. */
    Path prices() throws IOException {
        return TestSupport.write(dir, "prices.yaml", """
                models:
                  - key: acme-chat
                    provider: vllm
                    prices:
                      - {effective: 2025-01-01, input: 3.0, output: 15.0, cache_read: 0.3, cache_write: 3.75}
                      - {effective: 2026-02-01, input: 6.0, output: 30.0, cache_read: 0.6, cache_write: 7.5}
                  - key: acme-mini
                    provider: vllm
                    prices:
                      - {effective: 2025-01-01, input: 0.15, output: 0.6, cache_read: 0.075}
                  - key: acme-flat
                    provider: vllm
                    prices:
                      - {effective: 2025-01-01, input: 1.0, output: 4.0, cache_read: 0.1}
                """);
    }

    /** One request of the canonical format. */
    record Req(String day, int minute, String team, String model, boolean error, boolean batch, long input, long cacheRead,
               long output) {
        String line(String id) {
            return String.format(Locale.ROOT, "{\"timestamp\":\"%sT%02d:%02d:00Z\",\"request_id\":\"%s\",\"model\":\"%s\","
                            + "\"provider\":\"vllm\",\"team\":\"%s\",\"status\":\"%s\",\"batch\":%s,\"usage\":{\"input_tokens\":%d,"
                            + "\"cache_read_input_tokens\":%d,\"output_tokens\":%d}}",
                    day, minute / 60, minute % 60, id, model, team, error ? "error" : "ok", batch, input, cacheRead, output);
        }
    }

    /**
     * Ten days of traffic from {@code start}: per day and team, {@code chat} requests of acme-chat and {@code mini}
     * of acme-mini (tokens varying with the request in a pattern that repeats every ten requests, so that multiples
     * of ten keep every per-model profile), one failed per ten of each, every fifth request batched. Prompt sizes are
     * multiples of 5 so that cache shares of 0.2, 0.4 or 0.6 split every request exactly: rounding would move a
     * little of the batched requests' share of the tokens, a real (if tiny) batch-rate effect.
     */
    static List<Req> traffic(LocalDate start, int chat, int mini, double cacheShare, double outputScale) {
        List<Req> out = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            String day = start.plusDays(d).toString();
            int minute = 0;
            for (String team : new String[]{"search", "support"}) {
                for (int i = 0; i < chat + mini; i++) {
                    boolean isChat = i < chat;
                    int j = isChat ? i : i - chat;
                    long prompt = 1000 + 35L * (j % 5) + (team.equals("search") ? 500 : 0);
                    long cached = Math.round(prompt * cacheShare);
                    long output = Math.round((120 + 11L * ((3 * j) % 5)) * outputScale);
                    out.add(new Req(day, minute++, team, isChat ? "acme-chat" : "acme-mini", j % 10 == 9, j % 5 == 0,
                            prompt - cached, cached, output));
                }
            }
        }
        return out;
    }

    Path log(String name, List<Req> reqs) throws IOException {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Req r : reqs) {
            sb.append(r.line(name + "-" + n++)).append('\n');
        }
        return TestSupport.write(dir, name + ".jsonl", sb.toString());
    }

    static final LocalDate BASE = LocalDate.parse("2026-01-22"), CUR = LocalDate.parse("2026-02-01");

    JsonNode change(Path log, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("analyze", log.toString(), "-q", "-f", "json", "--prices", prices().toString(),
                "--since", "2026-02-01", "--until", "2026-02-11"));
        args.addAll(List.of(extra));
        if (!args.contains("--compare-to")) {
            args.add("--compare-to");
        }
        TestSupport.Run run = TestSupport.cli(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(List.of(), JsonSchemas.violations("analyze-logs", j));
        return j;
    }

    /** Only {@code effect} carries the change, in total and in every model and team row; all effects add up. */
    static void onlyEffect(JsonNode c, String effect) {
        double change = c.get("change_usd").asDouble();
        assertTrue(Math.abs(change) > 0.01, "the constructed log changes the cost: " + c);
        assertOnly(c, effect, change, "total");
        for (String table : new String[]{"by_model", "by_team"}) {
            for (JsonNode row : c.get(table)) {
                assertOnly(row, effect, row.get("change_usd").asDouble(), table + " " + row.get(table.equals("by_model") ? "model" : "team"));
            }
        }
    }

    static void assertOnly(JsonNode node, String effect, double change, String where) {
        JsonNode e = node.get("effects");
        double sum = 0;
        for (String k : EFFECTS) {
            double v = e.get(k).asDouble();
            sum += v;
            if (!k.equals(effect)) {
                assertEquals(0, v, EPS, where + ": " + k + " must be 0 when only " + effect + " changes: " + e);
            }
        }
        assertEquals(change, e.get(effect).asDouble(), EPS, where + ": " + effect + " is the whole change: " + e);
        assertEquals(change, sum, EPS, where + ": the effects add up to the change");
    }

    @Test
    void oneModelsPriceDoubledOnADateIsAllPriceEffect() throws IOException {
        List<Req> all = new ArrayList<>(traffic(BASE, 10, 30, 0.4, 1));
        all.addAll(traffic(CUR, 10, 30, 0.4, 1));
        JsonNode j = change(log("price", all), "--compare-to", "2026-01-22..2026-02-01");
        JsonNode c = j.get("change");
        onlyEffect(c, "prices");
        // acme-chat's cost doubled, so the change is its baseline cost; acme-mini's row changes by nothing
        for (JsonNode row : c.get("by_model")) {
            double base = row.get("baseline_cost_usd").asDouble();
            assertEquals(row.get("model").asText().equals("acme-chat") ? base : 0, row.get("change_usd").asDouble(), 1e-9, row.toString());
        }
        assertEquals(j.get("cost_usd").asDouble(), c.at("/current/cost_usd").asDouble(), 1e-9, "the current cost is analyze's cost");
        assertEquals("acme-chat", c.at("/price_changes/0/model").asText(), c.get("price_changes").toString());
        assertEquals("[\"2026-02-01\"]", c.at("/price_changes/0/current_prices_from").toString());
    }

    @Test
    void aShiftedModelMixIsAllModelMixEffect() throws IOException {
        List<Req> all = new ArrayList<>(traffic(BASE, 10, 30, 0.4, 1));
        all.addAll(traffic(CUR, 20, 20, 0.4, 1));
        // same dated price in both periods: acme-chat's doubled price would add a price effect
        JsonNode c = change(log("mix", all), "--compare-to", "2026-01-22..2026-02-01", "--price-date", "2026-03-01").get("change");
        // per team, per model tokens, cache shares, batch shares and failure rates are those of the baseline
        onlyEffectOnModelsOfConstantProfile(c);
    }

    /** Mix: the change per model is not all mix per row only if the model's own profile moved; here none did. */
    private static void onlyEffectOnModelsOfConstantProfile(JsonNode c) {
        double change = c.get("change_usd").asDouble();
        assertTrue(change > 0.01, "moving requests to the dearer model raises the cost: " + c);
        assertOnly(c, "model_mix", change, "total");
        for (JsonNode row : c.get("by_team")) {
            assertOnly(row, "model_mix", row.get("change_usd").asDouble(), "team " + row.get("team"));
        }
    }

    @Test
    void doubleTheVolumeIsAllVolumeEffect() throws IOException {
        List<Req> all = new ArrayList<>(traffic(BASE, 10, 30, 0.4, 1));
        all.addAll(traffic(CUR, 10, 30, 0.4, 1));
        all.addAll(traffic(CUR, 10, 30, 0.4, 1));
        JsonNode j = change(log("volume", all), "--price-date", "2026-03-01"); // default baseline: the 10 days before
        JsonNode c = j.get("change");
        assertEquals("2026-01-22T00:00:00Z", c.at("/baseline/from").asText());
        onlyEffect(c, "volume");
        assertEquals(c.at("/baseline/cost_usd").asDouble(), c.get("change_usd").asDouble(), 1e-9, "twice the cost");
        assertEquals(1.0, c.get("change_share").asDouble(), 1e-12);
    }

    @Test
    void moreCacheReadsAloneIsAllCachingEffect() throws IOException {
        List<Req> all = new ArrayList<>(traffic(BASE, 10, 30, 0.2, 1));
        all.addAll(traffic(CUR, 10, 30, 0.6, 1));
        JsonNode c = change(log("caching", all), "--price-date", "2026-03-01").get("change");
        assertTrue(c.get("change_usd").asDouble() < -0.01, "more cache reads cost less: " + c);
        onlyEffect(c, "caching");
    }

    @Test
    void longerAnswersAloneAreAllOutputTokensEffect() throws IOException {
        List<Req> all = new ArrayList<>(traffic(BASE, 10, 30, 0.4, 1));
        all.addAll(traffic(CUR, 10, 30, 0.4, 2));
        onlyEffect(change(log("output", all), "--price-date", "2026-03-01").get("change"), "output_tokens_per_request");
    }

    @Test
    void moreFailedRequestsAloneAreAllErrorsEffect() throws IOException {
        List<Req> all = new ArrayList<>(traffic(BASE, 10, 30, 0.4, 1));
        List<Req> cur = traffic(CUR, 10, 30, 0.4, 1);
        all.addAll(cur);
        // every failed request of the current period fails twice more (retries that failed too)
        for (Req r : cur) {
            if (r.error()) {
                all.add(r);
                all.add(r);
            }
        }
        onlyEffect(change(log("errors", all), "--price-date", "2026-03-01").get("change"), "errors_retries");
    }

    @Test
    void aNewModelInTheCurrentPeriodIsModelMixAndItsRowIsAllChange() throws IOException {
        List<Req> all = new ArrayList<>(traffic(BASE, 10, 30, 0.4, 1));
        for (Req r : traffic(CUR, 10, 30, 0.4, 1)) {
            all.add(r.model().equals("acme-mini") && r.minute() % 2 == 0
                    ? new Req(r.day(), r.minute(), r.team(), "acme-flat", r.error(), r.batch(), r.input(), r.cacheRead(), r.output()) : r);
        }
        JsonNode c = change(log("newmodel", all), "--price-date", "2026-03-01").get("change");
        JsonNode flat = null;
        for (JsonNode row : c.get("by_model")) {
            if (row.get("model").asText().equals("acme-flat")) {
                flat = row;
            }
        }
        assertEquals(0, flat.get("baseline_cost_usd").asDouble());
        assertOnly(flat, "model_mix", flat.get("current_cost_usd").asDouble(), "the new model");
        double sum = 0;
        for (String k : EFFECTS) {
            sum += c.get("effects").get(k).asDouble();
        }
        assertEquals(c.get("change_usd").asDouble(), sum, EPS);
    }

    @Test
    void anEmptyBaselineIsNullWithANoteNotZero() throws IOException {
        JsonNode c = change(log("nobase", traffic(CUR, 2, 3, 0.4, 1))).get("change");
        assertTrue(c.at("/baseline/cost_usd").isNull(), c.toString());
        assertTrue(c.get("change_usd").isNull(), c.toString());
        assertTrue(c.get("change_share").isNull(), c.toString());
        for (String k : EFFECTS) {
            assertTrue(c.get("effects").has(k) && c.get("effects").get(k).isNull(), k + ": " + c.get("effects"));
        }
        assertTrue(c.get("notes").toString().contains("no request in the baseline period"), c.get("notes").toString());
    }

    @Test
    void anEmptyBaselineStillShowsEachModelsAndTeamsCurrentCost() throws IOException {
        // review h19b #13: with no baseline the current cost per model and team is known; only what needs the baseline is null
        JsonNode j = change(log("nobaserows", traffic(CUR, 2, 3, 0.4, 1)));
        JsonNode c = j.get("change");
        double models = 0, teams = 0;
        for (String table : new String[]{"by_model", "by_team"}) {
            for (JsonNode row : c.get(table)) {
                assertTrue(row.get("current_cost_usd").isNumber() && row.get("current_cost_usd").asDouble() > 0, table + ": " + row);
                assertTrue(row.get("baseline_cost_usd").isNull() && row.get("change_usd").isNull(), table + ": " + row);
                row.get("effects").forEach(v -> assertTrue(v.isNull(), table + ": " + row));
                if (table.equals("by_model")) {
                    models += row.get("current_cost_usd").asDouble();
                } else {
                    teams += row.get("current_cost_usd").asDouble();
                }
            }
        }
        assertEquals(j.get("cost_usd").asDouble(), models, 1e-9, "the models' current costs add up to analyze's cost");
        assertEquals(j.get("cost_usd").asDouble(), teams, 1e-9, "the teams' current costs add up to analyze's cost");
        for (JsonNode m : j.get("by_model")) {
            boolean found = false;
            for (JsonNode row : c.get("by_model")) {
                if (row.get("model").asText().equals(m.get("model").asText())) {
                    found = true;
                    assertEquals(m.get("cost_usd").asDouble(), row.get("current_cost_usd").asDouble(), 1e-9, row.toString());
                }
            }
            assertTrue(found, m.toString());
        }
        String notes = c.get("notes").toString();
        assertTrue(notes.contains("baseline_cost_usd"), "the note names what is null: " + notes);
    }

    @Test
    void theCsvChangeSummaryHasEachPeriodsCoverageAndCounts() throws IOException {
        // the JSON's covered_from/covered_until/covered_share (and failed and unpriced requests) in the CSV's one table too
        List<Req> all = new ArrayList<>(traffic(BASE.plusDays(5), 2, 3, 0.4, 1)); // the log starts halfway into the baseline
        all.addAll(traffic(CUR, 2, 3, 0.4, 1));
        Path log = log("csvcover", all);
        JsonNode c = change(log).get("change");
        TestSupport.Run run = TestSupport.cli("analyze", log.toString(), "-q", "-f", "csv", "--prices", prices().toString(),
                "--since", "2026-02-01", "--until", "2026-02-11", "--compare-to", "--table", "change_summary");
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        int header = lines.indexOf("period,from,until,requests,cost_usd,covered_from,covered_until,covered_share,"
                + "failed_requests,unpriced_requests");
        assertEquals(0, header, run.out());
        String[] period = {"baseline", "current"};
        for (int p = 0; p < 2; p++) {
            JsonNode json = c.get(period[p]);
            // a leading empty cell keeps the columns where they were when csv named the table in its first one
            String[] cells = ("," + lines.get(header + 1 + p)).split(",", -1);
            assertEquals(List.of("", period[p], json.get("from").asText(), json.get("until").asText(),
                            json.get("requests").asText()), List.of(cells).subList(0, 5), lines.get(header + 1 + p));
            assertEquals(json.get("cost_usd").asDouble(), Double.parseDouble(cells[5]), 1e-9);
            assertEquals(json.get("covered_from").asText(), cells[6]);
            assertEquals(json.get("covered_until").asText(), cells[7]);
            assertEquals(json.get("covered_share").asDouble(), Double.parseDouble(cells[8]), 1e-12);
            assertEquals(json.get("failed_requests").asText(), cells[9]);
            assertEquals(json.get("unpriced_requests").asText(), cells[10]);
        }
        assertEquals(0.5, c.at("/baseline/covered_share").asDouble(), 1e-9, "the log covers half the baseline: " + c.get("baseline"));
        String[] change = ("," + lines.get(header + 3)).split(",", -1);
        assertEquals("change", change[1]);
        assertEquals(List.of("", "", ""), List.of(change).subList(6, 9), "a change has no coverage: " + lines.get(header + 3));
    }

    @Test
    void unpricedModelsAreLeftOutWithANoteAndNullRows() throws IOException {
        List<Req> all = new ArrayList<>(traffic(BASE, 2, 3, 0.4, 1));
        all.addAll(traffic(CUR, 2, 3, 0.4, 1));
        all.add(new Req("2026-01-25", 700, "search", "acme-unknown", false, false, 100, 0, 10));
        all.add(new Req("2026-02-05", 700, "search", "acme-unknown", false, false, 100, 0, 10));
        JsonNode c = change(log("unpriced", all), "--price-date", "2026-03-01").get("change");
        assertEquals(1, c.at("/baseline/unpriced_requests").asLong());
        assertEquals(0, c.get("change_usd").asDouble(), EPS);
        boolean found = false;
        for (JsonNode row : c.get("by_model")) {
            if (row.get("model").asText().equals("acme-unknown")) {
                found = true;
                assertTrue(row.get("change_usd").isNull() && row.get("effects").get("volume").isNull(), row.toString());
            }
        }
        assertTrue(found, c.get("by_model").toString());
        assertTrue(c.get("notes").toString().contains("acme-unknown"), c.get("notes").toString());
    }

    @Test
    void ingestCountsAndTheRestOfTheReportAreThoseOfTheCurrentPeriodAlone() throws IOException {
        List<Req> all = new ArrayList<>(traffic(BASE, 2, 3, 0.4, 1));
        all.addAll(traffic(CUR, 2, 3, 0.4, 1));
        Path log = log("counts", all);
        // a request id logged again in each period with other usage: the last copy counts, in analyze and in the change
        Req base = all.get(3), cur = all.get(all.size() - 2);
        java.nio.file.Files.writeString(log, base.line("counts-3").replace("\"output_tokens\":", "\"output_tokens\":9") + "\n"
                + cur.line("counts-" + (all.size() - 2)).replace("\"input_tokens\":", "\"input_tokens\":7") + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        JsonNode with = change(log);
        TestSupport.Run without = TestSupport.cli("analyze", log.toString(), "-q", "-f", "json", "--prices", prices().toString(),
                "--since", "2026-02-01", "--until", "2026-02-11");
        JsonNode w = without.json();
        assertEquals(w.get("ingest"), with.get("ingest"));
        assertEquals(w.get("cost_usd"), with.get("cost_usd"));
        assertEquals(2, w.at("/ingest/duplicate_request_ids").asLong() + 1, "one repeat in the current period: " + w.get("ingest"));
        assertEquals(w.get("cost_usd").asDouble(), with.at("/change/current/cost_usd").asDouble(), 1e-12);
        double baseline = 0;
        for (JsonNode row : with.at("/change/by_model")) {
            baseline += row.get("baseline_cost_usd").asDouble();
        }
        assertEquals(baseline, with.at("/change/baseline/cost_usd").asDouble(), 1e-12);
        JsonNode alone = TestSupport.cli("analyze", log.toString(), "-q", "-f", "json", "--prices", prices().toString(),
                "--since", "2026-01-22", "--until", "2026-02-01").json();
        assertEquals(alone.get("cost_usd").asDouble(), with.at("/change/baseline/cost_usd").asDouble(), 1e-12,
                "the baseline cost is analyze's cost of the baseline period alone");
        assertEquals(alone.get("requests").asLong(), with.at("/change/baseline/requests").asLong());
        assertEquals(w.get("by_model"), with.get("by_model"));
        assertFalse(w.has("change"));
    }

    @Test
    void compareToWithoutTheCurrentPeriodOrOverlappingItIsAUsageError() throws IOException {
        Path log = log("usage", traffic(CUR, 1, 1, 0.4, 1));
        TestSupport.Run noSince = TestSupport.cli("analyze", log.toString(), "--compare-to");
        assertEquals(2, noSince.code(), noSince.err());
        assertTrue(noSince.err().contains("--since"), noSince.err());
        TestSupport.Run overlap = TestSupport.cli("analyze", log.toString(), "--since", "2026-02-01", "--until", "2026-02-11",
                "--compare-to", "2026-01-25..2026-02-03");
        assertEquals(2, overlap.code(), overlap.err());
        assertTrue(overlap.err().contains("overlaps"), overlap.err());
        TestSupport.Run bad = TestSupport.cli("analyze", log.toString(), "--since", "2026-02-01", "--until", "2026-02-11",
                "--compare-to", "last-month");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("B1..B2"), bad.err());
    }

    @Test
    void everyFormatShowsTheChangeAndItsEffects() throws IOException {
        List<Req> all = new ArrayList<>(traffic(BASE, 2, 3, 0.4, 1));
        all.addAll(traffic(CUR, 4, 3, 0.4, 1));
        Path log = log("formats", all);
        for (String f : new String[]{"table", "markdown", "csv", "html"}) {
            TestSupport.Run run = TestSupport.cliWithEveryCsvTable("analyze", log.toString(), "-q", "-f", f, "--prices", prices().toString(),
                    "--since", "2026-02-01", "--until", "2026-02-11");
            assertEquals(0, run.code(), run.err());
            assertFalse(run.out().contains("model_mix"), f + ": no change section without --compare-to");
            // csv: every table of the run (change_summary, change_effects, ...)
            run = TestSupport.cliWithEveryCsvTable("analyze", log.toString(), "-q", "-f", f, "--prices", prices().toString(),
                    "--since", "2026-02-01", "--until", "2026-02-11", "--compare-to");
            assertEquals(0, run.code(), run.err());
            for (String k : new String[]{"model_mix", "errors_retries", "change_usd", "LMDI", "acme-chat", "support"}) {
                assertTrue(run.out().contains(k), f + " shows " + k + ":\n" + run.out());
            }
            if (f.equals("html")) {
                // the waterfall: the baseline cost, one bar per effect, the current cost, in that order
                String svg = run.out().substring(run.out().indexOf("aria-label=\"From the baseline cost"));
                svg = svg.substring(0, svg.indexOf("</svg>"));
                int at = svg.indexOf("<title>Baseline cost: $");
                for (Effect e : Effect.values()) {
                    int next = svg.indexOf("<title>" + e.label + ": ", at);
                    assertTrue(next > at, e.label + " after the previous bar in the waterfall:\n" + svg);
                    at = next;
                }
                assertTrue(svg.indexOf("<title>Current cost: $", at) > at, svg);
                assertEquals(Effect.N + 2, svg.split("<rect ").length - 1, svg);
            }
        }
    }

    @Test
    void aRelativeTimeTraceIsAnchoredAtSinceAsWithoutCompareTo() {
        // Mooncake's timestamps are offsets from the trace's start, anchored at --since; reading the baseline too must
        // not anchor them at the baseline's start instead (the report showed the trace's second half as the current period)
        String trace = TestSupport.shared("data/mooncake-trace/conversation_trace.jsonl").toString();
        String[] window = {"--default-model", "gpt-4o-mini", "--since", "2026-03-01T00:00:00Z", "--until", "2026-03-01T00:30:00Z"};
        List<String> args = new ArrayList<>(List.of("analyze", trace, "-q", "-f", "json"));
        args.addAll(List.of(window));
        JsonNode without = TestSupport.cli(args.toArray(String[]::new)).json();
        args.add("--compare-to");
        JsonNode with = TestSupport.cli(args.toArray(String[]::new)).json();
        assertEquals(without.get("ingest"), with.get("ingest"));
        assertEquals(without.get("warnings"), with.get("warnings"), "the anchor named is --since's");
        assertEquals(without.get("cost_usd").asDouble(), with.get("cost_usd").asDouble(), 1e-9);
        assertEquals(without.get("cost_usd").asDouble(), with.at("/change/current/cost_usd").asDouble(), 1e-9);
        assertTrue(with.at("/change/baseline/cost_usd").isNull(), "a relative trace has nothing before its start: "
                + with.at("/change/baseline"));
    }
}
