package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import io.techopt.contract.JsonSchemas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * analyze --plan: each lever's figure against the command that measures it on its own (analyze, cache-warm simulate,
 * route-sim, compress), on logs built so that one lever acts alone, and on the bundled sample.
 */
class PlanLeversMatchStandAloneCommandsTest {
    private static final String SAMPLE = "samples/requests.jsonl.gz";
    private static final Instant T0 = Instant.parse("2026-10-01T10:00:00Z");
    private static final String[] WORDS = ("apple river stone glass tiger cloud paper violin forest copper lantern "
            + "garden silver harbor meadow pencil rocket saddle thunder velvet window yellow zebra anchor bamboo canyon "
            + "dolphin ember falcon glacier hammer island jasmine kettle lemon marble nectar orchid pepper quartz raven "
            + "spruce tulip umbrella walnut").split(" ");

    @TempDir
    static Path tmp;
    static JsonNode samplePlan;

    @BeforeAll
    static void planOnTheSample() {
        samplePlan = TestSupport.cli("analyze", SAMPLE, "--plan", "--semantic-cache", "hash", "-f", "json", "-q").json();
        assertTrue(JsonSchemas.violations("analyze-logs", samplePlan).isEmpty(), JsonSchemas.violations("analyze-logs", samplePlan).toString());
    }

    /** A question of distinct words, different for every n. */
    private static String question(Random rnd, int words) {
        StringBuilder b = new StringBuilder("Explain how");
        for (int i = 0; i < words; i++) {
            b.append(' ').append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return b.append('?').toString();
    }

    private static ObjectNode rec(int secondsAfter, String model, String task, List<String[]> messages, long input,
                                  long output, Double quality) {
        ObjectNode r = TestSupport.JSON.createObjectNode();
        r.put("timestamp", T0.plusSeconds(secondsAfter).toString());
        r.put("model", model);
        r.put("task_type", task);
        var msgs = r.putArray("messages");
        for (String[] m : messages) {
            msgs.addObject().put("role", m[0]).put("content", m[1]);
        }
        r.put("response", "An answer.");
        r.put("latency_ms", 400 + 2 * output + secondsAfter % 97);
        if (quality != null) {
            r.put("quality", quality);
        }
        r.putObject("usage").put("input_tokens", input).put("output_tokens", output);
        return r;
    }

    private static List<String[]> ask(String q) {
        List<String[]> m = new ArrayList<>();
        m.add(new String[]{"user", q});
        return m;
    }

    private static Path log(String name, List<ObjectNode> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        records.forEach(r -> sb.append(r).append('\n'));
        return TestSupport.write(tmp, name, sb.toString());
    }

    private static JsonNode run(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("-f", "json", "-q"));
        TestSupport.Run r = TestSupport.cli(a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r.json();
    }

    private static JsonNode plan(Path log) {
        JsonNode j = run("analyze", log.toString(), "--plan", "--semantic-cache", "hash");
        assertTrue(JsonSchemas.violations("analyze-logs", j).isEmpty(), JsonSchemas.violations("analyze-logs", j).toString());
        return j;
    }

    private static JsonNode step(JsonNode j, String lever) {
        for (JsonNode s : j.at("/plan/levers")) {
            if (s.get("lever").asText().equals(lever)) {
                return s;
            }
        }
        throw new AssertionError("no lever " + lever + " in " + j.get("plan"));
    }

    private static double saving(JsonNode analyze, String lever) {
        for (JsonNode s : analyze.get("savings")) {
            if (s.get("lever").asText().equals(lever)) {
                return s.get("usd").asDouble();
            }
        }
        throw new AssertionError(lever);
    }

    /** The one lever that acts saves its figure in the plan, and every other lever saves nothing. */
    private static void actsAlone(JsonNode j, String lever, double standAlone) {
        assertTrue(standAlone > 0, lever + " must act on its log: " + standAlone);
        for (JsonNode s : j.at("/plan/levers")) {
            double usd = s.get("usd_saved").asDouble();
            if (s.get("lever").asText().equals(lever)) {
                assertEquals(standAlone, usd, 1e-12, lever + " in the plan");
                assertEquals(standAlone, s.get("alone_usd").asDouble(), 1e-12, lever + " alone");
            } else {
                assertEquals(0, usd, 0, s.get("lever").asText() + " must not act on the " + lever + " log: " + s);
            }
        }
        assertEquals(standAlone, j.at("/plan/combined_usd_saved").asDouble(), 1e-12);
        assertEquals(j.get("cost_usd").asDouble() - standAlone, j.at("/plan/cost_after_usd").asDouble(), 1e-12);
    }

    @Test
    void exactCacheAloneSavesWhatCacheWarmSimulateSavesOnItsExactLayers() throws IOException {
        Random rnd = new Random(1);
        List<ObjectNode> recs = new ArrayList<>();
        for (int q = 0; q < 20; q++) {
            String text = question(rnd, 12);
            for (int k = 0; k < 3; k++) {
                recs.add(rec(q * 10 + k * 60 * 60 * 3, "gpt-4o-mini", "qa", ask(text), 300 + q, 80, null));
            }
        }
        recs.sort(java.util.Comparator.comparing(r -> r.get("timestamp").asText()));
        Path f = log("exact.jsonl", recs);
        JsonNode j = plan(f);
        double simulate = run("cache-warm", "simulate", f.toString(), "--no-semantic", "--l1-ttl", "30d").get("saved_usd").asDouble();
        assertEquals(simulate, saving(j, "exact_cache"), 1e-12, "analyze's exact_cache and cache-warm simulate agree");
        actsAlone(j, "exact_cache", simulate);
        assertEquals(40, step(j, "exact_cache").get("requests_affected").asLong());
    }

    @Test
    void routingAloneSavesWhatRouteSimsBestStrategyAtTheLoggedQualitySaves() throws IOException {
        Random rnd = new Random(2);
        List<ObjectNode> recs = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            boolean strong = i % 2 == 0;
            recs.add(rec(i * 30, strong ? "gpt-4o" : "gpt-4o-mini", "qa", ask(question(rnd, 14)), 400 + i, 120,
                    strong ? 0.78 + 0.001 * (i % 7) : 0.86 + 0.001 * (i % 5)));
        }
        Path f = log("routing.jsonl", recs);
        JsonNode route = run("route-sim", f.toString());
        double asLogged = route.at("/strategies/0/quality").asDouble();
        double best = 0;
        String bestName = null;
        for (JsonNode s : route.get("strategies")) {
            if (!s.get("name").asText().equals("as-logged") && s.get("quality").asDouble() >= asLogged - 1e-12
                    && s.get("saving_usd").asDouble() > best) {
                best = s.get("saving_usd").asDouble();
                bestName = s.get("name").asText();
            }
        }
        JsonNode j = plan(f);
        actsAlone(j, "routing", best);
        JsonNode r = step(j, "routing");
        assertTrue(r.get("notes").toString().contains("'" + bestName + "'"), "the plan names route-sim's strategy " + bestName
                + ": " + r.get("notes"));
        assertTrue(r.get("quality_change").asDouble() >= 0, "the default bar keeps the logged quality: " + r);
        assertNotNull(r.get("latency_change_ms_mean").numberValue(), "route-sim replays latency: " + r);
    }

    @Test
    void compressionAloneSavesWhatCompressSavesOnTheLog() throws IOException {
        Random rnd = new Random(3);
        List<ObjectNode> recs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            List<String[]> m = new ArrayList<>();
            m.add(new String[]{"system", "You are a helpful assistant number " + i + "."});
            for (int t = 0; t < 4; t++) {
                StringBuilder older = new StringBuilder();
                for (int s = 0; s < 6; s++) {
                    older.append(question(rnd, 10)).append(" The same thing again, as said before. ");
                }
                m.add(new String[]{"user", older.toString()});
                m.add(new String[]{"assistant", "Noted: " + question(rnd, 8)});
            }
            m.add(new String[]{"user", question(rnd, 9)});
            recs.add(rec(i * 20, "gpt-4o-mini", "qa", m, 600, 90, null));
        }
        Path f = log("compression.jsonl", recs);
        double compress = run("compress", f.toString()).get("usd_saved").asDouble();
        actsAlone(plan(f), "compression", compress);
    }

    @Test
    void batchAloneSavesAnalyzesBatchLever() throws IOException {
        Random rnd = new Random(4);
        List<ObjectNode> recs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            recs.add(rec(i * 40, "gpt-4o", i % 3 == 0 ? "qa" : "summarization", ask(question(rnd, 15)), 900 + i, 200, null));
        }
        Path f = log("batch.jsonl", recs);
        double batch = saving(run("analyze", f.toString()), "batch");
        actsAlone(plan(f), "batch", batch);
        assertEquals(20, step(plan(f), "batch").get("requests_affected").asLong());
    }

    @Test
    void promptCacheAloneSavesAnalyzesPromptCacheLever() throws IOException {
        Random rnd = new Random(5);
        StringBuilder system = new StringBuilder("You are the support assistant of a bank.");
        while (system.length() < 9000) {
            system.append(' ').append(question(rnd, 12));
        }
        List<ObjectNode> recs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<String[]> m = new ArrayList<>();
            m.add(new String[]{"system", system.toString()});
            m.add(new String[]{"user", question(rnd, 10)});
            recs.add(rec(i * 30, "gpt-4o", "qa", m, 2400, 100, null));
        }
        Path f = log("prompt-cache.jsonl", recs);
        double prompt = saving(run("analyze", f.toString()), "prompt_cache");
        actsAlone(plan(f), "prompt_cache", prompt);
    }

    @Test
    void onTheSampleEachLeversStandAloneFigureIsItsCommandsFigure() {
        JsonNode analyze = run("analyze", SAMPLE, "--semantic-cache", "hash");
        for (String lever : List.of("exact_cache", "prompt_cache", "batch", "semantic_cache")) {
            assertEquals(saving(analyze, lever), step(samplePlan, lever).get("alone_usd").asDouble(), 1e-12, lever);
        }
        assertEquals(run("compress", SAMPLE).get("usd_saved").asDouble(),
                step(samplePlan, "compression").get("alone_usd").asDouble(), 1e-12);
        JsonNode route = run("route-sim", SAMPLE);
        double asLogged = route.at("/strategies/0/quality").asDouble(), best = 0;
        for (JsonNode s : route.get("strategies")) {
            if (s.get("quality").asDouble() >= asLogged - 1e-12 && !s.get("name").asText().equals("as-logged")) {
                best = Math.max(best, s.get("saving_usd").asDouble());
            }
        }
        assertEquals(best, step(samplePlan, "routing").get("alone_usd").asDouble(), 1e-12);
        // the first lever acts on the log as logged
        assertEquals(saving(analyze, "exact_cache"), step(samplePlan, "exact_cache").get("usd_saved").asDouble(), 1e-12);
    }

    @Test
    void onTheSampleTheStepsAddUpToTheCombinedSavingWhichIsBelowTheCost() {
        JsonNode p = samplePlan.get("plan");
        double sum = 0;
        for (JsonNode s : p.get("levers")) {
            sum += s.get("usd_saved").asDouble();
        }
        assertEquals(p.get("combined_usd_saved").asDouble(), sum, 1e-9);
        assertEquals(samplePlan.get("cost_usd").asDouble(), p.get("cost_usd").asDouble(), 1e-9);
        assertTrue(p.get("combined_usd_saved").asDouble() < p.get("cost_usd").asDouble());
        assertEquals(p.get("cost_usd").asDouble() - p.get("combined_usd_saved").asDouble(), p.get("cost_after_usd").asDouble(), 1e-9);
        assertEquals(List.of("exact_cache", "semantic_cache", "prompt_cache", "routing", "compression", "batch"),
                TestSupport.JSON.convertValue(p.get("order"), List.class));
        // the semantic cache's expected false hits come with it
        assertTrue(step(samplePlan, "semantic_cache").get("expected_false_hits").isNumber()
                || step(samplePlan, "semantic_cache").get("notes").size() > 0);
    }

    @Test
    void aBatchableRequestTheExactCacheAnswersIsNotAlsoBatched() throws IOException {
        Random rnd = new Random(6);
        List<ObjectNode> recs = new ArrayList<>();
        String text = question(rnd, 15);
        for (int k = 0; k < 4; k++) {
            recs.add(rec(k * 60, "gpt-4o", "summarization", ask(text), 1000, 200, null));
        }
        JsonNode j = plan(log("overlap.jsonl", recs));
        double one = j.get("cost_usd").asDouble() / 4;
        assertEquals(3 * one, step(j, "exact_cache").get("usd_saved").asDouble(), 1e-12);
        assertEquals(saving(j, "batch") / 4, step(j, "batch").get("usd_saved").asDouble(), 1e-12,
                "only the first request is left to batch");
        assertEquals(1, step(j, "batch").get("requests_affected").asLong());
        assertEquals(3 * one + saving(j, "batch") / 4, j.at("/plan/combined_usd_saved").asDouble(), 1e-12);
        assertTrue(j.at("/plan/sum_of_alone_usd").asDouble() > j.at("/plan/combined_usd_saved").asDouble());
    }

    @Test
    void withoutPromptsThePromptLeversAreNullWithTheirReasonAndTheRestStillAddsUp() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append("{\"timestamp\":\"").append(T0.plusSeconds(i)).append("\",\"model\":\"gpt-4o\",\"task_type\":\"")
                    .append(i % 2 == 0 ? "summarization" : "qa").append("\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n");
        }
        JsonNode j = plan(TestSupport.write(tmp, "no-prompts.jsonl", sb.toString()));
        for (String lever : List.of("exact_cache", "prompt_cache", "compression")) {
            JsonNode s = step(j, lever);
            assertTrue(s.has("usd_saved") && s.get("usd_saved").isNull(), lever + ": " + s);
            assertTrue(s.get("notes").get(0).asText().contains("prompt"), lever + ": " + s.get("notes"));
        }
        assertEquals(saving(j, "batch"), j.at("/plan/combined_usd_saved").asDouble(), 1e-12);
    }

    @Test
    void everyFormatShowsThePlanAndTheSeedsExpectedEffects() {
        for (String format : List.of("table", "markdown", "csv", "html")) {
            TestSupport.Run r = TestSupport.cliWithEveryCsvTable("analyze", SAMPLE, "--since", "2026-10-05", "--until", "2026-10-07", "--plan",
                    "--semantic-cache", "hash", "-f", format, "-q");
            assertEquals(0, r.code(), r.err());
            for (String want : List.of("exact_cache", "semantic_cache", "prompt_cache", "routing", "compression", "batch")) {
                assertTrue(r.out().contains(want), format + " lacks " + want);
            }
            assertTrue(r.out().contains("30-50%") && r.out().contains("15-25%"), format + " lacks the seed's ranges");
            // csv: the plan's tables are among those --table list names
            String shown = format.equals("csv") ? TestSupport.cli("analyze", SAMPLE, "--since", "2026-10-05", "--until", "2026-10-07", "--plan",
                    "--semantic-cache", "hash", "-f", format, "-q", "--table", "list").out() : r.out();
            assertTrue(shown.contains(format.equals("csv") ? "plan_expected" : "Savings plan"), format + ": " + shown);
        }
    }

    @Test
    void aQualityBarOutsideZeroToOneOrWithoutPlanIsAUsageError() {
        assertEquals(2, TestSupport.cli("analyze", SAMPLE, "--plan", "--plan-quality-bar", "1.5").code());
        assertEquals(2, TestSupport.cli("analyze", SAMPLE, "--plan-quality-bar", "0.8").code());
    }

    @Test
    void withoutPlanTheReportHasNoPlanKey() {
        JsonNode j = run("analyze", SAMPLE);
        assertNull(j.get("plan"));
    }
}
