package io.techopt.compress;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.knuddels.jtokkit.api.EncodingType;
import io.techopt.core.AtomicOutput;
import io.techopt.core.Derived;
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
    /** A request logged again under its id counts once, with its last copy: the earlier copy's part is taken back out. */
    private final io.techopt.ingest.RepeatedRequests.Ledger<Kept> repeated =
            new io.techopt.ingest.RepeatedRequests.Ledger<>(Kept::new, k -> add(k, -1));

    /** Records that repeated an earlier request id (logged twice) and were counted once: ingest's duplicate_request_ids. */
    public long repeatedRequestIds() {
        return repeated.repeats();
    }

    /** What one request added to the figures (never its text), so that a later copy of it can take it back out. */
    private static final class Kept {
        Reason reason;
        int before, after, goal, leftForCache;
        long[] parts;
        Map<String, Integer> saved;
        double saving;
        boolean unpriced;
        int emptyLeftOut;
    }

    /** Records accepted so far, and each compressed request's saving over its cost, by its place in the input. */
    private int accepted;
    private final io.techopt.core.RequestFigures shares = new io.techopt.core.RequestFigures();
    private final TokenCounter counter = new TokenCounter();
    private final Map<EncodingType, MessageCompressor> compressors = new java.util.concurrent.ConcurrentHashMap<>();
    private final EncodingType forced;
    private final double rate;
    private final int targetTokens, keepTurns;
    private final Compressor.Options base;
    private final java.util.function.Supplier<io.techopt.embed.Embedder> embedder;
    private final Pricer pricer;
    private final AtomicOutput.Pending writer;
    /** Lines --write wrote: one per record read, a repeated request id's earlier copies too. */
    private long linesWritten;
    private final Map<String, long[]> tokensByStrategy = new LinkedHashMap<>();
    private final Map<String, double[]> usdByStrategy = new LinkedHashMap<>();
    private long requests, compressed, before, after, leftForCache;
    private double usd;
    /** Compressed requests of models without a price: their saving is unknown, never $0 (pricing.md). */
    private long unpricedRequests, unpricedTokensSaved;
    private final java.util.Set<String> unpricedModels = new java.util.TreeSet<>();

    private record Done(int before, int after, Map<String, Integer> saved, int leftForCache, String line, int goal,
                        Reason reason, long[] parts, int emptyLeftOut) {
        Done(int before, int after, Map<String, Integer> saved, int leftForCache, String line, int emptyLeftOut) {
            this(before, after, saved, leftForCache, line, 0, Reason.NO_PROMPT, new long[Part.values().length], emptyLeftOut);
        }
    }

    /** Messages already empty in the input, left out of the compressed prompts (conversation mode's rule), and where. */
    private long emptyMessagesLeftOut, requestsWithEmptyMessages;
    private final java.util.Set<String> requestsWithEmpty = new java.util.TreeSet<>();

    /** Why a request ended where it did against its target; every request falls under exactly one. */
    public enum Reason {
        MET_TARGET("met_target", "compressed to within 5% under its target, or already at or under it"),
        BELOW_TARGET("below_target", "ended more than 5% under its target: the older turns hold nothing more to add "
                + "(repeated sentences, acknowledgements), so the summary of them is shorter than the room left"),
        QUESTION_ONLY("question_only", "the prompt is one user message, the question, which is never shortened (to shorten "
                + "such prompts, compress one on its own as a text file)"),
        NO_OLDER_TURNS("no_older_turns", "nothing older to summarize: the prompt is its system messages and the last user "
                + "turns kept whole (--keep-turns, the question among them), which stay byte-identical (to shorten a long system "
                + "prompt, compress it on its own as a text file)"),
        KEPT_PART_OVER_TARGET("kept_part_over_target", "the system messages and the last user turns kept whole "
                + "(--keep-turns) alone exceed the target, so they stay byte-identical and the older turns were left out entirely "
                + "(--keep-turns 1 keeps only the question whole)"),
        NO_PROMPT("no_prompt", "logged without prompt text: nothing to compress (0 tokens)");

        public final String key, description;

        Reason(String key, String description) {
            this.key = key;
            this.description = description;
        }
    }

    /** What the kept prompt tokens are: content of each kind of message, and the chat format's framing tokens. */
    public enum Part {
        SYSTEM("system"), QUESTION("question"), KEPT_TURNS("kept_turns"), SUMMARY("summary"), FRAMING("message_framing");

        public final String key;

        Part(String key) {
            this.key = key;
        }
    }

    /** Below its target by more than this share, a request counts as below_target. */
    static final double BELOW_TARGET = 0.05;
    private final long[][] byReason = new long[Reason.values().length][4]; // requests, before, after, target
    private final long[] byPart = new long[Part.values().length];

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

    /** A record's prompt compressed (and its line for --write), on a parser thread; absent when it had nothing to do. */
    private static final Derived.Key<Done> DONE = Derived.Key.of("compress.done", Done.class);

    @Override
    public LogRecord prepare(LogRecord r) {
        // secrets are masked before anything is counted: the figures describe the prompts --write writes; a message
        // already empty is left out (providers reject it), one carrying a tool call or result never is
        List<Message> messages = null;
        int empty = 0;
        if (r.hasPrompt()) {
            messages = new java.util.ArrayList<>(r.messages.size());
            for (Message m : redacted(r.messages)) {
                Message c = PromptCompression.forCompression(m);
                if (c == null) {
                    empty++;
                } else {
                    messages.add(c);
                }
            }
        }
        if (messages == null || messages.isEmpty()) {
            return writer == null && empty == 0 ? r : r.with(DONE, new Done(0, 0, Map.of(), 0,
                    writer == null ? null : line(r, messages == null ? r.messages : null, 0), empty));
        }
        EncodingType enc = forced != null ? forced : TokenCounter.encodingFor(r.model);
        MessageCompressor mc = compressors.computeIfAbsent(enc, e -> new MessageCompressor(counter, e, embedder));
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
        long[] parts = parts(messages, c.messages(), c.tokensAfter(), enc);
        return r.with(DONE, new Done(c.tokensBefore(), c.tokensAfter(), c.savedByStrategy(), c.leftForCache(),
                writer == null ? null : line(r, c.messages(), c.tokensBefore() - c.tokensAfter()), goal,
                reason(messages, c.tokensBefore(), c.tokensAfter(), goal), parts, empty));
    }

    private Reason reason(List<Message> in, int before, int after, int goal) {
        if (after < goal * (1 - BELOW_TARGET)) {
            return Reason.BELOW_TARGET;
        }
        if (after <= goal || before <= goal) {
            return Reason.MET_TARGET;
        }
        long users = in.stream().filter(m -> m.role().equals("user")).count();
        if (users > Math.max(1, keepTurns)) {
            return Reason.KEPT_PART_OVER_TARGET; // MessageCompressor summarizes into the room left; there was none
        }
        return in.size() == 1 && users == 1 ? Reason.QUESTION_ONLY : Reason.NO_OLDER_TURNS;
    }

    /** The kept tokens by part: a message not among the input's is the summary; the rest is the chat format's framing. */
    private long[] parts(List<Message> in, List<Message> out, int after, EncodingType enc) {
        long[] p = new long[Part.values().length];
        java.util.Set<Message> input = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        input.addAll(in);
        Message question = null;
        for (Message m : in) {
            if (m.role().equals("user")) {
                question = m;
            }
        }
        long content = 0;
        for (Message m : out) {
            long t = counter.count(m.content(), enc);
            Part part = !input.contains(m) ? Part.SUMMARY : m == question ? Part.QUESTION
                    : m.role().equals("system") ? Part.SYSTEM : Part.KEPT_TURNS;
            p[part.ordinal()] += t;
            content += t;
        }
        p[Part.FRAMING.ordinal()] = after - content;
        return p;
    }

    static List<Message> redacted(List<Message> in) {
        List<Message> out = null;
        for (int i = 0; i < in.size(); i++) {
            Message m = in.get(i);
            String c = io.techopt.core.Redactor.redact(m.content());
            String json = m.json() == null ? null : PromptCompression.redacted(m.json());
            if (c != m.content() && !java.util.Objects.equals(c, m.content()) || !java.util.Objects.equals(json, m.json())) {
                if (out == null) {
                    out = new java.util.ArrayList<>(in);
                }
                out.set(i, m.with(c, json));
            }
        }
        return out == null ? in : out;
    }

    @Override
    public void accept(LogRecord r) {
        Done d = r.derived(DONE);
        if (d != null && writer != null) {
            try {
                writer.write(d.line()); // the compressed copy keeps every line of the log, repeats too
                linesWritten++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Kept k = repeated.entry(r); // a request logged twice counts once, with its last copy
        int place = accepted++;
        k.reason = d == null || d.before() == 0 ? Reason.NO_PROMPT : d.reason();
        k.before = d == null ? 0 : d.before();
        k.after = d == null ? 0 : d.after();
        k.goal = d == null ? 0 : d.goal();
        k.leftForCache = d == null ? 0 : d.leftForCache();
        k.parts = d == null ? null : d.parts();
        k.saved = d == null ? Map.of() : d.saved();
        k.saving = 0;
        k.unpriced = false;
        k.emptyLeftOut = d == null ? 0 : d.emptyLeftOut();
        if (k.emptyLeftOut > 0 && requestsWithEmpty.size() < 6) {
            requestsWithEmpty.add(r.requestId == null ? "line " + r.line : io.techopt.core.Redactor.redact(r.requestId));
        }
        int removed = k.before - k.after;
        if (k.reason != Reason.NO_PROMPT && removed > 0) {
            Usage u = r.usage;
            long cut = Math.min(u.inputTokens(), removed);
            double full = pricer.cost(r.model, r.provider, r.timestampMs, u, r.batch);
            k.unpriced = Double.isNaN(full);
            if (k.unpriced && unpricedModels.size() < 6) {
                unpricedModels.add(io.techopt.core.Redactor.redact(String.valueOf(r.model)));
            }
            k.saving = k.unpriced ? 0 : full - pricer.simulatedCost(r.model, r.provider, r.timestampMs,
                    new Usage(u.inputTokens() - cut, u.cacheReadTokens(), u.cacheWriteTokens(), u.cacheWrite1hTokens(),
                            u.outputTokens(), u.reasoningTokens()), r.batch);
            if (!k.unpriced && full > 0) {
                shares.set(place, k.saving / full);
            }
        }
        add(k, 1);
    }

    /** Adds what one request contributes to every figure ({@code sign} 1), or takes it back out (-1). */
    private void add(Kept k, int sign) {
        requests += sign;
        emptyMessagesLeftOut += sign * (long) k.emptyLeftOut;
        requestsWithEmptyMessages += k.emptyLeftOut > 0 ? sign : 0;
        long[] row = byReason[k.reason.ordinal()];
        row[0] += sign;
        if (k.reason == Reason.NO_PROMPT) {
            return;
        }
        row[1] += sign * (long) k.before;
        row[2] += sign * (long) k.after;
        row[3] += sign * (long) k.goal;
        for (int i = 0; i < byPart.length; i++) {
            byPart[i] += sign * k.parts[i];
        }
        before += sign * (long) k.before;
        after += sign * (long) k.after;
        leftForCache += sign * (long) k.leftForCache;
        int removed = k.before - k.after;
        if (removed <= 0) {
            return;
        }
        compressed += sign;
        if (k.unpriced) {
            unpricedRequests += sign;
            unpricedTokensSaved += sign * (long) removed;
        }
        usd += sign * k.saving;
        int sum = k.saved.values().stream().mapToInt(Integer::intValue).filter(v -> v > 0).sum();
        k.saved.forEach((name, v) -> {
            if (v > 0) {
                tokensByStrategy.computeIfAbsent(name, x -> new long[1])[0] += sign * (long) v;
                usdByStrategy.computeIfAbsent(name, x -> new double[1])[0] += sign * (sum == 0 ? 0 : k.saving * v / sum);
            }
        });
    }

    /** compress LOG with its defaults (keep 50% of each prompt, 2 user turns whole, deduplicate, MiniLM for meaning). */
    public static LogCompression withDefaults(Pricer pricer) {
        return new LogCompression(null, 0.5, 0, 2, new Compressor.Options(0, null, List.of(), true, true, false, null),
                pricer, null);
    }

    /**
     * analyze --plan's compression lever: what compress LOG saves (usd_saved), request by request. Call after the
     * log is read.
     */
    public io.techopt.core.SavingsLever planLever() {
        return () -> {
            CompressResult.Log r = result("keep " + Math.round(rate * 100) + "% of each prompt");
            List<String> assumptions = new java.util.ArrayList<>();
            if (r.usdSaved() == null || before == 0) {
                assumptions.add("not measured: " + (before == 0 ? "no request of the log has prompt text to compress"
                        : "none of the compressed requests is of a priced model"));
            }
            assumptions.add("compress LOG's defaults: keep about " + Math.round(rate * 100) + "% of each prompt's tokens, the "
                    + "last " + keepTurns + " user turns whole, system prompts and cacheable prefixes kept; input tokens "
                    + "removed are priced at each request's input rate");
            io.techopt.core.Saving alone = new io.techopt.core.Saving("compression", before == 0 ? null : r.usdSaved(),
                    compressed, null, assumptions);
            String quality = "the compressed prompts were not answered again, so their effect on the answers is not measured";
            return new io.techopt.core.SavingsLever.Effect(alone, shares, false, false,
                    "fewer prompt tokens shorten the time to the first token a little; the log cannot say by how much",
                    null, quality, null, "an answer can lose what a dropped sentence held: check compress LOG --diff on a "
                    + "sample before turning it on", List.of());
        };
    }

    public CompressResult.Log result(String target) {
        // nothing compressed was priced: what the compression saves in USD cannot be measured (null, never $0)
        boolean nothingPriced = compressed > 0 && unpricedRequests == compressed;
        List<CompressResult.Strategy> s = tokensByStrategy.entrySet().stream()
                .filter(e -> e.getValue()[0] > 0) // a strategy only an earlier copy of a request logged again used
                .map(e -> new CompressResult.Strategy(e.getKey(), e.getValue()[0], nothingPriced ? null : usdByStrategy.get(e.getKey())[0])).toList();
        List<CompressResult.ReasonRow> reasons = new java.util.ArrayList<>();
        for (Reason r : Reason.values()) {
            long[] row = byReason[r.ordinal()];
            reasons.add(new CompressResult.ReasonRow(r.key, row[0], row[1], row[2], row[3], r.description));
        }
        Map<String, Long> parts = new LinkedHashMap<>();
        for (Part p : Part.values()) {
            parts.put(p.key, byPart[p.ordinal()]);
        }
        long goal = reasons.stream().mapToLong(CompressResult.ReasonRow::targetTokens).sum();
        Double kept = before == 0 ? null : (double) after / before, targetShare = before == 0 ? null : (double) goal / before;
        List<String> notes = notes(target, before, after, goal, reasons);
        String unpriced = unpricedWarning();
        if (unpriced != null) {
            notes.add(0, unpriced);
        }
        if (emptyMessagesLeftOut > 0) {
            notes.add(String.format(java.util.Locale.ROOT, "left out %,d message(s) that were already empty in the input, in %,d "
                    + "request(s) (%s): %s", emptyMessagesLeftOut, requestsWithEmptyMessages, String.join(", ",
                    requestsWithEmpty.stream().limit(5).toList()) + (requestsWithEmpty.size() > 5 ? ", …" : ""),
                    PromptCompression.EMPTY_LEFT_OUT_WHY));
        }
        if (writer != null && repeated.repeats() > 0) {
            notes.add(String.format(java.util.Locale.ROOT, "--write wrote %,d lines for %,d requests: %,d repeated request_id "
                    + "record(s) (a request logged again) are rewritten too, since the written log is a rewrite of the input "
                    + "line for line, not a de-duplication; requests and every token and USD figure count each request once, "
                    + "with its last copy, as analyze does", linesWritten, requests, repeated.repeats()));
        }
        return new CompressResult.Log(requests, before, after, nothingPriced ? null : usd, s, compressed, leftForCache,
                forced == null ? "per model" : forced.getName(), target, goal, targetShare, kept, reasons, parts, notes);
    }

    /** What usd_saved leaves out because a compressed request's model has no price; null when every one was priced. */
    public String unpricedWarning() {
        if (unpricedRequests == 0) {
            return null;
        }
        String models = String.join(", ", unpricedModels.stream().limit(5).toList()) + (unpricedModels.size() > 5 ? ", …" : "");
        String what = String.format(java.util.Locale.ROOT, "%,d compressed request%s of unpriced model%s (%s) saved %,d prompt "
                        + "tokens whose cost is unknown, not $0", unpricedRequests, unpricedRequests == 1 ? "" : "s",
                unpricedModels.size() == 1 ? "" : "s", models, unpricedTokensSaved);
        return (unpricedRequests == compressed
                ? "usd_saved is null (and so is each strategy's): none of the compressed requests is of a priced model; " + what
                : "usd_saved is a lower bound: it counts only the priced requests; " + what)
                + " (add their prices with --prices FILE)";
    }

    /** The headline (target against what was achieved), then one sentence per reason that holds requests. */
    private List<String> notes(String target, long before, long after, long goal, List<CompressResult.ReasonRow> reasons) {
        List<String> notes = new java.util.ArrayList<>();
        if (before == 0) {
            notes.add("kept_share and target_share are null: no request of the log has prompt text, so there is nothing to "
                    + "compress and no share to measure");
            return notes;
        }
        notes.add(String.format(java.util.Locale.ROOT, "target: %s (%,d of %,d prompt tokens, %.1f%%); achieved: kept %,d "
                        + "tokens, %.1f%% of the prompts (%s the target by %,d tokens)", target, goal, before, 100.0 * goal / before,
                after, 100.0 * after / before, after > goal ? "above" : "under", Math.abs(after - goal)));
        for (CompressResult.ReasonRow r : reasons) {
            if (r.requests() == 0 || r.reason().equals(Reason.MET_TARGET.key)) {
                continue;
            }
            String figures = r.reason().equals(Reason.NO_PROMPT.key) ? "" : String.format(java.util.Locale.ROOT,
                    " (%,d tokens kept against a target of %,d, %s it by %,d)", r.tokensAfter(), r.targetTokens(),
                    r.tokensAfter() > r.targetTokens() ? "above" : "under", Math.abs(r.tokensAfter() - r.targetTokens()));
            notes.add(String.format(java.util.Locale.ROOT, "%s: %,d request%s%s: %s", r.reason(), r.requests(),
                    r.requests() == 1 ? "" : "s", figures, r.description()));
        }
        long sys = byPart[Part.SYSTEM.ordinal()], question = byPart[Part.QUESTION.ordinal()], turns = byPart[Part.KEPT_TURNS.ordinal()];
        notes.add(String.format(java.util.Locale.ROOT, "of the %,d tokens kept, system messages are %,d (%.1f%%), questions (last "
                        + "user messages) %,d (%.1f%%), other turns kept whole %,d (%.1f%%), summaries of older turns %,d, the "
                        + "chat format's framing %,d; system messages and kept turns are never shortened", after, sys, 100.0 * sys / Math.max(1, after),
                question, 100.0 * question / Math.max(1, after), turns, 100.0 * turns / Math.max(1, after),
                byPart[Part.SUMMARY.ordinal()], byPart[Part.FRAMING.ordinal()]));
        return notes;
    }

    private static final JsonFactory JSON = new JsonFactory();

    /** The record as a canonical line, with the compressed prompt and its input tokens reduced. */
    private static String line(LogRecord r, List<Message> messages, int removed) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(r.timestampMs).toString());
            field(g, "model", r.model);
            id(g, "request_id", r.requestId);
            field(g, "provider", r.provider);
            field(g, "user", r.user);
            field(g, "team", r.team);
            id(g, "session_id", r.sessionId);
            field(g, "task_type", r.taskType);
            if (messages != null) {
                g.writeArrayFieldStart("messages");
                for (Message m : messages) {
                    if (m.json() != null) {
                        g.writeRawValue(m.json()); // as logged: its tool calls, tool_call_id, tool_use / tool_result parts
                        continue;
                    }
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

    /**
     * A field redacted as text before it is JSON: the line's own redaction reads the JSON, where a TAB is "\t" and a quote
     * '\"', and so missed "SECRET\tV" and {@code <entry key="password">V</entry>} in a user, team or response.
     */
    private static void field(JsonGenerator g, String name, String v) throws IOException {
        if (v != null) {
            g.writeStringField(name, io.techopt.core.Redactor.redact(v));
        }
    }

    /** An id redacted with its masks tagged by a pseudonym, so ids that held different credentials stay apart in the copy. */
    private static void id(JsonGenerator g, String name, String v) throws IOException {
        if (v != null) {
            g.writeStringField(name, io.techopt.core.Redactor.identifier(v));
        }
    }
}
