package io.techopt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command and subcommand run in-process on the bundled sample, on real logs from ../shared/data and on edge
 * inputs (empty log, no prompts, a --since window with no data, a one-day log); each JSON output must validate
 * against its published schema, and removing any required key from it must not.
 */
class JsonOutputContractTest {
    static final String SAMPLE = "samples/requests.jsonl.gz";

    /**
     * Violations another engineer's open fix removes, tolerated here (and printed) until it lands on main:
     * case name prefix, instance location prefix, who fixes it. Empty when every output keeps its contract.
     */
    record KnownGap(String casePrefix, String location, String owner) {
    }

    static final List<KnownGap> KNOWN_GAPS = List.of();

    @TempDir
    static Path tmp;
    static Path emptyLog, noPromptsLog, providersLog, prompt, conversation, badLinesLog, budgets, store, textStore;
    static final Set<String> schemasExercised = new TreeSet<>();
    static final Set<String> gapsSeen = new LinkedHashSet<>();

    @BeforeAll
    static void inputs() throws IOException {
        emptyLog = TestSupport.write(tmp, "empty.jsonl", "");
        badLinesLog = TestSupport.write(tmp, "bad-lines.jsonl", TestSupport.GOOD_LINE + "\n{not json\n{\"model\":\"gpt-4o\"}\n"
                + TestSupport.GOOD_LINE.replace("2026-10-01T10", "2026-10-02T11") + "\n");
        budgets = TestSupport.write(tmp, "budgets.yaml", "budgets:\n  - {scope: \"team:support\", monthly_usd: 5}\n"
                + "  - {scope: total, monthly_usd: 20}\n");
        // the sample in a store without its text (what route-sim and budget judge from tokens alone) and with it
        store = tmp.resolve("store-no-text");
        textStore = tmp.resolve("store-with-text");
        assertEquals(0, TestSupport.cli("ingest", SAMPLE, "--store", store.toString(), "-q").code());
        assertEquals(0, TestSupport.cli("ingest", SAMPLE, "--store", textStore.toString(), "--keep-text", "-q").code());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            // usage only, no messages: nothing from which a repeat rate or a prompt lever can be measured
            b.append(String.format("{\"request_id\":\"r%d\",\"timestamp\":\"2026-10-%02dT10:%02d:00Z\",\"model\":\"%s\","
                            + "\"task_type\":\"summarization\",\"latency_ms\":%d,\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d}}\n",
                    i, 1 + i % 20, i % 60, i % 3 == 0 ? "gpt-4o" : "gpt-4o-mini", 300 + 17 * i, 1000 + 31 * i, 100 + 7 * i));
        }
        noPromptsLog = TestSupport.write(tmp, "no-prompts.jsonl", b.toString());
        StringBuilder p = new StringBuilder();
        String[][] providers = {{"azure", "azure/gpt4o-mini-batch"}, {"groq", "llama-3.3-70b-versatile"}, {"mistral", "mistral-small-latest"},
                {"vertex_ai", "gemini-2.5-flash"}, {"bedrock", "anthropic.claude-3-haiku-20240307-v1:0"}, {"bedrock", "amazon.nova-lite-v1:0"},
                {"deepseek", "deepseek-chat"}, {"openai", "gpt-4o-mini"}, {"anthropic", "claude-haiku-4-5"}, {"google", "gemini-2.5-flash"}};
        for (int i = 0; i < providers.length * 2; i++) {
            String[] pm = providers[i % providers.length];
            p.append(String.format("{\"request_id\":\"p%d\",\"timestamp\":\"2026-10-01T10:%02d:00Z\",\"provider\":\"%s\",\"model\":\"%s\","
                    + "\"task_type\":\"classification\",\"messages\":[{\"role\":\"user\",\"content\":\"Classify ticket %d\"}],"
                    + "\"usage\":{\"input_tokens\":20,\"output_tokens\":3}}\n", i, i, pm[0], pm[1], i));
        }
        providersLog = TestSupport.write(tmp, "providers.jsonl", p.toString());
        prompt = TestSupport.write(tmp, "prompt.txt", "The council met on Tuesday. After a long debate it decided to fund the new "
                + "library with 2 million dollars from the 2027 budget. The mayor objected to the timing. The weather was fine "
                + "and the meeting ended at nine. Several residents spoke about parking near the site.\n");
        conversation = TestSupport.write(tmp, "conversation.json", """
                [{"role":"system","content":"You are a helpful travel assistant."},
                 {"role":"user","content":"I am flying to Lisbon next week. My flight TP123 departs Boston at 19:05 and arrives at 08:20 local time. I also booked a hotel near the river."},
                 {"role":"assistant","content":"Great, Lisbon is lovely in this season. The hotel near the river is a good choice for walking."},
                 {"role":"user","content":"Can you suggest restaurants? I like seafood and I don't eat meat."},
                 {"role":"assistant","content":"Try Cervejaria Ramiro for seafood. Also consider Time Out Market for variety."},
                 {"role":"user","content":"When does my flight land?"}]
                """);
    }

    /** Real data beside the checkout: fails (never skips) under CI when it is missing. */
    static String shared(String relative) {
        return TestSupport.shared(relative).toString();
    }

    /** A command run and the JSON it must keep: its stdout, or the file {@code output} names (null: stdout). */
    record Case(String name, String schema, Supplier<String[]> args, Supplier<Path> output) {
        Case(String name, String schema, Supplier<String[]> args) {
            this(name, schema, args, () -> null);
        }
    }

    static Path badOnlyLog() {
        try {
            return TestSupport.write(tmp, "only-bad-lines.jsonl", "{not json\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Case c(String name, String schema, String... args) {
        return new Case(name, schema, () -> args);
    }

    /** analyze --batch-export into a fresh directory; the case checks the manifest.json it writes. */
    static Case manifest(String name, Supplier<String> log) {
        String dir = "export-" + Integer.toHexString(name.hashCode());
        return new Case("batch-export manifest: " + name, "batch-export-manifest",
                () -> new String[]{"analyze", log.get(), "--batch-export", tmp.resolve(dir).toString()},
                () -> tmp.resolve(dir).resolve("manifest.json"));
    }

    static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        // the bundled sample
        cs.add(c("analyze: sample", "analyze-logs", "analyze", SAMPLE));
        cs.add(c("analyze: sample grouped by team+model and day", "analyze-logs", "analyze", SAMPLE, "--group-by", "team+model", "--group-by", "day"));
        cs.add(c("analyze: sample, one day", "analyze-logs", "analyze", SAMPLE, "--since", "2026-10-05", "--until", "2026-10-06"));
        cs.add(c("analyze: sample, second half against the first (--compare-to)", "analyze-logs", "analyze", SAMPLE,
                "--since", "2026-10-16", "--until", "2026-10-31", "--compare-to", "2026-10-01..2026-10-16"));
        cs.add(c("analyze --plan: sample, one day", "analyze-logs", "analyze", SAMPLE, "--since", "2026-10-05", "--until", "2026-10-06",
                "--plan", "--semantic-cache", "hash"));
        cs.add(c("compress: sample log, one week", "compress-log", "compress", SAMPLE, "--rate", "0.6", "--since", "2026-10-01", "--until", "2026-10-08"));
        cs.add(new Case("compress: one prompt", "compress-prompt", () -> new String[]{"compress", prompt.toString(),
                "--question", "What did the council decide?", "--target-tokens", "30"}));
        cs.add(new Case("compress: conversation", "compress-conversation", () -> new String[]{"compress", conversation.toString(), "--rate", "0.5"}));
        cs.add(c("budget: sample", "budget-log", "budget", SAMPLE));
        cs.add(new Case("budget --prompt", "budget-prompt", () -> new String[]{"budget", "--prompt", prompt.toString(), "--task-type", "summarization"}));
        cs.add(c("budget: sample, one day", "budget-log", "budget", SAMPLE, "--since", "2026-10-05", "--until", "2026-10-06"));
        cs.add(c("cache-warm simulate: sample", "cache-warm-simulate", "cache-warm", "simulate", SAMPLE, "--embedder", "hash"));
        cs.add(c("cache-warm simulate: sample, exact layers only", "cache-warm-simulate", "cache-warm", "simulate", SAMPLE, "--no-semantic"));
        cs.add(c("cache-warm: sample, dry run", "cache-warm", "cache-warm", SAMPLE, "--dry-run", "--embedder", "hash"));
        cs.add(new Case("cache-warm: sample to an L1 snapshot", "cache-warm", () -> new String[]{"cache-warm", SAMPLE,
                "--l1-snapshot", tmp.resolve("l1.jsonl").toString(), "--embedder", "hash"}));
        // a generated agent trace: tools, retrieval, parallel children, gaps, an unpriced embedding, a malformed span
        cs.add(c("analyze: OTLP agent trace (latency map)", "analyze-logs", "analyze", "src/test/resources/ingest/otlp_agent_trace.jsonl"));
        cs.add(c("route-sim: sample", "route-sim", "route-sim", SAMPLE));
        cs.add(c("route-sim: sample, one day", "route-sim", "route-sim", SAMPLE, "--since", "2026-10-05", "--until", "2026-10-06"));
        cs.add(c("ab-report: sample", "ab-report", "ab-report", SAMPLE, "--experiment", "support-prompt-v2", "--weights", "control=0.5,treatment=0.5"));
        cs.add(c("ab-report: sample with CUPED", "ab-report", "ab-report", SAMPLE, "--experiment", "support-prompt-v2", "--cuped"));
        cs.add(new Case("ingest: sample into a new store", "ingest",
                () -> new String[]{"ingest", SAMPLE, "--store", tmp.resolve("store-" + System.nanoTime()).toString()}));
        cs.add(new Case("ingest: a log of only bad lines beside a good one (nothing_read, seq null)", "ingest",
                () -> new String[]{"ingest", badOnlyLog().toString(), badLinesLog.toString(), "--store",
                        tmp.resolve("store-" + System.nanoTime()).toString()}));
        cs.add(c("cost-forecast: sample", "cost-forecast", "cost-forecast", SAMPLE));
        cs.add(c("cost-forecast: sample by team, quarter", "cost-forecast", "cost-forecast", SAMPLE, "--by", "team", "--horizon", "quarter"));
        cs.add(c("cost-forecast: sample, five days of history", "cost-forecast", "cost-forecast", SAMPLE, "--until", "2026-10-06"));
        cs.add(c("cost-forecast: sample, one day", "cost-forecast", "cost-forecast", SAMPLE, "--since", "2026-10-05", "--until", "2026-10-06"));
        // real public data
        cs.add(new Case("analyze: LiteLLM, Langfuse, OTel and Batch fixtures", "analyze-logs", () -> new String[]{"analyze", shared("data/litellm-logs")}));
        cs.add(new Case("analyze: Azure trace (one hour)", "analyze-logs", () -> new String[]{"analyze",
                shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_conv.csv"), "--default-model", "gpt-4o-mini"}));
        cs.add(new Case("compress: LiteLLM fixtures", "compress-log", () -> new String[]{"compress", shared("data/litellm-logs"), "--rate", "0.5"}));
        cs.add(new Case("budget: Azure trace", "budget-log", () -> new String[]{"budget",
                shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_code.csv"), "--default-model", "gpt-4o-mini"}));
        cs.add(new Case("cache-warm simulate: LiteLLM fixtures", "cache-warm-simulate", () -> new String[]{"cache-warm", "simulate",
                shared("data/litellm-logs"), "--embedder", "hash"}));
        cs.add(new Case("cache-warm: LiteLLM fixtures, dry run", "cache-warm", () -> new String[]{"cache-warm",
                shared("data/litellm-logs"), "--dry-run", "--embedder", "hash"}));
        cs.add(new Case("route-sim: Azure trace", "route-sim", () -> new String[]{"route-sim",
                shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_conv.csv"), "--default-model", "gpt-4o-mini"}));
        cs.add(new Case("cost-forecast: Azure trace (one day)", "cost-forecast", () -> new String[]{"cost-forecast",
                shared("data/azure-llm-trace-2023/AzureLLMInferenceTrace_conv.csv"), "--default-model", "gpt-4o"}));
        cs.add(new Case("cache-warm simulate --pairs: QQP replay", "cache-warm-replay", () -> new String[]{"cache-warm", "simulate",
                "--pairs", shared("data/gptcache-qqp/similiar_qqp_full.json"), "--queries", "300", "--seed", "3", "--embedder", "hash"}));
        cs.add(new Case("cache-warm calibrate: QQP", "cache-warm-calibrate", () -> new String[]{"cache-warm", "calibrate",
                "--pairs", shared("data/gptcache-qqp/similiar_qqp_full.json"), "--limit", "400", "--seed", "3", "--embedder", "hash"}));
        cs.add(new Case("cache-warm calibrate: QQP duplicates only (random negatives)", "cache-warm-calibrate", () -> new String[]{"cache-warm",
                "calibrate", "--pairs", shared("data/gptcache-qqp/mock_data.json"), "--limit", "200", "--embedder", "hash", "--no-guards"}));
        cs.add(new Case("route-sim --matrix: RouteLLM GSM8K", "route-sim-matrix", () -> new String[]{"route-sim", "--matrix",
                shared("data/routellm/gsm8k/gsm8k_responses.csv"), "--embedder", "hash"}));
        cs.add(new Case("route-sim --matrix: RouteLLM MMLU, one subject", "route-sim-matrix", () -> new String[]{"route-sim", "--matrix",
                shared("data/routellm/mmlu_responses/mmlu_astronomy.csv"), "--embedder", "hash", "--target-quality", "0.78"}));
        // edge inputs
        for (String cmd : List.of("analyze", "compress", "budget")) {
            String schema = cmd.equals("analyze") ? "analyze-logs" : cmd + "-log";
            cs.add(new Case(cmd + ": empty log", schema, () -> new String[]{cmd, emptyLog.toString()}));
            cs.add(new Case(cmd + ": no prompts", schema, () -> new String[]{cmd, noPromptsLog.toString()}));
            cs.add(c(cmd + ": --since window with no data", schema, cmd, SAMPLE, "--since", "2027-01-01"));
        }
        cs.add(new Case("cache-warm simulate: empty log", "cache-warm-simulate", () -> new String[]{"cache-warm", "simulate", emptyLog.toString(), "--embedder", "hash"}));
        cs.add(new Case("cache-warm simulate: no prompts", "cache-warm-simulate", () -> new String[]{"cache-warm", "simulate", noPromptsLog.toString(), "--embedder", "hash"}));
        cs.add(c("cache-warm simulate: --since window with no data", "cache-warm-simulate", "cache-warm", "simulate", SAMPLE, "--since", "2027-01-01", "--embedder", "hash"));
        cs.add(new Case("cache-warm: empty log, dry run", "cache-warm", () -> new String[]{"cache-warm", emptyLog.toString(), "--dry-run", "--embedder", "hash"}));
        cs.add(new Case("cache-warm: no prompts, dry run", "cache-warm", () -> new String[]{"cache-warm", noPromptsLog.toString(), "--dry-run", "--embedder", "hash"}));
        cs.add(new Case("route-sim: no prompts", "route-sim", () -> new String[]{"route-sim", noPromptsLog.toString()}));
        cs.add(new Case("cost-forecast: no prompts", "cost-forecast", () -> new String[]{"cost-forecast", noPromptsLog.toString()}));
        // bad lines (warnings, bad_line_samples), budgets, a store of the sample, trace fixtures in other commands
        for (String[] cmd : List.of(new String[]{"analyze", "analyze-logs"}, new String[]{"budget", "budget-log"},
                new String[]{"compress", "compress-log"}, new String[]{"route-sim", "route-sim"}, new String[]{"cost-forecast", "cost-forecast"})) {
            cs.add(new Case(cmd[0] + ": a log with bad lines", cmd[1], () -> new String[]{cmd[0], badLinesLog.toString()}));
        }
        cs.add(new Case("cache-warm simulate: a log with bad lines", "cache-warm-simulate", () -> new String[]{"cache-warm", "simulate",
                badLinesLog.toString(), "--embedder", "hash"}));
        cs.add(new Case("cache-warm: a log with bad lines, dry run", "cache-warm", () -> new String[]{"cache-warm", badLinesLog.toString(),
                "--dry-run", "--embedder", "hash"}));
        cs.add(new Case("cost-forecast: sample by team with budgets (alerts)", "cost-forecast", () -> new String[]{"cost-forecast",
                SAMPLE, "--by", "team", "--budget", budgets.toString()}));
        cs.add(new Case("cost-forecast: LiteLLM, Langfuse, OTel and Batch fixtures", "cost-forecast", () -> new String[]{"cost-forecast",
                shared("data/litellm-logs")}));
        cs.add(new Case("route-sim: LiteLLM, Langfuse, OTel and Batch fixtures", "route-sim", () -> new String[]{"route-sim",
                shared("data/litellm-logs")}));
        cs.add(new Case("budget: LiteLLM, Langfuse, OTel and Batch fixtures", "budget-log", () -> new String[]{"budget",
                shared("data/litellm-logs")}));
        cs.add(new Case("ingest: sample into a new store without text", "ingest",
                () -> new String[]{"ingest", SAMPLE, "--store", tmp.resolve("store-" + System.nanoTime()).toString()}));
        cs.add(new Case("analyze: store", "analyze-logs", () -> new String[]{"analyze", store.toString(), "--group-by", "team"}));
        cs.add(new Case("analyze --plan: store with text", "analyze-logs", () -> new String[]{"analyze", textStore.toString(), "--plan",
                "--semantic-cache", "hash", "--since", "2026-10-05", "--until", "2026-10-06"}));
        cs.add(new Case("cost-forecast: store by team with budgets", "cost-forecast", () -> new String[]{"cost-forecast", store.toString(),
                "--by", "team", "--budget", budgets.toString()}));
        cs.add(new Case("budget: store without text", "budget-log", () -> new String[]{"budget", store.toString()}));
        cs.add(new Case("route-sim: store without text", "route-sim", () -> new String[]{"route-sim", store.toString()}));
        cs.add(new Case("ab-report: store", "ab-report", () -> new String[]{"ab-report", store.toString(), "--experiment", "support-prompt-v2"}));
        cs.add(new Case("compress: store with text, one day", "compress-log", () -> new String[]{"compress", textStore.toString(),
                "--since", "2026-10-05", "--until", "2026-10-06"}));
        cs.add(new Case("cache-warm simulate: store with text", "cache-warm-simulate", () -> new String[]{"cache-warm", "simulate",
                textStore.toString(), "--embedder", "hash"}));
        cs.add(new Case("cache-warm: store with text, dry run", "cache-warm", () -> new String[]{"cache-warm", textStore.toString(),
                "--dry-run", "--embedder", "hash"}));
        // analyze --batch-export's manifest.json
        cs.add(manifest("sample", () -> SAMPLE));
        cs.add(manifest("every provider with a batch API, and DeepSeek", () -> providersLog.toString()));
        cs.add(manifest("LiteLLM, Langfuse, OTel and Batch fixtures", () -> shared("data/litellm-logs")));
        cs.add(manifest("empty log", () -> emptyLog.toString()));
        cs.add(manifest("no prompts", () -> noPromptsLog.toString()));
        return cs;
    }

    @TestFactory
    Stream<DynamicTest> everyCommandsJsonKeepsItsContract() {
        return cases().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> check(k)));
    }

    void check(Case k) {
        List<String> args = new ArrayList<>(List.of(k.args().get()));
        args.addAll(List.of("--format", "json", "--quiet"));
        TestSupport.Run run = TestSupport.cli(args.toArray(String[]::new));
        assertEquals(0, run.code(), k.name() + ": exit code; stderr:\n" + run.err());
        Path output = k.output().get();
        JsonNode doc;
        try {
            doc = output == null ? run.json() : TestSupport.JSON.readTree(output.toFile());
        } catch (IOException e) {
            throw new AssertionError(k.name() + ": " + output + " not written or not JSON", e);
        }
        schemasExercised.add(k.schema());
        List<String> open = new ArrayList<>();
        for (String v : JsonSchemas.violations(k.schema(), doc)) {
            KnownGap gap = KNOWN_GAPS.stream().filter(g -> k.name().startsWith(g.casePrefix()) && v.startsWith(g.location()))
                    .findFirst().orElse(null);
            if (gap == null) {
                open.add(v);
            } else {
                gapsSeen.add("KNOWN GAP [" + gap.owner() + "] " + k.name() + ": " + v);
            }
        }
        assertTrue(open.isEmpty(), k.name() + " violates " + k.schema() + ".schema.json:\n  " + String.join("\n  ", open)
                + "\n" + doc.toPrettyString().lines().limit(80).collect(Collectors.joining("\n")));
        // cli.md: every null figure comes with a note naming it
        assertEquals(List.of(), EveryNullFigureHasANoteTest.unexplainedNulls(doc), k.name() + ": null with no note naming its key; notes: "
                + EveryNullFigureHasANoteTest.notes(doc));
        // the schema can fail: without any one of its required top-level keys the same output is rejected
        for (JsonNode key : JsonSchemas.schema(k.schema()).getSchemaNode().get("required")) {
            ObjectNode copy = ((ObjectNode) doc).deepCopy();
            copy.remove(key.asText());
            assertFalse(JsonSchemas.violations(k.schema(), copy).isEmpty(), k.schema() + " does not require " + key);
        }
    }

    @AfterAll
    static void printKnownGaps() {
        gapsSeen.forEach(System.out::println);
    }

    @Test
    void everySchemaFileIsListedAndWellFormed() throws IOException {
        Set<String> files;
        try (var s = Files.list(Path.of("src/main/resources/schemas"))) {
            files = s.map(p -> p.getFileName().toString().replace(".schema.json", "")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(JsonSchemas.ALL), files);
        for (String name : JsonSchemas.ALL) {
            JsonNode node = JsonSchemas.schema(name).getSchemaNode();
            assertEquals("https://json-schema.org/draft/2020-12/schema", node.get("$schema").asText(), name);
            // A schema requiring no key validates any object, a report with every key missing included; how many keys is
            // the report's business (the old "more than 3" had no reason and failed a 3-key report with no message, r23h L2).
            assertTrue(node.path("required").size() > 0, name + ".schema.json has no \"required\" list: a schema that "
                    + "requires nothing validates any object; list every key (EverySchemaKeyIsRequiredTest checks they all are)");
        }
        Set<String> covered = cases().stream().map(Case::schema).collect(Collectors.toSet());
        assertEquals(new TreeSet<>(JsonSchemas.ALL), new TreeSet<>(covered), "every schema is exercised by a command run");
    }

    /**
     * The schemas each command's {@code --format json} output meets, by the command's path ("cache-warm simulate"). A
     * new command or subcommand with {@code --format} fails {@link #everyCommandAndEveryReportHasASchemaAndACase} until
     * it has a row here, its schema file and a case above running it.
     */
    static final Map<String, List<String>> COMMAND_SCHEMAS = Map.ofEntries(
            Map.entry("analyze-logs", List.of("analyze-logs", "batch-export-manifest")),
            Map.entry("ab-report", List.of("ab-report")),
            Map.entry("budget", List.of("budget-log", "budget-prompt")),
            Map.entry("compress", List.of("compress-log", "compress-prompt", "compress-conversation")),
            Map.entry("cost-forecast", List.of("cost-forecast")),
            Map.entry("route-sim", List.of("route-sim", "route-sim-matrix")),
            Map.entry("cache-warm", List.of("cache-warm")),
            Map.entry("cache-warm calibrate", List.of("cache-warm-calibrate")),
            Map.entry("cache-warm simulate", List.of("cache-warm-simulate", "cache-warm-replay")),
            Map.entry("ingest", List.of("ingest")));

    /** Commands whose output is not a report of their own, and why (every other command names its schemas above). */
    static final Map<String, String> COMMANDS_WITHOUT_A_SCHEMA = Map.of(
            "render", "its -f json gives back the JSON it read, which it has checked against that command's schema",
            "samples", "a parent: it runs nothing but refuses a missing subcommand",
            "samples generate", "it writes a log in the canonical format of log-format.md, read back by its own tests",
            "generate-completion", "it prints a shell completion script (CompletionsAreCurrentTest)");

    /** The schemas each {@code Report} implementation's {@code json()} meets (an anonymous one: its enclosing class's). */
    static final Map<Class<?>, List<String>> REPORT_SCHEMAS = Map.ofEntries(
            Map.entry(io.techopt.analyze.AnalyzeReport.class, List.of("analyze-logs")),
            Map.entry(io.techopt.experiment.AbReport.class, List.of("ab-report")),
            Map.entry(io.techopt.budget.BudgetReport.class, List.of("budget-log")),
            Map.entry(io.techopt.budget.PromptBudgetReport.class, List.of("budget-prompt")),
            Map.entry(io.techopt.compress.CompressReport.class, List.of("compress-log", "compress-prompt", "compress-conversation")),
            Map.entry(io.techopt.forecast.ForecastReport.class, List.of("cost-forecast")),
            Map.entry(io.techopt.route.RouteSimReport.class, List.of("route-sim")),
            Map.entry(io.techopt.route.MatrixReport.class, List.of("route-sim-matrix")),
            Map.entry(io.techopt.cache.WarmReport.class, List.of("cache-warm")),
            Map.entry(io.techopt.cache.SimulationReport.class, List.of("cache-warm-simulate")),
            Map.entry(io.techopt.cache.CalibrationReport.class, List.of("cache-warm-calibrate")),
            Map.entry(io.techopt.cache.ReplayReport.class, List.of("cache-warm-replay")),
            Map.entry(io.techopt.store.IngestReport.class, List.of("ingest")));

    /** Golden files named otherwise than their schema (RenderersGoldenTest's and EveryReportKindGoldenTest's kinds). */
    static final Map<String, String> GOLDEN_OF_SCHEMA = Map.of("analyze-logs", "analyze", "budget-log", "budget",
            "compress-log", "compress");
    /** Report schemas with no golden file, and why. */
    static final Map<String, String> NO_GOLDEN = Map.of("ingest", "its report names the store directory it wrote, new in "
            + "each run (a temporary one in a test): a golden needs that path masked first");

    /** r23h L3: a report kind added without a golden went unnoticed; EveryReportKindGoldenTest.kinds() is a hand list. */
    @Test
    void everyReportSchemaHasAGoldenFileOrAReasonWhyNot() {
        List<String> missing = REPORT_SCHEMAS.values().stream().flatMap(List::stream).distinct().sorted()
                .filter(s -> !NO_GOLDEN.containsKey(s))
                .filter(s -> !Files.exists(Path.of("src/test/resources/golden", GOLDEN_OF_SCHEMA.getOrDefault(s, s) + ".json")))
                .toList();
        assertEquals(List.of(), missing, "a report schema has no golden file: add its kind to EveryReportKindGoldenTest.kinds() "
                + "and run it with -Dtechopt.updateGolden=true (then read the files), or list it in NO_GOLDEN with the reason");
        assertTrue(NO_GOLDEN.keySet().stream().noneMatch(s -> Files.exists(Path.of("src/test/resources/golden", s + ".json"))),
                "NO_GOLDEN lists a schema that has a golden file now: drop its row");
    }

    /** Report implementations that are no report kind of their own, and why. */
    static final Map<Class<?>, String> REPORTS_WITHOUT_A_SCHEMA = Map.of(
            io.techopt.report.Report.class, "with(): another report with one more section, in that report's schema",
            io.techopt.cli.RenderCommand.class, "render's: the JSON it read, given back as it was");

    /** The command a case runs, as a path of primary names ("cache-warm simulate"), from its arguments. */
    static String commandOf(picocli.CommandLine root, String[] args) {
        picocli.CommandLine c = root;
        List<String> path = new ArrayList<>();
        for (String a : args) {
            picocli.CommandLine sub = c.getSubcommands().get(a);
            if (sub == null) {
                break;
            }
            c = sub;
            path.add(c.getCommandName());
        }
        return String.join(" ", path);
    }

    /**
     * Every command and subcommand below the root, by its path. All of them, not only those with --format: a command
     * printing JSON through a flag of its own, or by hand, is found too (review r24h L4).
     */
    static List<String> allCommands(picocli.CommandLine root) {
        List<String> found = new ArrayList<>();
        java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            picocli.CommandLine c = todo.pop();
            if (c != root) {
                String q = c.getCommandSpec().qualifiedName(" ");
                found.add(q.substring(q.indexOf(' ') + 1));
            }
            new java.util.LinkedHashSet<>(c.getSubcommands().values()).forEach(todo::add);
        }
        return found;
    }

    /**
     * The top-level class of every main class implementing Report (an anonymous one counts as its enclosing class),
     * from the compiled classes: loaded, not initialized (ArchUnit's import took ~10 s here).
     */
    static Set<Class<?>> reportImplementations() throws Exception {
        Path classes = Path.of(io.techopt.report.Report.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassLoader loader = io.techopt.report.Report.class.getClassLoader();
        Set<Class<?>> found = new java.util.LinkedHashSet<>();
        try (var files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, loader);
                if (io.techopt.report.Report.class.isAssignableFrom(c) && !c.isInterface()) { // ResultReport is no report
                    found.add(Class.forName(name.contains("$") ? name.substring(0, name.indexOf('$')) : name, false, loader));
                }
            }
        }
        return found;
    }

    /**
     * Review r21h L1: nothing required a new command (or subcommand, or report kind) to have a JSON schema and a case
     * validating its output. Found from the command line's model and the compiled classes, so a new one cannot be left
     * out: each must name schema files that exist, and each of those a case above that runs that command.
     */
    @Test
    void everyCommandAndEveryReportHasASchemaAndACase() throws Exception {
        picocli.CommandLine root = io.techopt.cli.Main.commandLine();
        Set<String> files = new TreeSet<>(JsonSchemas.ALL);
        Map<String, Set<String>> casesByCommand = new java.util.HashMap<>();
        boolean sharedMissing = false;
        for (Case k : cases()) {
            String[] args;
            try {
                args = k.args().get();
            } catch (org.opentest4j.TestAbortedException noSharedData) {
                sharedMissing = true; // at a desk without ../shared; under CI it fails instead
                continue;
            }
            casesByCommand.computeIfAbsent(commandOf(root, args), x -> new TreeSet<>()).add(k.schema());
        }
        List<String> missing = new ArrayList<>();
        List<String> noCase = new ArrayList<>();
        List<String> commands = allCommands(root);
        for (String command : commands) {
            if (COMMANDS_WITHOUT_A_SCHEMA.containsKey(command)) {
                continue;
            }
            List<String> schemas = COMMAND_SCHEMAS.get(command);
            if (schemas == null) {
                missing.add("command '" + command + "' names no schema: a command writing a report extends BaseCommand "
                        + "(copy cli/BudgetCommand.java) and needs src/main/resources/schemas/" + command.replace(' ', '-')
                        + ".schema.json (and in JsonSchemas.ALL), a case in JsonOutputContractTest.cases() running it, and "
                        + "its row in COMMAND_SCHEMAS; a command printing no report needs its row in COMMANDS_WITHOUT_A_SCHEMA saying why");
                continue;
            }
            for (String schema : schemas) {
                if (!files.contains(schema)) {
                    missing.add("command '" + command + "': no schema file src/main/resources/schemas/" + schema + ".schema.json");
                } else if (!casesByCommand.getOrDefault(command, Set.of()).contains(schema)) {
                    noCase.add("command '" + command + "': no case in JsonOutputContractTest.cases() runs it and validates "
                            + schema);
                }
            }
        }
        for (String command : COMMAND_SCHEMAS.keySet()) {
            if (!commands.contains(command)) {
                missing.add("COMMAND_SCHEMAS names '" + command + "', which is no command");
            }
        }
        for (String command : COMMANDS_WITHOUT_A_SCHEMA.keySet()) {
            if (!commands.contains(command)) {
                missing.add("COMMANDS_WITHOUT_A_SCHEMA names '" + command + "', which is no command");
            }
        }
        Set<String> validated = cases().stream().map(Case::schema).collect(Collectors.toSet());
        Set<Class<?>> reports = reportImplementations();
        for (Class<?> report : reports) {
            if (REPORTS_WITHOUT_A_SCHEMA.containsKey(report)) {
                continue;
            }
            List<String> schemas = REPORT_SCHEMAS.get(report);
            if (schemas == null) {
                missing.add("report " + report.getName() + " implements Report but names no schema: add its schema file, "
                        + "a case validating it and its row in JsonOutputContractTest.REPORT_SCHEMAS");
                continue;
            }
            for (String schema : schemas) {
                if (!files.contains(schema) || !validated.contains(schema)) {
                    missing.add("report " + report.getName() + ": schema " + schema + " has no file or no case validating it");
                }
            }
        }
        assertTrue(reports.containsAll(REPORT_SCHEMAS.keySet()), "REPORT_SCHEMAS names a class that is no Report: " + reports);
        if (!sharedMissing) {
            missing.addAll(noCase);
        } else if (missing.isEmpty() && !noCase.isEmpty()) {
            org.junit.jupiter.api.Assumptions.abort("the cases on ../shared were not looked at (not found): " + noCase);
        }
        assertEquals(List.of(), missing);
    }

    /**
     * Review r14 #9: the schemas listed part of the keys and allowed any other, so a cost-forecast that lost a scope's
     * forecast_total_usd, or an analyze with a key nobody documented, still validated. Closed schemas reject both, at
     * the top and nested.
     */
    @Test
    void aClosedSchemaRejectsAnUndocumentedKeyAndAMissingOneAtAnyDepth() {
        JsonNode forecast = TestSupport.cli("cost-forecast", SAMPLE, "--by", "team", "-f", "json", "-q").json();
        assertEquals(List.of(), JsonSchemas.violations("cost-forecast", forecast));
        ObjectNode extra = forecast.deepCopy();
        extra.put("undocumented", 1);
        assertFalse(JsonSchemas.violations("cost-forecast", extra).isEmpty(), "an undocumented top-level key passes");
        ObjectNode nestedExtra = forecast.deepCopy();
        ((ObjectNode) nestedExtra.get("scopes").get(1)).put("undocumented", 1);
        assertTrue(JsonSchemas.violations("cost-forecast", nestedExtra).stream().anyMatch(v -> v.contains("/scopes/1")),
                "an undocumented key in a scope passes: " + JsonSchemas.violations("cost-forecast", nestedExtra));
        for (String key : List.of("warnings", "as_of", "period_start", "scope")) {
            ObjectNode missing = forecast.deepCopy();
            missing.remove(key);
            assertFalse(JsonSchemas.violations("cost-forecast", missing).isEmpty(), "cost-forecast without " + key + " passes");
        }
        for (String key : List.of("forecast_total_usd", "budget_usd", "month_to_date_usd", "method")) {
            ObjectNode missing = forecast.deepCopy();
            ((ObjectNode) missing.get("scopes").get(1)).remove(key);
            assertFalse(JsonSchemas.violations("cost-forecast", missing).isEmpty(), "a scope without " + key + " passes");
        }
        JsonNode analyze = TestSupport.cli("analyze", SAMPLE, "--since", "2026-10-05", "--until", "2026-10-06", "-f", "json", "-q").json();
        for (String key : List.of("inputs", "estimated_requests", "duplicate_request_ids", "filtered_requests", "latency_histogram")) {
            ObjectNode missing = analyze.deepCopy();
            missing.remove(key);
            assertFalse(JsonSchemas.violations("analyze-logs", missing).isEmpty(), "analyze without " + key + " passes");
        }
        ObjectNode deep = analyze.deepCopy();
        ((ObjectNode) deep.get("by_model").get(0).get("latency_ms")).put("p75", 1.0);
        assertFalse(JsonSchemas.violations("analyze-logs", deep).isEmpty(), "an undocumented key two levels down passes");
        JsonNode ab = TestSupport.cli("ab-report", SAMPLE, "--experiment", "support-prompt-v2", "-f", "json", "-q").json();
        ObjectNode srm = ab.deepCopy();
        ((ObjectNode) srm.get("srm")).remove("chi_square");
        assertFalse(JsonSchemas.violations("ab-report", srm).isEmpty(), "an srm without chi_square passes");
        ObjectNode cmp = ab.deepCopy();
        ((ObjectNode) cmp.get("comparisons").get(0)).remove("test");
        assertFalse(JsonSchemas.violations("ab-report", cmp).isEmpty(), "a comparison without its test passes");
    }

    @Test
    void aFigureThatCannotBeMeasuredMustBeNullNotZero() throws IOException {
        // the contract's conditional rule, checked on a hand-made document: no prompt, yet a 0.0 repeat rate
        JsonNode analyze = TestSupport.cli("analyze", SAMPLE, "-f", "json", "-q").json();
        ObjectNode doc = analyze.deepCopy();
        ((ObjectNode) doc.get("repeats")).put("requests_with_prompt", 0).put("exact_repeat_rate", 0.0);
        assertTrue(JsonSchemas.violations("analyze-logs", doc).stream().anyMatch(v -> v.contains("exact_repeat_rate")),
                JsonSchemas.violations("analyze-logs", doc).toString());
        ((ObjectNode) doc.get("repeats")).putNull("exact_repeat_rate");
        assertTrue(JsonSchemas.violations("analyze-logs", doc).stream().noneMatch(v -> v.contains("exact_repeat_rate")));
        // a rate outside 0..1 and a negative count are rejected
        ObjectNode bad = analyze.deepCopy();
        bad.put("errors", -1);
        ((ObjectNode) bad.get("by_model").get(0)).put("error_rate", 1.5);
        assertEquals(2, JsonSchemas.violations("analyze-logs", bad).size(), JsonSchemas.violations("analyze-logs", bad).toString());
    }
}
