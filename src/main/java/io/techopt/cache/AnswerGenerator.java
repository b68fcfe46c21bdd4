package io.techopt.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.core.Message;
import io.techopt.core.Printable;
import io.techopt.core.Progress;
import io.techopt.core.Redactor;
import io.techopt.core.Usage;
import io.techopt.http.HttpCaller;
import io.techopt.ingest.BadInputException;
import io.techopt.ingest.UsageNormalizer;
import io.techopt.pricing.Pricer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * cache-warm --generate: asks an OpenAI-compatible chat completions endpoint for the answers of selected prompts the
 * log left unanswered, through the HTTP caller (rate limit, retries honouring Retry-After, circuit breaker).
 * <p>
 * The spending cap holds before any call is sent: each call reserves its worst case (every prompt byte a token, plus
 * a per-message allowance, at the dearest prompt rate; {@code max_tokens} of output) and goes only if what was spent,
 * what is reserved by calls in flight and its own worst case stay within the cap; an answer then charges what its
 * {@code usage} prices at. No BPE tokenizer makes more tokens than bytes, so an endpoint that keeps {@code max_tokens}
 * can never take the spend past the cap.
 */
public final class AnswerGenerator {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Tokens a chat template may add per message (role markers) and per request (reply priming): generous. */
    static final int PER_MESSAGE_TOKENS = 16, PER_REQUEST_TOKENS = 16;

    /**
     * endpoint: the base URL or the full chat completions URL; apiKey: null sends no Authorization header; model: null
     * asks each prompt of its logged model.
     */
    public record Settings(String endpoint, String apiKey, String model, int maxTokens, double maxUsd, int parallel,
                           boolean dryRun) {
    }

    /** The answers by cache key, the report's figures and its notes. */
    public record Outcome(Map<String, String> answers, WarmResult.Generate report, List<String> notes) {
    }

    private final Settings s;
    private final Pricer pricer;
    private final HttpCaller http;
    private final String url;
    /** This run's own secrets: the key and the endpoint URL's user info, path and query tokens (review r20g H2). */
    private final List<String> secrets;

    public AnswerGenerator(Settings s, Pricer pricer, HttpCaller http) {
        this.s = s;
        this.pricer = pricer;
        this.http = http;
        this.url = chatUrl(s.endpoint());
        this.secrets = secretsOf(s.endpoint(), s.apiKey(), s.model());
        this.errorMasks = errorMasksOf(s.endpoint(), url, secrets);
    }

    /** What an error note masks: the secrets, the URL whole and its path and every segment of it, plain words too (review r20g M3). */
    private final List<String> errorMasks;

    static List<String> errorMasksOf(String endpoint, String chatUrl, List<String> secrets) {
        Set<String> out = new LinkedHashSet<>(secrets);
        for (String e : List.of(chatUrl, endpoint.trim())) {
            out.add(e);
            try {
                URI u = URI.create(e);
                for (String p : new String[]{u.getRawPath(), u.getPath(), u.getRawQuery(), u.getQuery(), u.getRawUserInfo(), u.getUserInfo()}) {
                    if (p == null || p.length() < 2) {
                        continue;
                    }
                    out.add(p);
                    for (String seg : p.split("[/&=:]")) {
                        if (seg.length() >= 3 && !Set.of("chat", "completions", "api", "openai").contains(seg)) {
                            out.add(seg);
                        }
                    }
                }
            } catch (IllegalArgumentException x) {
                // not a URI: the CLI refused it before
            }
        }
        out.removeIf(String::isEmpty);
        List<String> l = new ArrayList<>(out);
        l.sort((a, b) -> b.length() - a.length());
        return List.copyOf(l);
    }

    /** Keys shorter than this ("EMPTY", "none", "x": local servers' placeholders) are no secret and too common to match. */
    static final int MIN_SECRET_CHARS = 8;

    /**
     * What an answer must not hold and an error note must not show: the key whatever its shape, the URL's user and
     * password, its query values, and its path segments that look like tokens (not plain lower-case words, nor the
     * model's name), longest first so a longer one is masked whole.
     */
    static List<String> secretsOf(String endpoint, String apiKey, String model) {
        Set<String> out = new LinkedHashSet<>();
        if (apiKey != null && apiKey.trim().length() >= MIN_SECRET_CHARS) {
            out.add(apiKey.trim());
        }
        try {
            URI u = URI.create(endpoint.trim());
            if (u.getRawUserInfo() != null) {
                for (String part : u.getRawUserInfo().split(":", 2)) {
                    addToken(out, part, 4, model);
                    addToken(out, java.net.URLDecoder.decode(part, StandardCharsets.UTF_8), 4, model);
                }
            }
            if (u.getRawPath() != null) {
                for (String seg : u.getRawPath().split("/")) {
                    if (seg.length() >= MIN_SECRET_CHARS && !seg.matches("[a-z]+(-[a-z]+)*")) {
                        addToken(out, seg, MIN_SECRET_CHARS, model);
                        addToken(out, java.net.URLDecoder.decode(seg, StandardCharsets.UTF_8), MIN_SECRET_CHARS, model);
                    }
                }
            }
            if (u.getRawQuery() != null) {
                for (String pair : u.getRawQuery().split("&")) {
                    String v = pair.substring(pair.indexOf('=') + 1);
                    addToken(out, v, 4, model);
                    addToken(out, java.net.URLDecoder.decode(v, StandardCharsets.UTF_8), 4, model);
                }
            }
        } catch (IllegalArgumentException e) {
            // not a URI: the CLI refused it before; nothing to take from it
        }
        List<String> l = new ArrayList<>(out);
        l.sort((a, b) -> b.length() - a.length());
        return List.copyOf(l);
    }

    private static void addToken(Set<String> out, String t, int min, String model) {
        if (t != null && t.length() >= min && !t.equals(model)) {
            out.add(t);
        }
    }

    /** True when the text holds one of this run's own secrets. */
    boolean holdsSecret(String text) {
        for (String x : secrets) {
            if (text.contains(x)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The URL posted to: the endpoint as given when it already ends in /chat/completions, else with
     * /chat/completions after a trailing /v1, else with /v1/chat/completions (the base URL of an OpenAI-compatible
     * server, as OPENAI_BASE_URL is written with or without its /v1).
     */
    public static String chatUrl(String endpoint) {
        String e = endpoint.trim();
        int q = e.indexOf('?');
        String path = q < 0 ? e : e.substring(0, q), query = q < 0 ? "" : e.substring(q);
        path = path.replaceAll("/+$", "");
        if (path.endsWith("/chat/completions")) {
            return path + query;
        }
        return path + (path.endsWith("/v1") ? "/chat/completions" : "/v1/chat/completions") + query;
    }

    /** The endpoint's host alone, for messages: its user part, path and query may hold credentials. */
    public static String host(String endpoint) {
        try {
            URI u = URI.create(endpoint.trim());
            String h = u.getHost();
            return h == null || h.isEmpty() ? "(host not shown)" : h + (u.getPort() > 0 ? ":" + u.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "(host not shown)";
        }
    }

    /**
     * The most of an answer's body that is read: 1 MiB of envelope plus 128 bytes a token (a long token, each of its
     * characters JSON-escaped in 6 bytes), so a hostile or broken server cannot exhaust memory.
     */
    static long maxBodyBytes(int maxTokens) {
        return (1L << 20) + 128L * maxTokens;
    }

    /** Prompt tokens a request can be billed at most: each UTF-8 byte a token, plus the template's allowance. */
    static long worstPromptTokens(List<Message> messages) {
        long t = PER_REQUEST_TOKENS;
        for (Message m : messages) {
            t += PER_MESSAGE_TOKENS + bytes(m.role()) + bytes(m.content());
        }
        return t;
    }

    private static long bytes(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The most a call can cost: its worst prompt at the dearest prompt rate (input or cache write) and max_tokens out; NaN when unpriced. */
    double worstCaseUsd(String model, String provider, long promptTokens, long nowMs) {
        double worst = Double.NaN;
        for (Usage u : List.of(new Usage(promptTokens, 0, 0, 0, s.maxTokens(), 0), new Usage(0, 0, promptTokens, 0, s.maxTokens(), 0),
                new Usage(0, 0, 0, promptTokens, s.maxTokens(), 0))) {
            double c = pricer.simulatedCost(model, provider, nowMs, u, false);
            if (Double.isNaN(c)) {
                return Double.NaN;
            }
            worst = Double.isNaN(worst) ? c : Math.max(worst, c);
        }
        return worst;
    }

    /** The cap's book: spent, reserved by calls in flight, and how many are in flight. */
    private static final class Budget {
        private final double cap;
        private final int parallel;
        private double spent, reserved;
        private int inFlight;

        Budget(double cap, int parallel) {
            this.cap = cap;
            this.parallel = parallel;
        }

        /**
         * Waits for a free slot, and while calls are in flight for room under the cap (they may settle below their
         * worst case); false when the worst case does not fit with nothing in flight: no later settling can make room.
         */
        synchronized boolean reserve(double worst) throws InterruptedException {
            while (inFlight >= parallel || inFlight > 0 && spent + reserved + worst > cap) {
                wait();
            }
            if (spent + reserved + worst > cap) {
                return false;
            }
            reserved += worst;
            inFlight++;
            return true;
        }

        /** Another worst case for a call in flight (a retry that may be billed again), only when it fits now: never waits. */
        synchronized boolean reserveMore(double worst) {
            if (spent + reserved + worst > cap) {
                return false;
            }
            reserved += worst;
            return true;
        }

        synchronized void settle(double worst, double charged) {
            reserved -= worst;
            spent += charged;
            inFlight--;
            notifyAll();
        }

        synchronized void awaitIdle() throws InterruptedException {
            while (inFlight > 0) {
                wait();
            }
        }
    }

    /** A call that brought no answer; hard when every later call would fail the same way (key, URL, model, breaker). */
    private static final class CallFailed extends Exception {
        final boolean hard, maybeBilled, byCap;

        CallFailed(String why, boolean hard, boolean maybeBilled) {
            this(why, hard, maybeBilled, false);
        }

        CallFailed(String why, boolean hard, boolean maybeBilled, boolean byCap) {
            super(why, null, false, false);
            this.hard = hard;
            this.maybeBilled = maybeBilled;
            this.byCap = byCap;
        }
    }

    private record Answer(String text, String finishReason, Usage usage) {
    }

    /**
     * Asks for the entries' answers, in their order, until the cap or a hard failure stops it; {@code reused} prompts
     * needed one too but got it from the cache an earlier run wrote.
     */
    public Outcome run(List<WarmPlanner.Entry> needing, long reused, Progress progress) throws InterruptedException {
        long now = System.currentTimeMillis();
        String where = host(s.endpoint());
        List<String> notes = new ArrayList<>();
        long unpriced = 0;
        double worstTotal = 0;
        double[] worst = new double[needing.size()];
        long[] promptWorst = new long[needing.size()];
        for (int i = 0; i < needing.size(); i++) {
            WarmPlanner.Entry e = needing.get(i);
            promptWorst[i] = worstPromptTokens(e.messages());
            worst[i] = worstCaseUsd(modelOf(e), providerOf(e), promptWorst[i], now);
            if (Double.isNaN(worst[i])) {
                unpriced++;
            } else {
                worstTotal += worst[i];
            }
        }
        if (unpriced > 0) {
            notes.add("generate.unpriced: " + unpriced + " prompts were not asked: their model has no price, so the cap could not bound them");
        }
        if (s.dryRun()) {
            notes.add("generate.asked, generated, retries, failed, truncated, refused, stopped_by_cap, stopped_by_failure, "
                    + "spent_usd, input_tokens and output_tokens are null: --dry-run asks nothing; worst_case_usd is what asking "
                    + "every priced prompt could cost at most");
            return new Outcome(Map.of(), new WarmResult.Generate(where, s.model(), s.maxUsd(), s.maxTokens(), needing.size() + reused, reused,
                    null, null, null, null, null, null, unpriced, null, null, null, worstTotal, null, null), notes);
        }
        Budget budget = new Budget(s.maxUsd(), s.parallel());
        Map<String, String> answers = Collections.synchronizedMap(new LinkedHashMap<>());
        AtomicLong asked = new AtomicLong(), generated = new AtomicLong(), retries = new AtomicLong(), failed = new AtomicLong(),
                truncated = new AtomicLong(), refused = new AtomicLong(), inTokens = new AtomicLong(), outTokens = new AtomicLong(),
                overran = new AtomicLong(), overcharged = new AtomicLong(), retryNotSent = new AtomicLong(), unbilledUnknown = new AtomicLong(), notAskedAfterFailure = new AtomicLong(), done = new AtomicLong();
        AtomicReference<String> hardStop = new AtomicReference<>();
        Set<String> reasons = Collections.synchronizedSet(new LinkedHashSet<>());
        long stoppedByCap = 0, stoppedByFailure = 0;
        long toAsk = needing.size() - unpriced;
        ExecutorService pool = Executors.newFixedThreadPool(s.parallel(), r -> {
            Thread t = new Thread(r, "techopt-generate");
            t.setDaemon(true);
            return t;
        });
        // the step's clock starts now, not at the first finished call: a hanging endpoint's minutes are counted (r21 L2)
        if (toAsk > 0) {
            progress.at("asking " + where + " for answers", 0, toAsk);
        }
        try {
            for (int i = 0; i < needing.size(); i++) {
                if (Double.isNaN(worst[i])) {
                    continue;
                }
                if (hardStop.get() != null) {
                    stoppedByFailure++;
                    continue;
                }
                // too dear for what is left even with nothing in flight: passed over, and a cheaper prompt after it may fit
                if (!budget.reserve(worst[i])) {
                    stoppedByCap++;
                    continue;
                }
                if (hardStop.get() != null) { // failed while this one waited for room
                    budget.settle(worst[i], 0);
                    stoppedByFailure++;
                    continue;
                }
                WarmPlanner.Entry e = needing.get(i);
                double w = worst[i];
                long pw = promptWorst[i];
                asked.incrementAndGet();
                pool.execute(() -> {
                    double charged = 0;
                    AtomicInteger attempts = new AtomicInteger(), unanswered = new AtomicInteger();
                    // worst cases held for this prompt: one per attempt that may be billed (each unanswered one and the next)
                    AtomicInteger held = new AtomicInteger(1);
                    HttpCaller.AttemptGate gate = maybeBilled -> {
                        while (held.get() < maybeBilled + 1) {
                            if (!budget.reserveMore(w)) {
                                return false; // a retry that may be billed again does not fit: not sent (r21 M1)
                            }
                            held.incrementAndGet();
                        }
                        return true;
                    };
                    try {
                        Answer a = ask(e, pw, attempts, unanswered, gate);
                        charged = w;
                        if (a.usage() != null) {
                            double c = pricer.simulatedCost(modelOf(e), providerOf(e), now, a.usage(), false);
                            if (!Double.isNaN(c)) {
                                charged = c;
                            }
                            inTokens.addAndGet(a.usage().promptTokens());
                            outTokens.addAndGet(a.usage().outputTokens());
                        } else {
                            unbilledUnknown.incrementAndGet();
                        }
                        if (charged > w) {
                            overran.incrementAndGet();
                        }
                        if ("length".equals(a.finishReason())) {
                            truncated.incrementAndGet();
                        } else {
                            CachePolicy.Skip bad = CachePolicy.checkAnswer(a.text());
                            if (bad == null && holdsSecret(a.text())) {
                                refused.incrementAndGet();
                                reasons.add("an answer was not cached: it holds this run's API key or a credential of the endpoint's URL");
                            } else if (bad != null) {
                                refused.incrementAndGet();
                                reasons.add("an answer was not cached: " + bad.label);
                            } else {
                                answers.put(e.request().key(), a.text());
                                generated.incrementAndGet();
                            }
                        }
                    } catch (CallFailed f) {
                        if (f.byCap) { // sent and unanswered, then its retry did not fit: a failure, not a prompt never sent (r22 L1)
                            failed.incrementAndGet();
                            retryNotSent.incrementAndGet();
                        } else if (attempts.get() == 0) { // the breaker refused it before anything was sent: not asked
                            asked.decrementAndGet();
                            notAskedAfterFailure.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            reasons.add(f.getMessage());
                        }
                        charged = f.maybeBilled ? w : 0;
                        if (f.hard) {
                            hardStop.compareAndSet(null, f.getMessage());
                        }
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        failed.incrementAndGet();
                        reasons.add("a call was interrupted");
                    } catch (RuntimeException ex) {
                        failed.incrementAndGet();
                        reasons.add("the call failed: " + ex.getClass().getSimpleName());
                        // sent, so maybe billed whatever failed after (review r21 H2): never charged less than its worst case
                        if (attempts.get() > 0) {
                            charged = Math.max(charged, w);
                        }
                    } finally {
                        retries.addAndGet(Math.max(0, attempts.get() - 1));
                        // each attempt sent and left unanswered (dropped, timed out) may have been billed: its worst case (r20g M1)
                        charged += w * unanswered.get();
                        if (unanswered.get() > 1) {
                            overcharged.incrementAndGet();
                        }
                        // told before settling: settling lets run() return, and a report after that is lost to the step's clock
                        progress.at("asking " + where + " for answers", done.incrementAndGet(), toAsk);
                        budget.settle(w * held.get(), charged);
                    }
                });
            }
            budget.awaitIdle();
        } finally {
            pool.shutdownNow();
        }
        stoppedByFailure += notAskedAfterFailure.get();
        synchronized (budget) {
            if (stoppedByCap > 0) {
                notes.add(String.format(Locale.ROOT, "generate.stopped_by_cap: %d prompts were not asked: the worst case of each "
                        + "would have passed --max-usd %s beside what was spent when its turn came ($%.6f in all)", stoppedByCap, plain(s.maxUsd()), budget.spent));
            }
        }
        if (retryNotSent.get() > 0) {
            notes.add("generate.failed: " + retryNotSent.get() + " prompts were sent and got no answer (connection dropped, "
                    + "timed out or cut off), then not sent again: that attempt may have been billed, and another worst case "
                    + "would have passed --max-usd");
        }
        if (hardStop.get() != null) {
            notes.add("generate.stopped_by_failure: " + stoppedByFailure + " prompts were not asked after " + hardStop.get());
        }
        for (String r : reasons) {
            if (!r.equals(hardStop.get())) {
                notes.add("generate: " + r);
            }
        }
        if (truncated.get() > 0) {
            notes.add("generate.truncated: " + truncated.get() + " answers stopped at --max-tokens " + s.maxTokens() + " (finish_reason length) and were not cached");
        }
        if (unbilledUnknown.get() > 0) {
            notes.add("generate: " + unbilledUnknown.get() + " answers came without a priced usage; each is counted at its worst case in spent_usd");
        }
        if (overcharged.get() > 0) {
            notes.add("generate: " + overcharged.get() + " prompts were sent more than once without an answer (connection dropped or "
                    + "timed out, then retried); each such attempt may have been billed and is charged its worst case, and a retry "
                    + "was sent only when one more worst case fitted under the cap");
        }
        if (overran.get() > 0) {
            notes.add("generate: " + overran.get() + " answers cost more than their worst case: the endpoint did not keep max_tokens, so the cap could be passed");
        }
        double spent;
        synchronized (budget) {
            spent = budget.spent;
        }
        notes.add(String.format(Locale.ROOT, "generate: asked %s for %d answers (%s), $%.6f of --max-usd %s spent, priced from each "
                        + "answer's usage; a call is sent only when its worst case (every prompt byte a token, %d output tokens) fits "
                        + "under the cap beside the calls in flight", where, asked.get(), s.model() == null ? "each prompt's logged model"
                        : "model " + Printable.escape(Redactor.redact(s.model())), spent, plain(s.maxUsd()), s.maxTokens()));
        if (s.model() == null) {
            notes.add("generate.model is null: each prompt was asked of the model it was logged with");
        }
        return new Outcome(new LinkedHashMap<>(answers), new WarmResult.Generate(where, s.model(), s.maxUsd(), s.maxTokens(),
                needing.size() + reused, reused, asked.get(), generated.get(), retries.get(), failed.get(), truncated.get(), refused.get(), unpriced,
                stoppedByCap, stoppedByFailure, spent, worstTotal, inTokens.get(), outTokens.get()), notes);
    }

    private static String plain(double usd) {
        return java.math.BigDecimal.valueOf(usd).stripTrailingZeros().toPlainString();
    }

    /**
     * OpenAI's reasoning models (o1, o3, o4-mini, gpt-5, dated or provider-prefixed) refuse max_tokens ("Use
     * 'max_completion_tokens' instead"; it bounds their reasoning tokens too); other OpenAI-compatible servers may know
     * max_tokens alone (review r21 L3).
     */
    private static final java.util.regex.Pattern REASONING_MODEL = java.util.regex.Pattern.compile("(?i)(?:.*/)?(?:o\\d+|gpt-5)(?:[-.].*)?");

    static String maxTokensField(String model) {
        return model != null && REASONING_MODEL.matcher(model).matches() ? "max_completion_tokens" : "max_tokens";
    }

    private String modelOf(WarmPlanner.Entry e) {
        return s.model() != null ? s.model() : e.model();
    }

    private String providerOf(WarmPlanner.Entry e) {
        return s.model() != null ? null : e.provider();
    }

    private Answer ask(WarmPlanner.Entry e, long promptWorst, AtomicInteger attempts, AtomicInteger unanswered,
                       HttpCaller.AttemptGate gate) throws CallFailed, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("model", modelOf(e));
        ArrayNode msgs = body.putArray("messages");
        for (Message m : e.messages()) {
            msgs.addObject().put("role", m.role()).put("content", m.content());
        }
        body.put(maxTokensField(modelOf(e)), s.maxTokens());
        // a connection of its own per call: a pooled one the server closed meanwhile (HTTP/1.0 servers, keep-alive
        // timeouts) fails the POST with no way to know whether it was billed; a call lasts seconds, a connect milliseconds
        Map<String, String> headers = s.apiKey() == null ? Map.of("Connection", "close")
                : Map.of("Connection", "close", "Authorization", "Bearer " + s.apiKey());
        HttpCaller.HttpResult r;
        try {
            r = http.postJson(url, body.toString(), headers, promptWorst + s.maxTokens(), attempts, maxBodyBytes(s.maxTokens()), unanswered, gate);
        } catch (HttpCaller.BodyTooLargeException x) {
            // answered, so maybe billed; an answer max_tokens cannot make is no model's answer to cache
            throw new CallFailed(host(s.endpoint()) + " answered with a body larger than " + maxBodyBytes(s.maxTokens())
                    + " bytes (more than --max-tokens " + s.maxTokens() + " can make): not read", false, true);
        } catch (HttpCaller.NotSentException x) {
            throw new CallFailed(host(s.endpoint()) + ": a retry was not sent: it would not fit under the cap", false, false, true);
        } catch (io.techopt.http.RetryingCaller.BreakerOpenException x) {
            throw new CallFailed("the circuit breaker opened: " + host(s.endpoint()) + " failed repeatedly", true, false);
        } catch (IOException x) {
            // the exception's text may carry the URL (its path or query may hold a credential): named by kind only
            String why = x instanceof SocketTimeoutException || x instanceof java.io.InterruptedIOException ? "timed out"
                    : x instanceof UnknownHostException ? "unknown host" : x instanceof ConnectException ? "connection refused"
                    : "network error (" + x.getClass().getSimpleName() + ")";
            // each attempt that may have been billed is counted in unanswered and charged by the caller
            throw new CallFailed(host(s.endpoint()) + ": " + why, x instanceof UnknownHostException || x instanceof ConnectException, false);
        }
        if (!r.ok()) {
            int st = r.status();
            boolean hard = st == 401 || st == 403 || st == 404 || st >= 300 && st < 400;
            throw new CallFailed("HTTP " + st + " from " + host(s.endpoint()) + errorText(r.body()), hard, false);
        }
        JsonNode root;
        try {
            root = JSON.readTree(r.body());
        } catch (IOException x) {
            // a proxy's page, say: no model's answer, and every later call would get the same
            throw new CallFailed(host(s.endpoint()) + " answered HTTP " + r.status() + " with a body that is not JSON: not an "
                    + "OpenAI-compatible chat completions endpoint?", true, false);
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode content = choice.path("message").path("content");
        Usage usage;
        try {
            usage = UsageNormalizer.normalize(root);
        } catch (BadInputException x) {
            usage = null;
        }
        if (!content.isTextual() || content.asText().isBlank()) {
            // billed all the same: charge what its usage says
            throw new CallFailed(host(s.endpoint()) + " answered without a message content (choices[0].message.content)", false, true);
        }
        return new Answer(content.asText(), choice.path("finish_reason").asText(null), usage);
    }

    /** The endpoint's error message, for a note: redacted, the key itself masked even when it has no known shape, clipped. */
    private String errorText(String body) {
        String m;
        try {
            JsonNode j = JSON.readTree(body == null ? "" : body);
            JsonNode msg = j == null ? null : j.path("error").isTextual() ? j.path("error") : j.path("error").path("message");
            m = msg == null || !msg.isTextual() ? "" : msg.asText();
        } catch (IOException x) {
            m = "";
        }
        if (m.isBlank()) {
            return "";
        }
        if (s.apiKey() != null && !s.apiKey().isEmpty()) {
            m = m.replace(s.apiKey(), "[REDACTED]");
        }
        for (String x : errorMasks) {
            m = m.replace(x, "[REDACTED]");
        }
        m = Printable.escape(Redactor.redact(m)).replaceAll("\\s+", " ").trim();
        return ": " + (m.length() > 160 ? m.substring(0, 159) + "…" : m);
    }
}
