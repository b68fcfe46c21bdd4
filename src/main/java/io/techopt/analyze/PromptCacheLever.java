package io.techopt.analyze;

import io.techopt.core.PromptKey;
import io.techopt.core.RequestFigures;
import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;
import io.techopt.core.Usage;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PriceVersion;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What provider prompt caching would have saved on requests that did not use it. Each request offers two
 * cache breakpoints (end of the system messages, end of the conversation before the last message); a
 * breakpoint at or above the provider's minimum cacheable length is written on first use and read by later
 * requests of the same model within the TTL, which every hit refreshes. Writes pay the catalog's cache-write
 * rate, reads its cache-read rate; the lever is the net of both.
 */
final class PromptCacheLever implements OwnLever {
    private static final int PRUNE_EVERY = 1 << 16;

    private final long ttlMs;
    private final Map<Long, Long> lastUse = new HashMap<>();
    private double saved, premium;
    private long hits, writes, offers;
    /** Each request's net saving as a share of its cost (plan only; null: not kept). */
    private RequestFigures shares;

    PromptCacheLever(long ttlMs) {
        this.ttlMs = ttlMs;
    }

    /** Keep what the lever does to each request, for the savings plan. */
    void keepRequests() {
        shares = new RequestFigures();
    }

    void offer(int row, long ts, int modelId, PromptKey.Info info, Usage u, boolean batch, PriceEntry e, PriceVersion v) {
        long prompt = u.promptTokens();
        if (prompt == 0 || info.promptChars() == 0) {
            return;
        }
        boolean alreadyCaching = u.cacheReadTokens() + u.cacheWriteTokens() + u.cacheWrite1hTokens() > 0;
        // when the history is just the system messages, both breakpoints are one prefix: offer it once
        long system = info.systemPrefix() == info.historyPrefix() ? 0 : info.systemPrefix();
        long[] keys = {info.historyPrefix(), system};
        int[] chars = {info.historyChars(), info.systemChars()};
        long hitTokens = 0, writeTokens = 0;
        for (int c = 0; c < 2; c++) {
            if (keys[c] == 0) {
                continue;
            }
            // prefix tokens estimated from the logged prompt tokens by the prefix's share of the characters
            long tokens = Math.round((double) prompt * chars[c] / info.promptChars());
            if (tokens < e.promptCacheMinTokens()) {
                continue;
            }
            long key = keys[c] * 31 + modelId;
            Long last = lastUse.put(key, ts);
            if (hitTokens == 0 && last != null && ts - last <= ttlMs && ts >= last) {
                hitTokens = tokens;
            }
            writeTokens = Math.max(writeTokens, tokens);
        }
        if (++offers % PRUNE_EVERY == 0) {
            lastUse.values().removeIf(last -> ts - last > ttlMs);
        }
        if (alreadyCaching) {
            return; // the log already paid cache rates for this request
        }
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
