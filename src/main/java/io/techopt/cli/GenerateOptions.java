package io.techopt.cli;

import io.techopt.cache.AnswerGenerator;
import io.techopt.http.CircuitBreaker;
import io.techopt.http.HttpCaller;
import io.techopt.http.RateLimiter;
import io.techopt.http.RetryingCaller;
import io.techopt.pricing.Pricer;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * cache-warm --generate: ask an OpenAI-compatible endpoint for the answers of selected prompts the log left
 * unanswered, within a spending cap. The key comes from an environment variable and is never printed; the endpoint
 * is named by its host alone (its user part, path or query may hold a credential).
 */
public final class GenerateOptions {
    @Option(names = "--generate", description = "Ask --endpoint for the answers of selected prompts the log has none for "
            + "(no response logged, or only errors), at most --max-usd in all, and warm them like logged answers.")
    boolean enabled;

    @Option(names = "--endpoint", paramLabel = "URL", description = "With --generate: an OpenAI-compatible server, e.g. "
            + "https://api.openai.com (POST URL/v1/chat/completions; a URL ending in /v1 gets /chat/completions, one ending "
            + "in /chat/completions is used as given). Only its host is ever printed.")
    String endpoint;

    @Option(names = "--max-usd", paramLabel = "X", description = "With --generate: the spending cap in USD; a call is sent "
            + "only when its worst case fits under it beside the calls in flight.")
    Double maxUsd;

    @Option(names = "--model", paramLabel = "MODEL", description = "With --generate: ask this model (default: each prompt's "
            + "logged model); its answers are cached for the logged model's key.")
    String model;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "1024",
            description = "With --generate: max_tokens of each answer (max_completion_tokens for o1, o3, o4-mini, gpt-5); an answer cut there is not cached (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--api-key-env", paramLabel = "NAME", defaultValue = "OPENAI_API_KEY",
            description = "With --generate: the environment variable holding the API key (default: ${DEFAULT-VALUE}).")
    String apiKeyEnv;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
            description = "With --generate: calls in flight at most (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--rpm", paramLabel = "N", defaultValue = "0",
            description = "With --generate: requests per minute at most (default: no limit but the server's 429s, which are honoured).")
    long rpm;

    /** The generator, or null without --generate; usage errors never echo the endpoint. */
    AnswerGenerator generator(Pricer pricer, boolean dryRun, boolean hasTarget, Consumer<String> warn) {
        if (!enabled) {
            if (endpoint != null || maxUsd != null || model != null) {
                throw new IllegalArgumentException("--endpoint, --max-usd and --model go with --generate");
            }
            return null;
        }
        if (endpoint == null || maxUsd == null) {
            throw new IllegalArgumentException("--generate needs --endpoint URL and --max-usd X (the spending cap)");
        }
        if (!HttpCaller.isHttpUrl(endpoint.trim())) {
            throw new IllegalArgumentException("--endpoint is not a valid http(s) URL (it is not shown: it may hold a credential)");
        }
        if (!(maxUsd > 0) || maxUsd.isInfinite()) {
            throw new IllegalArgumentException("--max-usd must be a positive number of USD");
        }
        if (maxTokens < 1 || parallel < 1 || parallel > 64 || rpm < 0) {
            throw new IllegalArgumentException("--max-tokens must be at least 1, --parallel within 1..64 and --rpm at least 0");
        }
        if (model != null && model.isBlank()) {
            throw new IllegalArgumentException("--model must name a model");
        }
        if (!apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("--api-key-env must name an environment variable");
        }
        if (model != null && pricer.resolve(model, null) == null) {
            throw new IllegalArgumentException("--model " + io.techopt.core.Printable.escape(model) + " has no price in the price book: "
                    + "--max-usd could not bound its calls (add its price with --prices FILE)");
        }
        if (!hasTarget && !dryRun) {
            // answers paid for and then thrown away
            throw new IllegalArgumentException("--generate needs a cache to write its answers to (--l1-snapshot, --redis, --qdrant or "
                    + "--index), or --dry-run");
        }
        String key = System.getenv(apiKeyEnv);
        if (key != null) {
            key = key.strip(); // the line end a key file or a Windows shell leaves on it
            if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException(apiKeyEnv + " holds a character an HTTP header cannot carry (a space, a "
                        + "control or a non-ASCII character; the key is not shown)");
            }
        }
        if (key == null || key.isEmpty()) {
            key = null;
            if (!dryRun) {
                warn.accept("--generate: " + apiKeyEnv + " is not set: calls go to " + AnswerGenerator.host(endpoint)
                        + " without an Authorization header");
            }
        } else if (!dryRun && endpoint.trim().regionMatches(true, 0, "http:", 0, 5) && !loopback(endpoint)) {
            warn.accept("--generate: the endpoint is plain http: the API key travels to " + AnswerGenerator.host(endpoint) + " unencrypted");
        }
        RateLimiter.Clock clock = RateLimiter.Clock.SYSTEM;
        RetryingCaller retrying = new RetryingCaller(4, Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(60),
                new CircuitBreaker(5, Duration.ofSeconds(30), clock), clock);
        HttpCaller http = new HttpCaller(Duration.ofSeconds(120), retrying, rpm > 0 ? RateLimiter.perMinute(rpm, 0) : null);
        return new AnswerGenerator(new AnswerGenerator.Settings(endpoint.trim(), key, model, maxTokens, maxUsd, parallel, dryRun),
                pricer, http);
    }

    private static boolean loopback(String url) {
        String h = AnswerGenerator.host(url).replaceAll(":\\d+$", "");
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]");
    }
}
