package io.techopt.compress;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.core.AtomicOutput;
import io.techopt.core.LogRecord;
import io.techopt.core.Message;
import io.techopt.core.Usage;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.Pricer;
import io.techopt.tokens.TokenCounter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compression over a whole log: every request with a prompt is compressed on the parser threads (rate or token
 * target per request), tokens and USD saved are summed per strategy at the request's input price, and
 * {@code --write} produces the compressed log with input tokens reduced by what was removed.
 */
public final class LogCompression implements RecordSink {
    private final io.techopt.ingest.RepeatedRequests repeated = new io.techopt.ingest.RepeatedRequests();

    /** Records that repeated an earlier request id (logged twice) and were counted once: ingest's duplicate_request_ids. */
    public long repeatedRequestIds() {
        return repeated.repeats();
    }
    private final TokenCounter counter = new TokenCounter();
    private final Map<EncodingType, MessageCompressor> compressors = new java.util.concurrent.ConcurrentHashMap<>();
    private final EncodingType forced;
    private final double rate;
    private final int targetTokens, keepTurns;
    private final Compressor.Options base;
    private final java.util.function.Supplier<io.techopt.embed.Embedder> embedder;
    private final Pricer pricer;
    private final AtomicOutput.Pending writer;
    private final Map<String, long[]> tokensByStrategy = new LinkedHashMap<>();
    private final Map<String, double[]> usdByStrategy = new LinkedHashMap<>();
    private long requests, compressed, before, after, leftForCache;
    private double usd;

    private record Done(int before, int after, Map<String, Integer> saved, int leftForCache, String line) {
    }

    public LogCompression(EncodingType forced, double rate, int targetTokens, int keepTurns, Compressor.Options base,
                          Pricer pricer, AtomicOutput.Pending writer) {
        this(forced, rate, targetTokens, keepTurns, base, pricer, writer,
                MessageCompressor.lazy(io.techopt.embed.MiniLmEmbedder::new));
    }

    /** @param embedder judges relevance by meaning in conversation summaries; one model shared by every thread */
    public LogCompression(EncodingType forced, double rate, int targetTokens, int keepTurns, Compressor.Options base,
                          Pricer pricer, AtomicOutput.Pending writer, java.util.function.Supplier<io.techopt.embed.Embedder> embedder) {
        this.embedder = embedder;
        this.forced = forced;
        this.rate = rate;
        this.targetTokens = targetTokens;
        this.keepTurns = keepTurns;
        this.base = base;
        this.pricer = pricer;
        this.writer = writer;
    }

    @Override
    public void prepare(LogRecord r) {
        if (!r.hasPrompt()) {
            r.derived = writer == null ? null : new Done(0, 0, Map.of(), 0, line(r, r.messages, 0));
            return;
        }
        EncodingType enc = forced != null ? forced : TokenCounter.encodingFor(r.model);
        MessageCompressor mc = compressors.computeIfAbsent(enc, e -> new MessageCompressor(counter, e, embedder));
        // secrets are masked before anything is counted: the figures describe the prompts --write writes
        List<Message> messages = redacted(r.messages);
        int tokens = mc.tokens(messages);
        int goal = targetTokens > 0 ? targetTokens : (int) Math.ceil(tokens * rate);
        PriceBook.Resolution res = pricer.resolve(r.model, r.provider);
        // a prefix the provider already caches for this request (its usage shows cache reads or writes) stays as it
        // is: compressing it would lose the cheaper cached rate; otherwise long leading system prompts stay too
        boolean caching = r.usage.cacheReadTokens() + r.usage.cacheWriteTokens() + r.usage.cacheWrite1hTokens() > 0;
        int cacheable = caching ? 0 : res == null ? 1024 : res.entry().promptCacheMinTokens();
        MessageCompressor.Result c = tokens <= goal
                ? new MessageCompressor.Result(messages, tokens, tokens, Map.of(), 0)
                : mc.compress(messages, goal, keepTurns, cacheable, base);
        r.derived = new Done(c.tokensBefore(), c.tokensAfter(), c.savedByStrategy(), c.leftForCache(),
                writer == null ? null : line(r, c.messages(), c.tokensBefore() - c.tokensAfter()));
    }

    private static List<Message> redacted(List<Message> in) {
        List<Message> out = null;
        for (int i = 0; i < in.size(); i++) {
            Message m = in.get(i);
            String c = io.techopt.core.Redactor.redact(m.content());
            if (c != m.content() && !java.util.Objects.equals(c, m.content())) {
                if (out == null) {
                    out = new java.util.ArrayList<>(in);
                }
                out.set(i, new Message(m.role(), c));
            }
        }
        return out == null ? in : out;
    }

    @Override
    public void accept(LogRecord r) {
        if (r.derived instanceof Done d && writer != null) {
            try {
                writer.write(d.line()); // the compressed copy keeps every line of the log, repeats too
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (repeated.isRepeat(r)) {
            return; // a request logged twice counts once in the figures
        }
        requests++;
        if (!(r.derived instanceof Done d)) {
            return;
        }
        if (d.before() == 0) {
            return;
        }
        before += d.before();
        after += d.after();
        leftForCache += d.leftForCache();
        int removed = d.before() - d.after();
        if (removed <= 0) {
            return;
        }
        compressed++;
        Usage u = r.usage;
        long cut = Math.min(u.inputTokens(), removed);
        double full = pricer.cost(r.model, r.provider, r.timestampMs, u, r.batch);
        double saving = Double.isNaN(full) ? 0 : full - pricer.cost(r.model, r.provider, r.timestampMs,
                new Usage(u.inputTokens() - cut, u.cacheReadTokens(), u.cacheWriteTokens(), u.cacheWrite1hTokens(),
                        u.outputTokens(), u.reasoningTokens()), r.batch);
        usd += saving;
        int sum = d.saved().values().stream().mapToInt(Integer::intValue).filter(v -> v > 0).sum();
        d.saved().forEach((k, v) -> {
            if (v > 0) {
                tokensByStrategy.computeIfAbsent(k, x -> new long[1])[0] += v;
                usdByStrategy.computeIfAbsent(k, x -> new double[1])[0] += sum == 0 ? 0 : saving * v / sum;
            }
        });
    }

    public CompressResult.Log result(String target) {
        List<CompressResult.Strategy> s = tokensByStrategy.entrySet().stream()
                .map(e -> new CompressResult.Strategy(e.getKey(), e.getValue()[0], usdByStrategy.get(e.getKey())[0])).toList();
        return new CompressResult.Log(requests, before, after, usd, s, compressed, leftForCache,
                forced == null ? "per model" : forced.getName(), target);
    }

    private static final JsonFactory JSON = new JsonFactory();

    /** The record as a canonical line, with the compressed prompt and its input tokens reduced. */
    private static String line(LogRecord r, List<Message> messages, int removed) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(r.timestampMs).toString());
            g.writeStringField("model", r.model);
            field(g, "request_id", r.requestId);
            field(g, "provider", r.provider);
            field(g, "user", r.user);
            field(g, "team", r.team);
            field(g, "session_id", r.sessionId);
            field(g, "task_type", r.taskType);
            if (messages != null) {
                g.writeArrayFieldStart("messages");
                for (Message m : messages) {
                    g.writeStartObject();
                    g.writeStringField("role", m.role());
                    g.writeStringField("content", m.content());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            field(g, "response", r.response);
            if (!Double.isNaN(r.latencyMs)) {
                g.writeNumberField("latency_ms", r.latencyMs);
            }
            g.writeStringField("status", r.error ? "error" : "ok");
            field(g, "error", r.errorText);
            if (r.batch) {
                g.writeBooleanField("batch", true);
            }
            field(g, "experiment", r.experiment);
            field(g, "variant", r.variant);
            if (!Double.isNaN(r.quality)) {
                g.writeNumberField("quality", r.quality);
            }
            Usage u = r.usage;
            g.writeObjectFieldStart("usage");
            g.writeNumberField("input_tokens", Math.max(0, u.inputTokens() - removed));
            g.writeNumberField("cache_read_input_tokens", u.cacheReadTokens());
            g.writeNumberField("cache_creation_input_tokens", u.cacheWriteTokens());
            if (u.cacheWrite1hTokens() > 0) {
                g.writeNumberField("cache_creation_1h_input_tokens", u.cacheWrite1hTokens());
            }
            g.writeNumberField("output_tokens", u.outputTokens());
            g.writeEndObject();
            g.writeObjectFieldStart("metadata");
            g.writeNumberField("techopt_prompt_tokens_removed", removed);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + "\n";
    }

    private static void field(JsonGenerator g, String name, String v) throws IOException {
        if (v != null) {
            g.writeStringField(name, v);
        }
    }
}
