package io.techopt.experiment;

import io.techopt.report.Fmt;

import java.util.List;
import java.util.Locale;

/**
 * A plain-language verdict. The primary metric is cost per user (lower is better); success rate and quality must
 * not fall and latency must not rise significantly (guardrails). Significance uses Holm-adjusted p-values.
 */
final class Recommendations {
    private Recommendations() {
    }

    static AbResult.Recommendation decide(AbResult.Srm srm, List<AbResult.Comparison> comparisons, double alpha) {
        if (Boolean.TRUE.equals(srm.flagged())) {
            return new AbResult.Recommendation("dont_ship", String.format(Locale.ROOT,
                    "sample ratio mismatch (%s): users were not split as configured, so no metric can be trusted; "
                            + "fix the assignment first", Fmt.pIs("p", srm.pValue())));
        }
        StringBuilder worse = new StringBuilder();
        AbResult.Comparison primary = null;
        for (AbResult.Comparison c : comparisons) {
            boolean sig = c.pAdjusted() != null && c.pAdjusted() < alpha && c.lift() != null;
            if (c.metric().equals("cost_per_user")) {
                if (primary == null || (sig && c.lift() < 0)) {
                    primary = c;
                }
            } else if (sig && harmful(c)) {
                worse.append(String.format(Locale.ROOT, "%s%s %s by %.1f%% (%s)", worse.length() > 0 ? "; " : "",
                        c.variant(), c.metric(), 100 * c.lift(), Fmt.pIs("p_adj", c.pAdjusted())));
            }
        }
        if (worse.length() > 0) {
            return new AbResult.Recommendation("dont_ship", "a guardrail got significantly worse: " + worse);
        }
        if (primary != null && primary.pAdjusted() != null && primary.lift() != null) {
            String change = String.format(Locale.ROOT, "%s changes cost per user by %+.1f%% (95%% CI %+.1f%% to %+.1f%%, %s)",
                    primary.variant(), 100 * primary.lift(), 100 * primary.ciLow(), 100 * primary.ciHigh(), Fmt.pIs("p_adj", primary.pAdjusted()));
            if (primary.pAdjusted() < alpha) {
                return primary.lift() < 0
                        ? new AbResult.Recommendation("ship", change + ", with no guardrail significantly worse")
                        : new AbResult.Recommendation("dont_ship", change + ": it costs more");
            }
            return new AbResult.Recommendation("inconclusive", change + ": not significant; run longer or with more users");
        }
        return new AbResult.Recommendation("inconclusive", primary == null ? "too few users to compare cost per user"
                : "cost per user cannot be compared (" + primary.test() + ")");
    }

    /**
     * One comparison's verdict at {@code alpha} (Holm-adjusted): "better" or "worse" for a metric with a direction of
     * good (cost and latency lower, success and quality higher), "higher" or "lower" for one without (requests per
     * user), "not significant", or null when it could not be tested.
     */
    static String effect(AbResult.Comparison c, double alpha) {
        if (c.pAdjusted() == null || c.lift() == null) {
            return null;
        }
        if (!(c.pAdjusted() < alpha)) {
            return "not significant";
        }
        String good = goodDirection(c.metric());
        if (good == null) {
            return c.lift() > 0 ? "higher" : "lower";
        }
        return (good.equals("lower") ? c.lift() < 0 : c.lift() > 0) ? "better" : "worse";
    }

    /** Which way a metric is better: "lower" (cost, latency), "higher" (success, quality), or null (requests per user). */
    static String goodDirection(String metric) {
        return switch (metric) {
            case "cost_per_user", "cost_per_request", "latency_ms" -> "lower";
            case "success_rate", "quality" -> "higher";
            default -> null;
        };
    }

    private static boolean harmful(AbResult.Comparison c) {
        return switch (c.metric()) {
            case "success_rate", "quality" -> c.lift() < 0;
            case "latency_ms" -> c.lift() > 0;
            default -> false;
        };
    }
}
