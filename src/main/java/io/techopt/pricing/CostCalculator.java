package io.techopt.pricing;

import io.techopt.core.Usage;

/** Prices one request exactly as pricing.md says. */
public final class CostCalculator {
    private CostCalculator() {
    }

    /**
     * The USD-per-token rates one request pays for each kind of token: the standard rates, or those of the highest
     * long-context tier its prompt passes ({@code tierAboveTokens}, 0 for none), at Batch API rates when batched.
     * Reasoning tokens are output tokens and pay {@code output}.
     */
    public record Applied(double input, double cacheRead, double cacheWrite, double cacheWrite1h, double output,
                          long tierAboveTokens, boolean batch) {
        public double cost(Usage u) {
            return cost(u.inputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(), u.cacheWrite1hTokens(), u.outputTokens());
        }

        /** The cost of so many tokens of each kind (fractions allowed: a share of a request's tokens). */
        public double cost(double inputTokens, double cacheReadTokens, double cacheWriteTokens, double cacheWrite1hTokens,
                           double outputTokens) {
            return inputTokens * input
                    + cacheReadTokens * cacheRead
                    + cacheWriteTokens * cacheWrite
                    + cacheWrite1hTokens * cacheWrite1h
                    + outputTokens * output;
        }
    }

    /**
     * What one request saves when {@code cutPrompt} of its prompt tokens and {@code cutOutput} of its output tokens are
     * removed: its cost before minus its cost after, both priced as above. The cut prompt tokens are taken from each
     * prompt kind in proportion (a cached share of them saves the cache-read rate, not the input rate); both costs use
     * the request's batch rates and the long-context tier their own prompt size falls in (a cut that brings a prompt
     * under a threshold reprices the rest of it).
     */
    public static double saving(PriceVersion p, Usage u, boolean batch, long cutPrompt, long cutOutput) {
        long prompt = u.promptTokens();
        long keptPrompt = Math.max(0, prompt - Math.max(0, cutPrompt));
        double keep = prompt == 0 ? 1 : (double) keptPrompt / prompt;
        double after = rates(p, keptPrompt, batch).cost(u.inputTokens() * keep, u.cacheReadTokens() * keep,
                u.cacheWriteTokens() * keep, u.cacheWrite1hTokens() * keep, Math.max(0, u.outputTokens() - Math.max(0, cutOutput)));
        return cost(p, u, batch) - after;
    }

    public static double cost(PriceVersion p, Usage u, boolean batch) {
        return rates(p, u, batch).cost(u);
    }

    public static Applied rates(PriceVersion p, Usage u, boolean batch) {
        return rates(p, u.promptTokens(), batch);
    }

    /** The rates of a request whose prompt (input, cache reads and writes) has {@code prompt} tokens. */
    static Applied rates(PriceVersion p, long prompt, boolean batch) {
        Rates std = p.standard();
        Rates tier = null;
        for (Rates t : p.longContext()) {
            if (prompt > t.aboveTokens()) {
                tier = t; // highest threshold passed wins
            }
        }
        double input = tier != null ? Rates.or(tier.input(), std.input()) : std.input();
        double output = tier != null ? Rates.or(tier.output(), std.output()) : std.output();
        double read = Rates.or(tier != null ? Rates.or(tier.cacheRead(), std.cacheRead()) : std.cacheRead(), input);
        double write = Rates.or(tier != null ? Rates.or(tier.cacheWrite(), std.cacheWrite()) : std.cacheWrite(), input);
        double write1h = Rates.or(tier != null ? Rates.or(tier.cacheWrite1h(), std.cacheWrite1h()) : std.cacheWrite1h(), write);
        input = Rates.or(input, 0);
        output = Rates.or(output, 0);
        read = Rates.or(read, 0);
        write = Rates.or(write, 0);
        write1h = Rates.or(write1h, 0);
        if (batch) {
            input = tier == null && !Double.isNaN(p.batchInput()) ? p.batchInput() : input * 0.5;
            output = tier == null && !Double.isNaN(p.batchOutput()) ? p.batchOutput() : output * 0.5;
            read *= 0.5;
            write *= 0.5;
            write1h *= 0.5;
        }
        return new Applied(input, read, write, write1h, output, tier == null ? 0 : tier.aboveTokens(), batch);
    }
}
