package io.techopt.cli;

import io.techopt.analyze.Analyzer;
import io.techopt.cache.CacheSimulator;
import io.techopt.compress.LogCompression;
import io.techopt.core.SavingsLever;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.Pricer;
import io.techopt.route.RoutingLever;
import io.techopt.route.Traffic;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * analyze --plan: the levers of the other engines (route-sim's routing, compress's compression, the semantic cache)
 * read the log beside the analyzer and are handed to it through {@link SavingsLever}, so that it stacks them with its
 * own (exact cache, provider prompt caching, Batch API).
 */
public final class PlanOptions {
    @Option(names = "--plan", description = "Add a savings plan: exact cache, semantic cache, provider prompt caching, "
            + "routing (route-sim's best strategy meeting the quality bar), compression (compress's defaults) and Batch API, "
            + "one after the other on what the earlier ones left, beside the seed's expected effects. Embeds every "
            + "single-turn prompt (--semantic-cache's embedder) and compresses every prompt: slower than analyze alone.")
    boolean enabled;

    @Option(names = "--plan-quality-bar", paramLabel = "Q", description = {"With --plan: route only with a route-sim strategy "
            + "whose expected quality is at least Q (default: the log's expected quality as logged, no expected loss).",
            "Q is within (0, 1)."}) // a line of its own: help wrapped inside "(0, 1)"
    Double qualityBar;

    /**
     * Before reading: the plan's sinks go first (they read the prompts, which the analyzer frees), and the analyzer
     * is told which levers to stack. {@code semantic} is the replay of --semantic-cache, or null to make one;
     * {@code earlierCopies} the records a later copy replaces (LogCommand.earlierCopies), which that replay leaves out, or null.
     */
    RecordSink wire(RecordSink sink, Analyzer analyzer, Pricer pricer, CacheSimulator semantic, String embedder, double threshold,
                    java.util.BitSet earlierCopies) {
        if (qualityBar != null && !(qualityBar > 0 && qualityBar < 1)) {
            throw new IllegalArgumentException("--plan-quality-bar must be within (0, 1), not " + qualityBar);
        }
        if (!enabled) {
            if (qualityBar != null) {
                throw new IllegalArgumentException("--plan-quality-bar needs --plan");
            }
            return sink;
        }
        List<SavingsLever> levers = new ArrayList<>();
        if (semantic == null) {
            semantic = CacheSimulator.forSemanticLever(io.techopt.embed.Embedder.named(embedder), threshold, pricer);
            sink = RecordSink.both(earlierCopies == null ? semantic : semantic.lastCopiesOnly(earlierCopies), sink);
        }
        levers.add(semantic.planLever());
        Traffic traffic = new Traffic(pricer);
        levers.add(new RoutingLever(traffic, pricer, qualityBar));
        LogCompression compression = LogCompression.withDefaults(pricer);
        levers.add(compression.planLever());
        analyzer.enablePlan(levers);
        return RecordSink.both(traffic, RecordSink.both(compression, sink));
    }
}
