package io.techopt.cli;

import io.techopt.ingest.IngestStats;
import io.techopt.cache.CacheSimulator;
import io.techopt.cache.Calibration;
import io.techopt.cache.CalibrationReport;
import io.techopt.cache.LabelledPairs;
import io.techopt.cache.ReplayReport;
import io.techopt.cache.SimulationReport;
import io.techopt.cache.WarmJob;
import io.techopt.cache.WarmPlanner;
import io.techopt.cache.WarmReport;
import io.techopt.cache.WarmResult;
import io.techopt.embed.Embedder;
import io.techopt.pricing.Pricer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

@Command(name = "cache-warm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pre-fill caches from a log: choose the prompts worth caching (frequency x cost saved x recency), skip "
                + "errors, multi-turn, time-sensitive and personal prompts, and write them to an L1 snapshot, Redis, a Qdrant "
                + "collection or an embedded semantic index. Safe to re-run: keys are deterministic, TTLs refresh, and the "
                + "semantic layer resumes from its checkpoint.",
                "Subcommands: calibrate (semantic thresholds on labelled pairs), simulate (replay a log through the layers)."},
        subcommands = {CacheWarmCommand.Calibrate.class, CacheWarmCommand.Simulate.class})
public final class CacheWarmCommand extends LogCommand {
    @Option(names = "--top", paramLabel = "N", defaultValue = "10000", description = "Entries to warm at most (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--min-count", paramLabel = "N", defaultValue = "2", description = "Only prompts asked at least N times (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--half-life-days", paramLabel = "D", defaultValue = "7",
            description = "Recency: a prompt last asked D days before the log's end counts half (default: ${DEFAULT-VALUE}).")
    double halfLifeDays;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "24h", converter = DurationConverter.class,
            description = "Time to live of warmed entries, e.g. 30m, 24h, 7d (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "techopt", description = "Cache key namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--l1-snapshot", paramLabel = "FILE", description = "Write an L1 snapshot (JSON lines: key, response, expires_at_ms).")
    Path l1Snapshot;

    @Option(names = "--redis", paramLabel = "URL", description = "Write to Redis: redis://host:port/db or rediss:// (password from the URL or TECHOPT_REDIS_PASSWORD).")
    String redis;

    @Option(names = "--qdrant", paramLabel = "URL", description = "Write the semantic layer to Qdrant's gRPC port, e.g. http://localhost:6334 (API key from QDRANT_API_KEY).")
    String qdrant;

    @Option(names = "--collection", paramLabel = "NAME", defaultValue = "techopt-cache", description = "Qdrant collection (default: ${DEFAULT-VALUE}).")
    String collection;

    @Option(names = "--index", paramLabel = "DIR", description = "Write the semantic layer to an embedded index in DIR (Lucene HNSW).")
    Path index;

    @Option(names = "--embedder", paramLabel = "NAME", defaultValue = "minilm", completionCandidates = CompletionValues.Embedders.class, description = "Semantic layer embeddings: minilm, hash or openai:MODEL[:DIM] (default: ${DEFAULT-VALUE}).")
    String embedder;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Semantic-layer progress, for resuming (default: DIR/warm-checkpoint.json with --index; none with --qdrant).")
    Path checkpoint;

    @Option(names = "--dry-run", description = "Choose and report, write nothing.")
    boolean dryRun;

    @Override
    void withoutSideEffects() {
        dryRun = true;
    }

    @Option(names = "--max-candidates", paramLabel = "N", defaultValue = "2000000", hidden = true)
    int maxCandidates;

    @Mixin
    GenerateOptions generate;

    @Override
    TextUse textUse() {
        return new TextUse("cache-warm (it caches answers to prompts)", Need.ALL);
    }

    @Override
    public Integer call() throws Exception {
        if (top < 1 || minCount < 1 || !(halfLifeDays > 0) || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("--top and --min-count must be at least 1, --half-life-days and --ttl positive");
        }
        if (qdrant != null && index != null) {
            throw new IllegalArgumentException("give --qdrant or --index for the semantic layer, not both");
        }
        refuseAnIndexThatIsNoDirectoryOfItsOwn();
        Pricer pricer = pricer();
        var generator = generate.generator(pricer, dryRun, l1Snapshot != null || redis != null || qdrant != null || index != null, this::warn);
        WarmPlanner planner = new WarmPlanner(pricer, SemanticCacheOptions.plainNamespace(namespace), maxCandidates, generator != null);
        IngestStats stats = read(planner);
        boolean semantic = qdrant != null || index != null;
        var targets = new WarmJob.Targets(l1Snapshot, redis, qdrant, collection, index, semantic ? Embedder.named(embedder) : null,
                checkpoint, ttl, dryRun);
        WarmResult result = WarmJob.run(planner, new WarmJob.Selection(top, minCount, halfLifeDays), targets, generator, progress(), this::warn);
        endProgress(true); // before the "wrote" lines
        if (!dryRun && l1Snapshot != null && java.nio.file.Files.exists(l1Snapshot)) {
            wrote(l1Snapshot);
        }
        if (!dryRun && index != null && java.nio.file.Files.isDirectory(index)) {
            wrote(index);
        }
        write(withIngestAndPrices(new WarmReport(result), stats, planner.repeatedRequestIds(), pricer.used()));
        var g = result.generate();
        if (g != null && g.failed() != null && (g.failed() > 0 || g.stoppedByFailure() > 0)) {
            // what was answered is written; the run still fails, so a nightly job sees the endpoint's trouble
            info("--generate: " + g.failed() + " calls failed and " + g.stoppedByFailure() + " prompts were not asked (see the notes)");
            return RUNTIME;
        }
        return OK;
    }

    @Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Precision, recall and F1 of the semantic cache per similarity threshold on labelled pairs, and the "
                    + "recommended threshold: the highest recall whose precision reaches --min-precision.")
    static final class Calibrate extends BaseCommand {
        @Mixin
        OutputOptions output;

        @Override
        OutputOptions output() {
            return output;
        }

        @Option(names = "--pairs", paramLabel = "FILE", required = true,
                description = "Labelled pairs: a JSON array of {text_a, text_b, label}, or of positive-only {origin, similar}; - for stdin.")
        Path pairs;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "A random sample of N pairs (default: all).")
        int limit;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the sample (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--min-precision", paramLabel = "P", defaultValue = "0.95", description = "Default: ${DEFAULT-VALUE}.")
        double minPrecision;

        @Option(names = "--no-guards", description = "Plain cosine similarity, for comparison.")
        boolean noGuards;

        @Option(names = "--embedder", paramLabel = "NAME", defaultValue = "minilm", completionCandidates = CompletionValues.Embedders.class, description = "minilm, hash or openai:MODEL[:DIM] (default: ${DEFAULT-VALUE}).")
        String embedder;

        @Override
        public Integer call() throws Exception {
            if (!(minPrecision > 0 && minPrecision <= 1) || limit < 0) {
                throw new IllegalArgumentException("--min-precision must be within (0, 1] and --limit at least 0");
            }
            boolean stdin = pairs.toString().equals("-"); // '-' is stdin, as for every FILE
            if (!stdin && Files.isDirectory(pairs)) {
                throw new IllegalArgumentException(pairs + " is a directory: --pairs takes one JSON file of pairs");
            }
            refuseWritesOntoReads(java.util.Map.of("--pairs", pairs),
                    output.out == null ? java.util.Map.of() : java.util.Map.of("--out", output.out));
            if (!stdin && !Files.isRegularFile(pairs)) {
                throw new java.nio.file.NoSuchFileException(pairs.toString());
            }
            LabelledPairs.Sample sample = LabelledPairs.load(pairs, limit, seed);
            write(new CalibrationReport(Calibration.run(sample, Embedder.named(embedder), !noGuards, minPrecision, progress())));
            return OK;
        }
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Replay a log in order through the cache layers (sizes, TTLs, threshold): hits per layer, hit rate, "
                    + "USD and latency saved, and the semantic hits expected to be wrong.")
    static final class Simulate extends LogCommand {
        @Mixin
        SemanticCacheOptions cache;

        @Override
        TextUse textUse() {
            return new TextUse("cache-warm simulate (it replays prompts through the cache)", Need.ALL);
        }

        @Option(names = "--pairs", paramLabel = "FILE",
                description = "Replay labelled questions instead of a log: calibrate's JSON pairs, or a TSV of score, question, question "
                        + "(score >= --min-score: same question). Duplicates joined transitively are the equivalence classes.")
        Path pairs;

        @Option(names = "--queries", paramLabel = "N", defaultValue = "20000", description = "--pairs: distinct questions replayed (default: ${DEFAULT-VALUE}).")
        int queries;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "--pairs: seed of the questions drawn and their order (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--policy", paramLabel = "P", defaultValue = "adaptive",
                description = "static (one --threshold) or adaptive (per-entry thresholds under --max-error) (--pairs default: ${DEFAULT-VALUE}; "
                        + "on a log: static unless --max-error or --policy adaptive is given).")
        String policy;

        @Option(names = "--max-error", paramLabel = "D", defaultValue = "0.02",
                description = "The adaptive policy's error bound (--pairs: also the bound the best static threshold is chosen under; "
                        + "default: ${DEFAULT-VALUE}). On a log, given: the semantic layer is adaptive instead of --threshold.")
        double maxError;

        @Option(names = "--index", paramLabel = "DIR",
                description = "On a log, with --max-error: start from the adaptive state a warm learned and kept in this embedded index (read only).")
        Path index;

        @Option(names = "--min-score", paramLabel = "X", defaultValue = "4", description = "--pairs TSV: the score from which a pair is the same question (default: ${DEFAULT-VALUE}).")
        double minScore;

        @Option(names = "--decisions", paramLabel = "FILE", description = "--pairs: one JSON line per query: {query, served, explored} (texts redacted).")
        Path decisions;

        /** Benchmarks: vectors kept between runs (bench/cache-replay.sh). */
        @Option(names = "--embedding-cache", paramLabel = "FILE", hidden = true)
        Path embeddingCache;

        @Override
        java.util.Map<String, Path> writes() {
            java.util.Map<String, Path> w = super.writes();
            w.put("--decisions", decisions);
            return w;
        }

        @Override
        public Integer call() throws Exception {
            if (pairs != null) {
                return replay();
            }
            if (decisions != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--decisions needs --pairs: it records a labelled replay's decisions");
            }
            var parsed = spec.commandLine().getParseResult();
            if (parsed.hasMatchedOption("--policy") && !policy.equals("static") && !policy.equals("adaptive")) {
                throw new IllegalArgumentException("--policy must be static or adaptive, not '" + policy + "'");
            }
            if (parsed.hasMatchedOption("--policy") && policy.equals("static") && parsed.hasMatchedOption("--max-error")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--policy static and --max-error contradict each "
                        + "other: --max-error sets the adaptive policy (on a log, the static one is --threshold)");
            }
            // on a log the semantic layer keeps its static threshold unless the adaptive policy is asked for
            boolean adaptive = parsed.hasMatchedOption("--max-error") || parsed.hasMatchedOption("--policy") && policy.equals("adaptive");
            if (adaptive && !(maxError > 0 && maxError < 1)) {
                throw new IllegalArgumentException("--max-error must be within (0, 1), not " + maxError);
            }
            if (index != null && !adaptive) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--index needs --max-error: it holds the adaptive policy's learned state");
            }
            if (adaptive && cache.noSemantic) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max-error sets the semantic layer's policy: not with --no-semantic");
            }
            String learned = null;
            if (index != null) {
                if (Files.exists(index) && !Files.isDirectory(index)) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--index " + index
                            + " is a file, not a directory: give the directory of the embedded index a warm wrote");
                }
                if (!Files.isDirectory(index)) {
                    throw new java.nio.file.NoSuchFileException(index + " (--index: the directory of an embedded index a warm wrote)");
                }
                learned = io.techopt.cache.lucene.LuceneVectorIndex.learnedStateOnDisk(index);
                if (learned == null) {
                    warn("--index " + index + " holds no learned state (no warm wrote one): the adaptive policy starts from nothing");
                }
            }
            Pricer pricer = pricer();
            CacheSimulator sim = new CacheSimulator(adaptive ? cache.config(maxError, learned) : cache.config(), pricer);
            IngestStats stats = read(sim);
            write(withIngestAndPrices(new SimulationReport(sim.finish(cache.calibration)), stats, sim.repeatedRequestIds(),
                    pricer.used()));
            return OK;
        }

        /** The labelled replay: no log is read. */
        private Integer replay() throws Exception {
            if (!input.files.isEmpty() || input.store != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--pairs replays labelled questions: give no log FILE or --store with it");
            }
            if (index != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--index is for a log's replay: the labelled replay learns from its labels");
            }
            if (queries < 2 || !(maxError > 0 && maxError < 1)) {
                throw new IllegalArgumentException("--queries must be at least 2 and --max-error within (0, 1)");
            }
            if (!policy.equals("static") && !policy.equals("adaptive")) {
                throw new IllegalArgumentException("--policy must be static or adaptive, not '" + policy + "'");
            }
            if (!(cache.threshold > 0 && cache.threshold <= 1)) {
                throw new IllegalArgumentException("--threshold must be within (0, 1]");
            }
            if (Files.isDirectory(pairs)) {
                throw new IllegalArgumentException(pairs + " is a directory: --pairs takes one file of labelled pairs");
            }
            if (!Files.isRegularFile(pairs)) {
                throw new java.nio.file.NoSuchFileException(pairs.toString());
            }
            refuseWritesOntoReads(java.util.Map.of("--pairs", pairs), writes());
            refuseTwoOutputsOntoOneTarget(); // the replay reads no log, so read()'s check does not run
            if (decisions != null && Files.exists(decisions) && Files.isSameFile(decisions, pairs)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--decisions " + decisions
                        + " is the --pairs file: writing there would replace it; choose another file");
            }
            boolean tsv = pairs.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".tsv");
            var stream = io.techopt.cache.Replay.stream(io.techopt.cache.Replay.pairs(pairs, minScore), queries, seed, tsv ? "tsv" : "json");
            Embedder e = Embedder.named(cache.embedder);
            if (embeddingCache != null) {
                e = new io.techopt.embed.CachedEmbedder(e, embeddingCache);
            }
            var candidates = embeddingCache == null ? io.techopt.cache.Replay.candidates(stream, e, !cache.noGuards, progress())
                    : io.techopt.cache.Replay.cachedCandidates(stream, e, !cache.noGuards, progress(), embeddingCache);
            endProgress(true);
            var result = io.techopt.cache.Replay.run(stream, candidates, e.name(), !cache.noGuards, seed,
                    policy.equals("static") ? cache.threshold : null, maxError, decisions);
            if (decisions != null) {
                wrote(decisions);
            }
            write(new ReplayReport(result));
            return OK;
        }
    }

    /**
     * The embedded index is a directory of its own (review r15 #9): a file there is a usage error saying so, and a
     * directory of the logs this run reads would have the index's files read as logs by the next run; nor a directory
     * holding files no warm wrote.
     */
    private void refuseAnIndexThatIsNoDirectoryOfItsOwn() throws java.io.IOException {
        if (index == null) {
            return;
        }
        if (java.nio.file.Files.exists(index) && !java.nio.file.Files.isDirectory(index)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--index " + index
                    + " is a file, not a directory: the embedded index is a directory of its own; choose another path");
        }
        io.techopt.cache.WarmJob.refuseFilesOfOthers(index);
        if (input.storeToRead() != null) {
            return;
        }
        java.nio.file.Path at = realPath(index);
        for (String f : input.files()) {
            java.nio.file.Path in = f.contains("://") || f.equals("-") ? null : java.nio.file.Path.of(f);
            if (in != null && java.nio.file.Files.isDirectory(in) && at.startsWith(in.toRealPath())) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--index " + index
                        + " is inside the directory of logs this run reads (" + f + "): its files would be read as logs; "
                        + "choose another directory");
            }
        }
    }

    @Override
    java.util.Map<String, java.nio.file.Path> writes() {
        java.util.Map<String, java.nio.file.Path> w = super.writes();
        w.put("--l1-snapshot", l1Snapshot);
        w.put("--checkpoint", checkpoint);
        w.put("--index", index); // a directory of files: never inside a store (review r21 H1)
        return w;
    }

    @Override
    java.util.Set<String> directoryWrites() {
        return java.util.Set.of("--index");
    }
}
