package io.techopt.analyze.change;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r9: conditions of a --compare-to run that its figures alone do not show are said in change.notes, with the
 * counts known by construction.
 */
class ChangeNotesSayWhatTheFiguresHideTest {
    @TempDir
    Path dir;

    static final String[] CHANGE = {"--since", "2026-10-16", "--until", "2026-10-31", "--compare-to", "2026-10-01..2026-10-16"};

    /** 10 requests a day of each model, October 1-30, 1000 input and 200 output tokens each; ids are model-day-i. */
    static String log(String... models) {
        StringBuilder b = new StringBuilder();
        for (int d = 1; d <= 30; d++) {
            for (String m : models) {
                for (int i = 0; i < 10; i++) {
                    b.append(String.format(Locale.ROOT, "{\"timestamp\": \"2026-10-%02dT%02d:00:00Z\", \"request_id\": \"%s-%d-%d\", "
                            + "\"model\": \"%s\", \"provider\": \"vllm\", \"team\": \"t1\", \"usage\": {\"input_tokens\": 1000, "
                            + "\"output_tokens\": 200}}%n", d, i, m, d, i, m));
                }
            }
        }
        return b.toString();
    }

    JsonNode run(String log, String prices, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("analyze", TestSupport.write(dir, "log.jsonl", log).toString(), "-q",
                "-f", "json", "--prices", TestSupport.write(dir, "prices.json", prices).toString()));
        args.addAll(List.of(extra));
        TestSupport.Run r = TestSupport.cli(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r.json();
    }

    /** Review r9 #2: acme-a's first price is dated October 16, so all 150 baseline requests are priced at a later price. */
    @Test
    void baselineRequestsPricedAtAPriceDatedAfterThemAreAChangeNoteNamingModelCountAndDate() throws IOException {
        String prices = "{\"models\": [{\"key\": \"acme-a\", \"provider\": \"vllm\", \"prices\": [{\"effective\": \"2026-10-16\", "
                + "\"input\": 1.0, \"output\": 2.0}, {\"effective\": \"2026-10-20\", \"input\": 2.0, \"output\": 4.0}]}, "
                + "{\"key\": \"acme-b\", \"provider\": \"vllm\", \"prices\": [{\"effective\": \"2026-09-01\", \"input\": 1.0, \"output\": 2.0}]}]}";
        JsonNode r = run(log("acme-a", "acme-b"), prices, CHANGE);
        assertEquals(0.21, r.at("/change/baseline/cost_usd").asDouble() / 2, 1e-12, "150 x $0.0014 per model");
        List<String> early = new ArrayList<>();
        r.at("/change/notes").forEach(n -> {
            if (n.asText().contains("first price")) {
                early.add(n.asText());
            }
        });
        assertEquals(1, early.size(), r.at("/change/notes").toString());
        String note = early.get(0);
        assertTrue(note.startsWith("baseline period: model 'acme-a': 150 requests dated before its first price (2026-10-16"), note);
        assertTrue(note.contains("priced at the 2026-10-16 price"), note);
        assertFalse(note.contains("acme-b"), note);
        // the current period's requests are all on or after October 16: the report itself warns of none
        assertFalse(r.get("warnings").toString().contains("first price"), r.get("warnings").toString());
    }

    static final String PRICES = "{\"models\": [{\"key\": \"acme-a\", \"provider\": \"vllm\", \"prices\": [{\"effective\": \"2026-09-01\", "
            + "\"input\": 1.0, \"output\": 2.0}]}, {\"key\": \"acme-b\", \"provider\": \"vllm\", \"prices\": [{\"effective\": \"2026-09-01\", "
            + "\"input\": 0.15, \"output\": 0.6}]}, {\"key\": \"acme-c\", \"provider\": \"vllm\", \"prices\": [{\"effective\": \"2026-09-01\", "
            + "\"input\": 3.0, \"output\": 15.0}]}]}";

    /**
     * Review r9 #3: with no request in the current window the summary said "Cost $0.00" and the change section "cost
     * unknown". No request read is no cost measured: cost_usd is null with its note, in the plain run and with --compare-to.
     */
    @Test
    void anEmptyCurrentPeriodHasCostUsdNullWithItsNoteInTheReportAndTheChangeSectionAlike() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int h = 0; h < 12 * 24; h++) { // hourly, October 1 to 12, none in the current period
            b.append(String.format(Locale.ROOT, "{\"timestamp\": \"2026-10-%02dT%02d:00:00Z\", \"request_id\": \"h%d\", \"model\": "
                    + "\"acme-a\", \"provider\": \"vllm\", \"usage\": {\"input_tokens\": 1000, \"output_tokens\": 200}}%n", 1 + h / 24, h % 24, h));
        }
        for (JsonNode r : List.of(run(b.toString(), PRICES, "--since", "2026-10-16", "--until", "2026-10-31"), run(b.toString(), PRICES, CHANGE))) {
            assertEquals(0, r.get("requests").asLong());
            assertTrue(r.get("cost_usd").isNull(), "no request read: its cost is unknown, not $0: " + r.get("cost_usd"));
            assertTrue(r.get("warnings").toString().contains("cost_usd is null: no request was read"), r.get("warnings").toString());
            if (r.has("change")) {
                assertTrue(r.at("/change/current/cost_usd").isNull());
                assertEquals(288 * 0.0014, r.at("/change/baseline/cost_usd").asDouble(), 1e-12);
            }
        }
    }

    /** 37 requests a day of three models over October, tokens varied so sums taken in another order differ in the last bits. */
    static String threeModels() {
        StringBuilder b = new StringBuilder();
        String[] models = {"acme-a", "acme-b", "acme-c"};
        for (int d = 1; d <= 30; d++) {
            for (int i = 0; i < 37; i++) {
                String m = models[(i * 7 + d) % 3];
                b.append(String.format(Locale.ROOT, "{\"timestamp\": \"2026-10-%02dT%02d:%02d:00Z\", \"request_id\": \"x%d-%d\", \"model\": "
                        + "\"%s\", \"provider\": \"vllm\", \"team\": \"t%d\", \"usage\": {\"input_tokens\": %d, \"output_tokens\": %d}}%n",
                        d, i % 24, i, d, i, m, (i * 31 + d) % 5, 137 + (i * 997 + d * 13) % 4001, 11 + (i * 389 + d) % 777));
            }
        }
        return b.toString();
    }

    /**
     * Review r9 #7: change.current.cost_usd and by_model's current_cost_usd differed from the report's cost_usd in the
     * last digits (sums taken in another order). README says they are the report's figures: equal as doubles.
     */
    @Test
    void theChangeSectionsCurrentCostsAreTheReportsCostsExactly() throws IOException {
        JsonNode r = run(threeModels(), PRICES, CHANGE);
        assertEquals(r.get("cost_usd").asDouble(), r.at("/change/current/cost_usd").asDouble(), 0.0);
        assertEquals(r.at("/change/current/cost_usd").asDouble() - r.at("/change/baseline/cost_usd").asDouble(),
                r.at("/change/change_usd").asDouble(), 0.0);
        int compared = 0;
        for (JsonNode m : r.get("by_model")) {
            for (JsonNode c : r.at("/change/by_model")) {
                if (c.get("model").equals(m.get("model"))) {
                    assertEquals(m.get("cost_usd").asDouble(), c.get("current_cost_usd").asDouble(), 0.0, m.get("model").asText());
                    compared++;
                }
            }
        }
        assertEquals(3, compared);
    }

    /**
     * Review r13 #11: change.baseline.cost_usd was not the double a stand-alone analyze --since B1 --until B2 prints
     * (0.09583000000000003 against 0.09582999999999998): README says it is that run's figure, as the current one is the
     * report's. by_model's and by_team's baseline costs are that run's too.
     */
    @Test
    void theChangeSectionsBaselineCostsAreAStandAloneRunsCostsExactly() throws IOException {
        JsonNode change = run(threeModels(), PRICES, CHANGE);
        JsonNode alone = run(threeModels(), PRICES, "--since", "2026-10-01", "--until", "2026-10-16", "--group-by", "team");
        assertEquals(alone.get("cost_usd").asDouble(), change.at("/change/baseline/cost_usd").asDouble(), 0.0);
        assertEquals(change.at("/change/current/cost_usd").asDouble() - change.at("/change/baseline/cost_usd").asDouble(),
                change.at("/change/change_usd").asDouble(), 0.0);
        int compared = 0;
        for (JsonNode m : alone.get("by_model")) {
            for (JsonNode c : change.at("/change/by_model")) {
                if (c.get("model").equals(m.get("model"))) {
                    assertEquals(m.get("cost_usd").asDouble(), c.get("baseline_cost_usd").asDouble(), 0.0, m.get("model").asText());
                    compared++;
                }
            }
        }
        for (JsonNode t : alone.at("/groups/0/rows")) {
            for (JsonNode c : change.at("/change/by_team")) {
                if (c.get("team").equals(t.at("/key/team"))) {
                    assertEquals(t.get("cost_usd").asDouble(), c.get("baseline_cost_usd").asDouble(), 0.0, t.at("/key/team").asText());
                    compared++;
                }
            }
        }
        assertEquals(3 + 5, compared);
    }

    /** The log of {@link #theChangeSectionsCurrentCostsAreTheReportsCostsExactly}: costs whose sums differ by order. */
    private static String unevenLog(boolean oneTeam) {
        StringBuilder b = new StringBuilder();
        String[] models = {"acme-a", "acme-b", "acme-c"};
        for (int d = 1; d <= 30; d++) {
            for (int i = 0; i < 37; i++) {
                String m = models[(i * 7 + d) % 3];
                b.append(String.format(Locale.ROOT, "{\"timestamp\": \"2026-10-%02dT%02d:%02d:00Z\", \"request_id\": \"x%d-%d\", \"model\": "
                        + "\"%s\", \"provider\": \"vllm\", \"team\": \"t%d\", \"usage\": {\"input_tokens\": %d, \"output_tokens\": %d}}%n",
                        d, i % 24, i, d, i, m, oneTeam ? 1 : (i * 31 + d) % 5, 137 + (i * 997 + d * 13) % 4001, 11 + (i * 389 + d) % 777));
            }
        }
        return b.toString();
    }

    /**
     * Review r11 #6: by_team's current_cost_usd was still the decomposition's own sum (0.21379999999999996 against the
     * report's 0.21380000000000066 on k3_dupboth), so with one team its change_usd disagreed with change.change_usd. Each
     * team's current cost is the report's group figure for that team, with or without --group-by team.
     */
    @Test
    void byTeamsCurrentCostsAreTheReportsTeamFiguresExactly() throws IOException {
        JsonNode one = run(unevenLog(true), PRICES, CHANGE);
        JsonNode t1 = one.at("/change/by_team/0");
        assertEquals(1, one.at("/change/by_team").size());
        assertEquals(one.get("cost_usd").asDouble(), t1.get("current_cost_usd").asDouble(), 0.0, "one team: the report's cost_usd");
        assertEquals(one.at("/change/change_usd").asDouble(), t1.get("change_usd").asDouble(), 0.0, "one team: change.change_usd");
        List<String> args = new ArrayList<>(List.of(CHANGE));
        args.addAll(List.of("--group-by", "team"));
        JsonNode five = run(unevenLog(false), PRICES, args.toArray(String[]::new));
        int compared = 0;
        for (JsonNode g : five.at("/groups/0/rows")) {
            for (JsonNode t : five.at("/change/by_team")) {
                if (t.get("team").asText().equals(g.at("/key/team").asText())) {
                    assertEquals(g.get("cost_usd").asDouble(), t.get("current_cost_usd").asDouble(), 0.0, t.toString());
                    assertEquals(g.get("cost_usd").asDouble() - t.get("baseline_cost_usd").asDouble(), t.get("change_usd").asDouble(), 0.0);
                    compared++;
                }
            }
        }
        assertEquals(5, compared);
    }

    /** Review r9 #6: a request id logged in both periods counts once in each; a note says how many, so the sums reconcile. */
    @Test
    void aRequestIdLoggedInBothPeriodsIsCountedInEachAndANoteSaysHowMany() throws IOException {
        String log = log("acme-a") + "{\"timestamp\": \"2026-10-20T12:00:00Z\", \"request_id\": \"acme-a-1-0\", \"model\": \"acme-a\", "
                + "\"provider\": \"vllm\", \"team\": \"t1\", \"usage\": {\"input_tokens\": 1000, \"output_tokens\": 200}}\n";
        JsonNode r = run(log, PRICES, CHANGE);
        assertEquals(150, r.at("/change/baseline/requests").asLong());
        assertEquals(151, r.at("/change/current/requests").asLong());
        String notes = r.at("/change/notes").toString();
        assertTrue(notes.contains("1 request id appears in both periods"), notes);
        JsonNode plain = run(log("acme-a"), PRICES, CHANGE);
        assertFalse(plain.at("/change/notes").toString().contains("both periods"), plain.at("/change/notes").toString());
    }

    /**
     * Review r9 #8: only a $0 model's traffic grew (10 -> 20 a day) beside a priced one unchanged: change $0, yet volume
     * +$0.085 and model_mix -$0.085 by the method. Exact, and now said: a note names the free model and its counts.
     */
    @Test
    void aFreeModelsTrafficMovingVolumeAndMixIsNamedInANote() throws IOException {
        StringBuilder b = new StringBuilder(log("acme-a"));
        for (int d = 1; d <= 30; d++) {
            for (int i = 0; i < (d >= 16 ? 20 : 10); i++) {
                b.append(String.format(Locale.ROOT, "{\"timestamp\": \"2026-10-%02dT%02d:30:00Z\", \"request_id\": \"z-%d-%d\", "
                        + "\"model\": \"acme-z\", \"provider\": \"vllm\", \"team\": \"t1\", \"usage\": {\"input_tokens\": 1000, "
                        + "\"output_tokens\": 200}}%n", d, i, d, i));
            }
        }
        JsonNode r = run(b.toString(), "{\"models\": [{\"key\": \"acme-a\", \"provider\": \"vllm\", \"prices\": [{\"effective\": "
                + "\"2026-09-01\", \"input\": 1.0, \"output\": 2.0}]}, {\"key\": \"acme-z\", \"provider\": \"vllm\", \"prices\": "
                + "[{\"effective\": \"2026-09-01\", \"input\": 0.0, \"output\": 0.0}]}]}", CHANGE);
        assertEquals(0, r.at("/change/change_usd").asDouble(), 1e-12);
        assertEquals(0.21 * Math.log(450.0 / 300), r.at("/change/effects/volume").asDouble(), 1e-9);
        String notes = r.at("/change/notes").toString();
        assertTrue(notes.contains("models priced at $0 in both periods changed: acme-z (150 -> 300)"), notes);
        assertFalse(notes.contains("acme-a ("), notes);
    }
}
