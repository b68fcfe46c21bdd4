package io.techopt.cache;

import io.techopt.core.LogRecord;
import io.techopt.core.Message;
import io.techopt.core.Usage;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.Pricer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Chooses what a nightly warm writes: every cacheable prompt of the log with how often it was asked, what it cost
 * and when it was last asked; the entries ranked by frequency x cost saved per hit x recency (halving every
 * {@code halfLifeDays} before the log's end), those asked at least {@code minCount} times, the best {@code top}.
 */
public final class WarmPlanner implements RecordSink {
    /**
     * One prompt to warm: its key, scope and question, the latest answer, and why it ranks where it does. Under
     * --generate a prompt the log never answered has a null response and carries its messages and provider, to be
     * asked for one.
     */
    public record Entry(CacheRequest request, String model, String response, long count, double avgCostUsd, long lastTs,
                        double score, List<Message> messages, String provider) {
        public Entry(CacheRequest request, String model, String response, long count, double avgCostUsd, long lastTs, double score) {
            this(request, model, response, count, avgCostUsd, lastTs, score, null, null);
        }

        /** No usable answer in the log: one must be generated before it can be written. */
        public boolean needsAnswer() {
            return response == null;
        }

        public Entry withResponse(String answer) {
            return new Entry(request, model, answer, count, avgCostUsd, lastTs, score, messages, provider);
        }
    }

    private static final class Candidate {
        CacheRequest q;
        String model, response, provider;
        long count, lastTs;
        double cost;
        /** Under --generate: the prompt to send, and whether it may be sent at all (CachePolicy.checkPrompt). */
        List<Message> messages;
        boolean askable;
        /** When it was last asked, answered or not: the recency of a prompt with no answer to date it. */
        long lastAsked;
    }

    private final Pricer pricer;
    private final String namespace;
    private final int maxCandidates;
    /** cache-warm --generate: prompts the log left unanswered are candidates too, to be asked for an answer. */
    private final boolean generate;
    private final Map<String, Candidate> candidates = new HashMap<>();
    private final SkipTally skipped = new SkipTally();
    /** A request logged again under its id counts once, with its last copy: the earlier copy's part is taken back out. */
    private final io.techopt.ingest.RepeatedRequests.Ledger<Kept> repeated =
            new io.techopt.ingest.RepeatedRequests.Ledger<>(Kept::new, this::undo);

    /** What one request added (never its text): a later copy of the same request id takes it back out. */
    private static final class Kept extends SkipTally.Entry {
        long count;
        Candidate candidate;
        double usd;
        boolean overflow;
    }

    /** Records that repeated an earlier request id (logged twice) and were counted once: ingest's duplicate_request_ids. */
    public long repeatedRequestIds() {
        return repeated.repeats();
    }
    private long requests, minTs = Long.MAX_VALUE, maxTs = Long.MIN_VALUE, overflow;

    public WarmPlanner(Pricer pricer, String namespace, int maxCandidates) {
        this(pricer, namespace, maxCandidates, false);
    }

    public WarmPlanner(Pricer pricer, String namespace, int maxCandidates, boolean generate) {
        this.pricer = pricer;
        this.namespace = namespace;
        this.maxCandidates = maxCandidates;
        this.generate = generate;
    }

    @Override
    public void accept(LogRecord r) {
        Kept k = repeated.entry(r);
        k.count = r.count;
        SkipTally.reset(k);
        k.candidate = null;
        k.usd = Double.NaN;
        k.overflow = false;
        requests += r.count;
        // the log's span keeps an earlier copy's time: it moves the recency weights by at most the retry's delay
        minTs = Math.min(minTs, r.timestampMs);
        maxTs = Math.max(maxTs, r.timestampMs);
        CachePolicy.Skip why = CachePolicy.check(r);
        // under --generate a prompt logged without its answer shows demand like a failed one; the prompt's own rules
        // (no credential, no personal data, single turn...) say whether it may be sent at all
        boolean unanswered = generate && r.count == 1 && !r.error && r.hasPrompt() && why == CachePolicy.Skip.NO_PROMPT;
        if (unanswered) {
            CachePolicy.Skip notAskable = CachePolicy.checkPrompt(r);
            if (notAskable != null) {
                skipped.skip(k, notAskable, 1);
                return;
            }
        }
        // a failed request without its prompt (a usage-only error line) shows no demand for a prompt: skipped as an error
        if (!unanswered && (r.count != 1 || why != null && why != CachePolicy.Skip.ERROR || !r.hasPrompt())) {
            skipped.skip(k, why == null ? CachePolicy.Skip.NO_PROMPT : why, r.count);
            return;
        }
        CacheRequest q = CacheRequest.of(namespace, r);
        Candidate c = candidates.get(q.key());
        if (c == null) {
            if (candidates.size() >= maxCandidates) {
                overflow++;
                k.overflow = true;
                return;
            }
            c = new Candidate();
            c.q = q;
            c.model = r.model;
            if (generate) {
                c.messages = r.messages;
                c.provider = r.provider;
                c.askable = CachePolicy.checkPrompt(r) == null;
            }
            candidates.put(q.key(), c);
        }
        // an error still shows demand for the prompt; only an answer can be cached
        c.count++;
        c.lastAsked = Math.max(c.lastAsked, r.timestampMs);
        k.candidate = c;
        double usd = r.costAsLogged ? r.loggedCostUsd : pricer.cost(r.model, r.provider, r.timestampMs, r.usage == null ? Usage.ZERO : r.usage, r.batch);
        if (!Double.isNaN(usd)) {
            c.cost += usd;
            k.usd = usd;
        }
        if (why == null && r.timestampMs >= c.lastTs) {
            c.response = r.response;
            c.lastTs = r.timestampMs;
        }
        if (why == CachePolicy.Skip.ERROR) {
            skipped.skip(k, why, 1);
        }
    }

    /**
     * Takes an earlier copy back out: its request, its skip, its ask of a prompt (a prompt no other copy asked is no
     * candidate). An answer it gave stays the prompt's answer until a later one replaces it: it answers that prompt.
     */
    private void undo(Kept k) {
        requests -= k.count;
        skipped.undo(k);
        if (k.overflow) {
            overflow--;
        }
        Candidate c = k.candidate;
        if (c != null) {
            c.count--;
            if (!Double.isNaN(k.usd)) {
                c.cost -= k.usd;
            }
            if (c.count == 0) {
                candidates.remove(c.q.key());
            }
        }
    }

    public long requests() {
        return requests;
    }

    public long candidates() {
        return candidates.size();
    }

    public long overflow() {
        return overflow;
    }

    public Map<CachePolicy.Skip, Long> skipped() {
        return skipped.counts();
    }

    /** Days the log spans (at least one). */
    public double days() {
        return requests == 0 ? 1 : Math.max(1, (maxTs - minTs) / 86_400_000.0);
    }

    public List<Entry> select(int top, int minCount, double halfLifeDays) {
        List<Entry> out = new ArrayList<>();
        for (Candidate c : candidates.values()) {
            if (c.response == null && !(generate && c.askable) || c.count < minCount) {
                continue;
            }
            double avg = c.cost / c.count;
            double ageDays = (maxTs - (c.response == null ? c.lastAsked : c.lastTs)) / 86_400_000.0;
            double score = c.count * avg * Math.pow(0.5, ageDays / halfLifeDays);
            out.add(new Entry(c.q, c.model, c.response, c.count, avg, c.response == null ? c.lastAsked : c.lastTs, score,
                    c.response == null ? c.messages : null, c.provider));
        }
        // ties broken by key, so the same log always gives the same selection
        out.sort(Comparator.comparingDouble(Entry::score).reversed().thenComparing(e -> e.request().key()));
        return out.size() > top ? new ArrayList<>(out.subList(0, top)) : out;
    }

    /**
     * A checkpoint's fingerprint: the selection and the settings it was written with (TTL, embedder, target), so a
     * checkpoint resumes only an interrupted run of the very same selection with the very same settings.
     */
    public static String fingerprint(List<Entry> entries, String settings) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(digest(entries).getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(settings.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A digest of a selection: a checkpoint only resumes the very same one. */
    public static String digest(List<Entry> entries) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Entry e : entries) {
                d.update(e.request().key().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(e.response().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
