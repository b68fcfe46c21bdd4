package io.techopt.cli;

import io.techopt.cache.CacheSimulator;
import io.techopt.embed.Embedder;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** The cache layers a replay simulates: cache-warm simulate and analyze --semantic-cache share them. */
public final class SemanticCacheOptions {
    @Option(names = "--l1-entries", paramLabel = "N", defaultValue = "10000", description = "L1 memory entries (default: ${DEFAULT-VALUE}).")
    int l1Entries;

    @Option(names = "--l1-ttl", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "L1 time to live (default: ${DEFAULT-VALUE}).")
    Duration l1Ttl;

    @Option(names = "--l2-entries", paramLabel = "N", defaultValue = "1000000", description = "L2 (Redis) entries; 0: no L2 (default: ${DEFAULT-VALUE}).")
    int l2Entries;

    @Option(names = "--l2-ttl", paramLabel = "DURATION", defaultValue = "24h", converter = DurationConverter.class,
            description = "L2 time to live (default: ${DEFAULT-VALUE}).")
    Duration l2Ttl;

    @Option(names = "--no-semantic", description = "No L3 semantic layer.")
    boolean noSemantic;

    @Option(names = "--threshold", paramLabel = "COS", defaultValue = "0.95", description = "Semantic layer: cosine threshold (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--embedder", paramLabel = "NAME", defaultValue = "minilm", completionCandidates = CompletionValues.Embedders.class, description = "Semantic layer: minilm, hash or openai:MODEL[:DIM] (default: ${DEFAULT-VALUE}).")
    String embedder;

    @Option(names = "--no-guards", description = "Semantic layer: plain cosine, no false-hit guards.")
    boolean noGuards;

    @Option(names = "--l3-ttl", paramLabel = "DURATION", defaultValue = "7d", converter = DurationConverter.class,
            description = "Semantic layer time to live (default: ${DEFAULT-VALUE}).")
    Duration l3Ttl;

    @Option(names = "--semantic-entries", paramLabel = "N", defaultValue = "20000", description = "Semantic layer entries (default: ${DEFAULT-VALUE}).")
    int semanticEntries;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "cache-warm calibrate's JSON, for the expected false-hit rate (default: techopt's QQP calibration).")
    Path calibration;

    @Option(names = "--namespace", paramLabel = "NS", defaultValue = "techopt", description = "Cache key namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    CacheSimulator.Config config() {
        return config(null, null);
    }

    /** maxError non-null: the adaptive semantic layer, from learnedState (null: nothing learned yet). */
    CacheSimulator.Config config(Double maxError, String learnedState) {
        if (l1Entries < 1 || l2Entries < 0 || semanticEntries < 1 || !(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("--l1-entries and --semantic-entries must be at least 1, --l2-entries at least 0, "
                    + "--threshold within (0, 1]");
        }
        return new CacheSimulator.Config(l1Entries, l1Ttl, l2Entries, l2Ttl, noSemantic ? null : Embedder.named(embedder),
                threshold, !noGuards, semanticEntries, l3Ttl, plainNamespace(namespace), maxError, learnedState);
    }

    /**
     * The namespace, refused when the redactor would mask it (a key, an address): it is the prefix of every cache key,
     * written in clear to Redis and the L1 snapshot (review r18 F9i). The message does not repeat it.
     */
    static String plainNamespace(String namespace) {
        if (io.techopt.core.Redactor.containsSecret(namespace)) {
            throw new IllegalArgumentException("--namespace looks like a credential or an e-mail address; it would be the "
                    + "prefix of every cache key in clear: give a plain name");
        }
        return namespace;
    }
}
