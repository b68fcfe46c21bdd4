package io.techopt.cli;

import io.techopt.core.Dimension;
import io.techopt.report.IngestCounts;
import io.techopt.analyze.AnalyzeOptions;
import io.techopt.analyze.AnalyzeReport;
import io.techopt.analyze.AnalyzeResult;
import io.techopt.analyze.Analyzer;
import io.techopt.analyze.change.CostChange;
import io.techopt.report.Report;
import io.techopt.analyze.SavingsPlanSection;
import io.techopt.analyze.latency.LatencyMap;
import io.techopt.analyze.latency.LatencySection;
import io.techopt.batch.BatchExporter;
import io.techopt.cache.CacheSimulator;
import io.techopt.embed.Embedder;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.Pricer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

@Command(name = "analyze-logs", aliases = "analyze", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Where the money goes: cost, tokens, latency, errors, repeats and savings levers of LLM request logs.")
public final class AnalyzeCommand extends LogCommand {
    @Mixin
    PlanOptions plan;

    @Option(names = {"-g", "--group-by"}, paramLabel = "DIM", completionCandidates = CompletionValues.Dimensions.class,
            description = "Add a table grouped by model, provider, user, team, task_type, session or day; "
                    + "repeatable; join dimensions with '+' for combinations (team+model).")
    List<String> groupBy = new ArrayList<>();

    @Option(names = "--batchable", paramLabel = "TASK", split = ",", completionCandidates = CompletionValues.BatchableTasks.class,
            description = "Task types that could use a Batch API (default: summarization, classification, extraction, "
                    + "translation, tagging, evaluation, data_labeling, embedding, batch).")
    List<String> batchable;

    @Option(names = "--top", paramLabel = "N", defaultValue = "25",
            description = "Rows per group table; the rest are summed in one row (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--cache-ttl", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Provider prompt-cache lifetime for the prompt_cache lever, e.g. 5m or 1h (default: ${DEFAULT-VALUE}).")
    Duration cacheTtl;

    @Option(names = "--semantic-cache", paramLabel = "EMBEDDER", arity = "0..1", fallbackValue = "minilm",
            completionCandidates = CompletionValues.Embedders.class,
            description = "Add the semantic_cache lever: replay the prompts through a semantic cache (minilm, the default, "
                    + "hash or openai:MODEL[:DIM]; embeds every single-turn prompt, about 1,000 a second with minilm).")
    String semanticCache;

    @Option(names = "--semantic-threshold", paramLabel = "COS", defaultValue = "0.95",
            description = "With --semantic-cache: the cosine threshold (default: ${DEFAULT-VALUE}).")
    double semanticThreshold;

    @Option(names = "--batch-export", paramLabel = "DIR",
            description = "Write the batchable requests into DIR, one file per provider and model in its Batch API's input "
                    + "format (OpenAI, Azure OpenAI, Groq, Anthropic, Gemini, Vertex AI, Mistral, Bedrock), split at the APIs' "
                    + "limits, with manifest.json.")
    Path batchExport;

    @Override
    void withoutSideEffects() {
        batchExport = null;
    }

    @Override
    java.util.Map<String, Path> writes() {
        java.util.Map<String, Path> w = super.writes();
        if (batchExport != null) {
            w.put("--batch-export", batchExport);
        }
        return w;
    }

    @Override
    java.util.Set<String> directoryWrites() {
        return java.util.Set.of("--batch-export");
    }

    @Option(names = "--batch-deployment", paramLabel = "MODEL=DEPLOYMENT", split = ",",
            description = "With --batch-export: the Azure OpenAI global batch deployment to name in body.model for a logged "
                    + "model (default: the logged name).")
    Map<String, String> batchDeployments;

    @Option(names = "--compare-to", paramLabel = "B1..B2", arity = "0..1", fallbackValue = "",
            description = "Add the cost change from the baseline period B1..B2 (B2 exclusive; default: the period of equal "
                    + "length just before) to the current one (--since/--until, both required), split into effects that "
                    + "add up to it (LMDI): volume, model mix, tokens per request, caching, prices, errors and retries.")
    String compareTo;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "auto",
            completionCandidates = CompletionValues.Engines.class,
            description = "How raw logs are analyzed: memory (every request in the JVM's table), duckdb (ingested into a "
                    + "temporary store under java.io.tmpdir, removed after, and queried by DuckDB: bounded memory at any "
                    + "size: 882 MB peak RSS on a raw 3M-request log, at 2.4x the CPU of memory) or auto (the default: "
                    + "duckdb for a store and for raw logs of more requests than the heap holds, estimated from their first "
                    + "megabytes; memory otherwise). A store (--store) is queried by DuckDB unless memory is given.")
    String engine;

    /** csv's main table: cost by model with the totals row, also when --compare-to puts the change first. */
    @Override
    String csvMainTable() {
        return "by_model";
    }

    @Override
    public Integer call() throws Exception {
        atLeastOne("--top", top);
        PriceBook book = prices.load();
        CostChange change = compareTo == null ? null
                : CostChange.of(book, prices.date(), compareTo, input.window()[0], input.window()[1]);
        AnalyzeOptions options = new AnalyzeOptions(groupBys(), prices.date(), batchableTasks(), top,
                cacheTtl.toMillis());
        java.nio.file.Path store = input.storeToRead();
        if (store != null && onSql()) {
            refuseUnsafeOutputs();
            long[] window = input.readWindow();
            try (io.techopt.store.DuckDbUsageStore s = io.techopt.store.DuckDbUsageStore.open(store)) {
                s.progress(progress()); // the pricing pass reads every row of the window, as the record path's read
                Pricer pricer = new Pricer(book, prices.date());
                write(io.techopt.analyze.sql.DuckDbAnalyze.run(s, pricer, options, window[0], window[1], stats -> {
                    s.pricedOtherwiseNote(pricer).ifPresent(stats.warnings::add);
                    StoreInput.reported(stats, output.quiet, err());
                }));
            }
            return OK;
        }
        List<io.techopt.ingest.LogSource.DirectoryScan> dirs = new ArrayList<>();
        List<io.techopt.ingest.LogSource> sources = store != null || engine().equals("memory") ? List.of()
                : io.techopt.ingest.LogSource.expand(input.files(), dirs);
        if (store == null && onTemporaryStore(sources)) {
            refuseUnsafeOutputs();
            long[] window = input.readWindow();
            write(io.techopt.analyze.sql.RawLogsThroughATemporaryStore.run(
                    sink -> LogInput.read(input, quiet(), sources, dirs, sink, err(), progress()),
                    new Pricer(book, prices.date()), options, window[0], window[1],
                    new LatencyMap(book, prices.date(), top).period(input.window()[0], input.window()[1]), progress()));
            return OK;
        }
        Analyzer analyzer = new Analyzer(book, options);
        refuseUnsafeOutputs(); // the exporter below may write before read() would check
        try (BatchExporter exporter = batchExport == null ? null : new BatchExporter(batchExport,
                batchDeployments == null ? Map.of() : batchDeployments, options.batchable())) {
            RecordSink sink = exporter == null ? analyzer : RecordSink.both(exporter, analyzer);
            CacheSimulator semantic = null;
            // the semantic replay sees each request id's last copy alone, in read order: marked by a first read (review
            // rev22 MED-2); standard input cannot be read twice and --compare-to reads two periods: the replay's undo
            java.util.BitSet earlier = (semanticCache != null || plan.enabled) && change == null ? earlierCopies() : null;
            if (semanticCache != null) {
                semantic = CacheSimulator.forSemanticLever(Embedder.named(semanticCache), semanticThreshold,
                        new Pricer(book, prices.date()));
                // each prepares from the record as read, text and all
                sink = RecordSink.both(earlier == null ? semantic : semantic.lastCopiesOnly(earlier), sink);
                analyzer.addLever(semantic::semanticLever);
            }
            sink = plan.wire(sink, analyzer, new Pricer(book, prices.date()), semantic,
                    semanticCache == null ? "minilm" : semanticCache, semanticThreshold, earlier);
            LatencyMap latency = new LatencyMap(book, prices.date(), top) // keeps spans only of trace formats
                    .period(input.window()[0], input.window()[1]); // whole traces of --since/--until (the current period)
            sink = RecordSink.both(sink, latency);
            IngestStats stats = change == null ? read(sink)
                    : change.read(sink, (from, until, routed) -> {
                        input.readWindow = new long[]{from, until};
                        return read(routed);
                    });
            AnalyzeResult result = analyzer.finish(stats);
            if (exporter != null) {
                exporter.commit();
                exporter.writeManifest();
                endProgress(true); // the reading's summary first, then what was written
                if (!quiet()) {
                    info(exporter.summary());
                }
                if (java.nio.file.Files.isDirectory(batchExport)) {
                    wrote(batchExport);
                }
            }
            // analyze's summary already shows its counts; its JSON carries the same ingest object as every command's
            Report report = SavingsPlanSection.on(analyzer.plan(), IngestCounts.of(stats, result.duplicateRequestIds())
                    .on(new AnalyzeReport(result), false));
            if (latency.sawSpans()) {
                report = LatencySection.on(report, latency.finish());
            }
            Map<String, Double> modelCosts = new java.util.HashMap<>();
            result.byModel().forEach(m -> modelCosts.put(m.model(), m.costUsd()));
            write(change == null ? report : change.on(report, result.costUsd(), modelCosts, analyzer.costByTeam()));
        }
        return OK;
    }

    /**
     * Whether a store is analyzed by DuckDB queries (docs/store.md): the default (bounded memory at any size: a
     * 3.2M-request store in under 1 GiB), but not with --engine memory (the stored records fed to the in-memory
     * Analyzer), nor with --semantic-cache, --plan, --compare-to or --batch-export, which read the requests one by one
     * as from a log.
     */
    private boolean onSql() {
        return oneByOne() == null && !"memory".equals(engine());
    }

    /** The option that needs the requests read one by one (text, two periods, files written), or null. */
    private String oneByOne() {
        return semanticCache != null ? "--semantic-cache" : plan.enabled ? "--plan" : compareTo != null ? "--compare-to"
                : batchExport != null ? "--batch-export" : null;
    }

    private String engine() {
        String e = engine.toLowerCase(Locale.ROOT);
        if (!List.of("auto", "memory", "duckdb").contains(e)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--engine is auto, memory or duckdb, not '" + engine + "'");
        }
        if (e.equals("duckdb") && oneByOne() != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--engine duckdb cannot take "
                    + oneByOne() + ", which reads the requests one by one (with their text): leave --engine out or use "
                    + "--engine memory");
        }
        return e;
    }

    /**
     * Whether raw logs are analyzed through a temporary store by DuckDB's queries (issue #14 item 5): with --engine
     * duckdb, and with auto when the logs hold more requests than the in-memory table takes under the heap
     * ({@link #memoryEngineMaxRequests}, estimated from their first megabytes) and no option reads them one by one.
     */
    private boolean onTemporaryStore(List<io.techopt.ingest.LogSource> sources) {
        String e = engine(); // refuses duckdb beside an option that reads requests one by one
        if (!e.equals("auto")) {
            return e.equals("duckdb");
        }
        if (oneByOne() != null) {
            return false;
        }
        return moreThanTheHeapHolds(sources, "analyzing them through a temporary store (--engine duckdb; --engine memory "
                + "keeps them in memory)");
    }

    @Override
    TextUse textUse() {
        List<String> uses = new ArrayList<>();
        if (semanticCache != null || plan.enabled) {
            uses.add("the semantic_cache lever");
        }
        if (plan.enabled) {
            uses.add("the plan's compression and routing by prompt");
        }
        if (batchExport != null) {
            uses.add("--batch-export's request files");
        }
        return uses.isEmpty() ? null : new TextUse(String.join(", ", uses), Need.SOME);
    }

    /** Each grouping once: scripts that append -g flags repeat one (review r19 N5: two tables of one name). */
    private List<List<Dimension>> groupBys() {
        Set<List<Dimension>> out = new LinkedHashSet<>();
        for (String g : groupBy) {
            for (String one : g.split(",")) {
                out.add(Arrays.stream(one.split("\\+")).map(Dimension::parse).distinct().toList());
            }
        }
        return new ArrayList<>(out);
    }

    private Set<String> batchableTasks() {
        if (batchable == null) {
            return AnalyzeOptions.DEFAULT_BATCHABLE;
        }
        Set<String> s = new LinkedHashSet<>();
        batchable.forEach(b -> s.add(b.trim().toLowerCase(Locale.ROOT)));
        return s;
    }
}
