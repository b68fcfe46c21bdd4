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
            return u.inputTokens() * input
                    + u.cacheReadTokens() * cacheRead
                    + u.cacheWriteTokens() * cacheWrite
                    + u.cacheWrite1hTokens() * cacheWrite1h
                    + u.outputTokens() * output;
        }
    }

    public static double cost(PriceVersion p, Usage u, boolean batch) {
        return rates(p, u, batch).cost(u);
    }

    public static Applied rates(PriceVersion p, Usage u, boolean batch) {
        Rates std = p.standard();
        Rates tier = null;
        long prompt = u.promptTokens();
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
