package io.techopt.analyze;

import io.techopt.core.PromptKey;
import io.techopt.core.RequestFigures;
import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;
import io.techopt.core.Usage;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PriceVersion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What provider prompt caching would have saved on requests that did not use it. Each request offers two
 * cache breakpoints (end of the system messages, end of the conversation before the last message); a
 * breakpoint at or above the provider's minimum cacheable length is written on first use and read by later
 * requests of the same model within the TTL, which every hit refreshes. Writes pay the catalog's cache-write
 * rate, reads its cache-read rate; the lever is the net of both.
 * <p>
 * The breakpoints are recorded as the requests are read and the cache is replayed once the log ends, over the last
 * copy of each request id only (review rev21b MED-2: a request logged twice had both copies written and read, and
 * doubled the lever). The replay goes in read order, as DuckDB's query does.
 */
final class PromptCacheLever implements OwnLever {
    private static final int PRUNE_EVERY = 1 << 16;
    private static final int SHIFT = 14, SIZE = 1 << SHIFT, MASK = SIZE - 1;

    private final long ttlMs;
    private double saved, premium;
    private long hits, writes;
    /** Each request's net saving as a share of its cost (plan only; null: not kept). */
    private RequestFigures shares;
    /** The offers, in read order, in blocks: the row, each breakpoint's key (0: none) and estimated tokens. */
    private final List<int[]> rows = new ArrayList<>(), tokens = new ArrayList<>();
    private final List<long[]> keys = new ArrayList<>();
    private int offered;

    PromptCacheLever(long ttlMs) {
        this.ttlMs = ttlMs;
    }

    /** Keep what the lever does to each request, for the savings plan. */
    void keepRequests() {
        shares = new RequestFigures();
    }

    /** A request as it is read: its breakpoints long enough to cache are kept for {@link #replay}. */
    void offer(int row, PromptKey.Info info, Usage u, PriceEntry e) {
        long prompt = u.promptTokens();
        if (prompt == 0 || info.promptChars() == 0) {
            return;
        }
        // when the history is just the system messages, both breakpoints are one prefix: offer it once
        long system = info.systemPrefix() == info.historyPrefix() ? 0 : info.systemPrefix();
        long[] k = {info.historyPrefix(), system};
        int[] chars = {info.historyChars(), info.systemChars()};
        if ((offered & MASK) == 0) {
            rows.add(new int[SIZE]);
            tokens.add(new int[2 * SIZE]);
            keys.add(new long[2 * SIZE]);
        }
        int b = offered >>> SHIFT, i = offered & MASK;
        rows.get(b)[i] = row;
        for (int c = 0; c < 2; c++) {
            // prefix tokens estimated from the logged prompt tokens by the prefix's share of the characters
            long t = Math.round((double) prompt * chars[c] / info.promptChars());
            boolean cacheable = k[c] != 0 && t >= e.promptCacheMinTokens();
            keys.get(b)[2 * i + c] = cacheable ? k[c] : 0;
            tokens.get(b)[2 * i + c] = cacheable ? (int) Math.min(t, Integer.MAX_VALUE) : 0;
        }
        offered++;
    }

    /** Replays the cache over the offers whose request is the last copy of its id, in read order; call once. */
    void replay(RequestStore s) {
        Map<Long, Long> lastUse = new HashMap<>();
        long live = 0;
        for (int o = 0; o < offered; o++) {
            int b = o >>> SHIFT, i = o & MASK, row = rows.get(b)[i];
            if (!s.t.live(row)) {
                continue;
            }
            long ts = s.t.ts(row);
            int modelId = s.t.model(row);
            long hitTokens = 0, writeTokens = 0;
            for (int c = 0; c < 2; c++) {
                long k = keys.get(b)[2 * i + c];
                if (k == 0) {
                    continue;
                }
                long t = tokens.get(b)[2 * i + c];
                Long last = lastUse.put(k * 31 + modelId, ts);
                if (hitTokens == 0 && last != null && ts - last <= ttlMs && ts >= last) {
                    hitTokens = t;
                }
                writeTokens = Math.max(writeTokens, t);
            }
            if (++live % PRUNE_EVERY == 0) {
                lastUse.values().removeIf(last -> ts - last > ttlMs);
            }
            measure(s, row, hitTokens, writeTokens);
        }
        rows.clear();
        tokens.clear();
        keys.clear();
        offered = 0;
    }

    private void measure(RequestStore s, int row, long hitTokens, long writeTokens) {
        Usage u = s.usage(row);
        if (u.cacheReadTokens() + u.cacheWriteTokens() + u.cacheWrite1hTokens() > 0) {
            return; // the log already paid cache rates for this request
        }
        PriceEntry e = s.entry(row);
        PriceVersion v = s.version(e, row);
        boolean batch = s.t.is(row, RequestTable.BATCH);
        double base = CostCalculator.cost(v, u, batch);
        long in = u.inputTokens();
        if (hitTokens > 0) {
            long read = Math.min(hitTokens, in);
            long write = Math.min(Math.max(0, writeTokens - hitTokens), in - read);
            Usage cached = new Usage(in - read - write, read, write, 0, u.outputTokens(), u.reasoningTokens());
            double diff = base - CostCalculator.cost(v, cached, batch);
            saved += diff;
            hits++;
            if (shares != null && base > 0) {
                shares.set(row, diff / base);
            }
        } else if (writeTokens > 0) {
            long write = Math.min(writeTokens, in);
            Usage written = new Usage(in - write, 0, write, 0, u.outputTokens(), u.reasoningTokens());
            double more = CostCalculator.cost(v, written, batch) - base;
            premium += more;
            writes++;
            if (shares != null && base > 0) {
                shares.set(row, -more / base);
            }
        }
    }

    @Override
    public String name() {
        return "prompt_cache";
    }

    @Override
    public Saving saving(double totalCost) {
        double usd = saved - premium;
        return new Saving(name(), usd, hits, totalCost > 0 ? usd / totalCost : 0, List.of(
                "breakpoints at the end of the system messages and before the last message; a prefix is cacheable "
                        + "from the model's minimum length (1,024 tokens unless the catalog says otherwise)",
                "cache lifetime " + (ttlMs / 60_000) + " min, refreshed by every hit; the same model must ask",
                "prefix tokens estimated from each request's logged prompt tokens by the prefix's share of characters",
                "net of cache writes (" + writes + " requests pay the catalog's cache-write rate) and reads ("
                        + hits + " requests); requests that already used caching are left out"));
    }

    @Override
    public SavingsLever.Effect effect(Saving alone) {
        return new SavingsLever.Effect(alone, shares == null ? SavingsLever.PerRequest.NONE : shares, false, false,
                "a cache read shortens the time to the first token, which the log does not record", 0.0, null, null,
                "none to the answers (the provider reads the same prefix); a prefix that changes often pays cache writes "
                        + "without reads", List.of());
    }
}
