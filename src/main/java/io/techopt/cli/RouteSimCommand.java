package io.techopt.cli;

import io.techopt.ingest.IngestStats;
import io.techopt.report.PricesUsedSection;
import io.techopt.embed.Embedder;
import io.techopt.pricing.Pricer;
import io.techopt.route.MatrixData;
import io.techopt.route.MatrixReport;
import io.techopt.route.MatrixSimulator;
import io.techopt.route.ModelPool;
import io.techopt.route.RouteSimReport;
import io.techopt.route.RouteSimulator;
import io.techopt.route.Traffic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

@Command(name = "route-sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replay a log under routing strategies (as logged, always one model, the rule-based model router, "
                + "the adaptive router, a threshold router, a cascade) and compare cost, expected quality and latency; or, "
                + "with --matrix, evaluate routers on RouteLLM-style evaluation CSVs (APGR, CPT, cost-quality curves)."},
        footer = {"", "Pool file (YAML): default: MODEL; models: [{model, provider, tier: economy|standard|premium, "
                + "quality, latency_ms, max_context}]; task_tiers: {TASK: TIER}; constraints: {quality_floor, "
                + "max_latency_ms, max_cost_usd}."})
public final class RouteSimCommand extends LogCommand {
    @Option(names = "--matrix", description = "FILE are evaluation matrices (prompt, one correctness column per model, "
            + "optional <model>_response columns), files or directories.")
    boolean matrix;

    @Option(names = "--pool", paramLabel = "FILE", description = "Model pool (YAML); default: every priced model of the log.")
    Path pool;

    @Option(names = "--weak", paramLabel = "MODEL", description = "The cheap model of threshold and cascade routing "
            + "(default: the cheapest in the pool; with --matrix the least accurate).")
    String weak;

    @Option(names = "--strong", paramLabel = "MODEL", description = "The strong model (default: the best quality prior; "
            + "with --matrix the most accurate).")
    String strong;

    @Option(names = "--quality-bar", paramLabel = "Q", defaultValue = "0.7",
            description = "Quality an answer must reach, for the threshold router and the cascade (default: ${DEFAULT-VALUE}).")
    double qualityBar;

    @Option(names = "--threshold", paramLabel = "P", defaultValue = "0.5",
            description = "Threshold router: the strong model when P(weak below the bar) >= P (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--prior-strength", paramLabel = "N", defaultValue = "10",
            description = "Weight of the pool's quality prior, in observations (default: ${DEFAULT-VALUE}).")
    double priorStrength;

    @Option(names = "--target-quality", paramLabel = "Q", description = "With --matrix: pick each router's cheapest threshold reaching Q.")
    Double targetQuality;

    @Option(names = "--max-strong-share", paramLabel = "S", description = "With --matrix: pick each router's best threshold with at most S strong calls (0..1).")
    Double maxStrongShare;

    @Option(names = "--embedder", paramLabel = "NAME", defaultValue = "minilm", completionCandidates = CompletionValues.Embedders.class,
            description = "With --matrix: prompt embeddings of the learned router, minilm, hash or openai:MODEL[:DIM] (default: ${DEFAULT-VALUE}).")
    String embedder;

    @Option(names = "--neighbours", paramLabel = "K", defaultValue = "100", description = "With --matrix: k of the learned router (default: ${DEFAULT-VALUE}).")
    int k;

    @Override
    TextUse textUse() {
        return new TextUse("route-sim", Need.UNTYPED);
    }

    /** csv's main table: the strategies' costs and quality; with --matrix each router's APGR and CPT. */
    @Override
    String csvMainTable() {
        return matrix ? "routers" : "strategies";
    }

    @Override
    public Integer call() throws Exception {
        Pricer pricer = pricer();
        if (targetQuality != null && maxStrongShare != null) {
            throw new IllegalArgumentException("give --target-quality or --max-strong-share, not both");
        }
        if (maxStrongShare != null && !(maxStrongShare >= 0 && maxStrongShare <= 1)) {
            throw new IllegalArgumentException("--max-strong-share must be within 0..1");
        }
        if (!(qualityBar > 0 && qualityBar < 1) || !(threshold >= 0 && threshold <= 1) || priorStrength < 0 || k < 1) {
            throw new IllegalArgumentException("--quality-bar must be within (0, 1), --threshold within 0..1, "
                    + "--prior-strength at least 0 and --neighbours at least 1");
        }
        if (matrix) {
            if (input.storeToRead() != null) {
                throw new IllegalArgumentException("--matrix reads RouteLLM's matrix files, not a usage store");
            }
            MatrixData data = MatrixData.load(input.files().stream().map(Path::of).toList());
            var o = new MatrixSimulator.Options(weak, strong, targetQuality == null ? Double.NaN : targetQuality,
                    maxStrongShare == null ? Double.NaN : maxStrongShare, k, 5, 42);
            MatrixReport report = new MatrixReport(MatrixSimulator.run(data, pricer, Embedder.named(embedder), o, progress()));
            write(PricesUsedSection.on(pricer.used(), report));
            return OK;
        }
        Traffic traffic = new Traffic(pricer);
        IngestStats stats = read(traffic);
        ModelPool modelPool = ModelPool.load(pool, traffic, pricer);
        var o = new RouteSimulator.Options(weak, strong, qualityBar, threshold, priorStrength, 100);
        modelPool.warnings.forEach(this::warn);
        write(io.techopt.report.WarningsSection.on(modelPool.warnings, withIngestAndPrices(
                new RouteSimReport(RouteSimulator.run(traffic, modelPool, pricer, o)), stats, traffic.repeatedRequestIds(), pricer.used())));
        return OK;
    }
}
