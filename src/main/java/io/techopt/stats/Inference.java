package io.techopt.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

import java.util.Arrays;

/**
 * The hypothesis tests and intervals of ab-report, each matching a named scipy/statsmodels function (the tests
 * carry reference values): Welch's t, two-proportion z with Wilson and Newcombe intervals, Mann-Whitney U,
 * chi-square goodness of fit, delta-method ratios and relative lift, Holm's correction.
 */
public final class Inference {
    private static final NormalDistribution N = new NormalDistribution();

    private Inference() {
    }

    /** An estimate with its two-sided p-value and confidence interval. */
    public record Result(double estimate, double pValue, double low, double high) {
    }

    public static double z(double confidence) {
        return N.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    }

    /*
     * Mean, variance (ddof 1) and, in ratio(), covariance stay plain two-pass loops: commons-math3's StatUtils and
     * Covariance add a correction term, and neither they nor these loops reproduce numpy's pairwise sum to the last
     * digit (on InferenceTest's sample a: numpy var 2.1086000000000005, this 2.1086000000000005, commons-math3
     * 2.1085999999999996). Switching would move every ab-report JSON figure in its 16th digit for no gain.
     */
    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double var(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    /** Welch's t-test of mean(b) - mean(a) (scipy.stats.ttest_ind(b, a, equal_var=False)) and its interval. */
    public static Result welch(double[] a, double[] b, double confidence) {
        double va = var(a) / a.length, vb = var(b) / b.length, se = Math.sqrt(va + vb);
        double diff = mean(b) - mean(a);
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        if (se == 0) {
            return new Result(diff, diff == 0 ? 1 : 0, diff, diff);
        }
        TDistribution t = new TDistribution(null, df, 1e-14); // the default inverse accuracy is only 1e-9
        double p = 2 * t.cumulativeProbability(-Math.abs(diff / se));
        double q = t.inverseCumulativeProbability(1 - (1 - confidence) / 2);
        return new Result(diff, p, diff - q * se, diff + q * se);
    }

    /** Two-proportion z-test with pooled variance (statsmodels proportions_ztest); estimate p_b - p_a. */
    public static double twoProportionP(long succA, long nA, long succB, long nB) {
        double pa = (double) succA / nA, pb = (double) succB / nB, p = (double) (succA + succB) / (nA + nB);
        double se = Math.sqrt(p * (1 - p) * (1.0 / nA + 1.0 / nB));
        return se == 0 ? 1 : 2 * N.cumulativeProbability(-Math.abs((pb - pa) / se));
    }

    /**
     * Wilson score interval (statsmodels proportion_confint(method="wilson")), statsmodels' formula step by step:
     * commons-math3's WilsonScoreInterval rounds in another order and differs from it in the last digit.
     */
    public static double[] wilson(long succ, long n, double confidence) {
        double z = z(confidence), p = (double) succ / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[]{centre - half, centre + half};
    }

    /** Newcombe's hybrid score interval for p_b - p_a (statsmodels confint_proportions_2indep(method="newcomb")). */
    public static double[] newcombe(long succA, long nA, long succB, long nB, double confidence) {
        double pa = (double) succA / nA, pb = (double) succB / nB;
        double[] wa = wilson(succA, nA, confidence), wb = wilson(succB, nB, confidence);
        double d = pb - pa;
        double low = d - Math.sqrt((pb - wb[0]) * (pb - wb[0]) + (wa[1] - pa) * (wa[1] - pa));
        double high = d + Math.sqrt((wb[1] - pb) * (wb[1] - pb) + (pa - wa[0]) * (pa - wa[0]));
        return new double[]{low, high};
    }

    /**
     * Mann-Whitney U, two-sided, normal approximation with tie correction and continuity correction
     * (scipy.stats.mannwhitneyu(a, b, method="asymptotic")). Returns U of a and the p-value.
     */
    public static double[] mannWhitney(double[] a, double[] b) {
        int n1 = a.length, n2 = b.length, n = n1 + n2;
        double[] all = new double[n];
        System.arraycopy(a, 0, all, 0, n1);
        System.arraycopy(b, 0, all, n1, n2);
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> Double.compare(all[x], all[y]));
        double[] rank = new double[n];
        double tie = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && all[idx[j + 1]] == all[idx[i]]) {
                j++;
            }
            double r = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[idx[k]] = r;
            }
            double t = j - i + 1;
            tie += t * t * t - t;
            i = j + 1;
        }
        double r1 = 0;
        for (int i = 0; i < n1; i++) {
            r1 += rank[i];
        }
        double u1 = r1 - n1 * (n1 + 1) / 2.0;
        double mu = n1 * (double) n2 / 2;
        double sd = Math.sqrt(n1 * (double) n2 / 12 * ((n + 1) - tie / ((double) n * (n - 1))));
        double u = Math.max(u1, n1 * (double) n2 - u1);
        double p = sd == 0 ? 1 : Math.min(1, 2 * N.cumulativeProbability(-((u - mu - 0.5) / sd)));
        return new double[]{u1, p};
    }

    /** Chi-square goodness of fit of counts to expected shares (scipy.stats.chisquare). Returns statistic, p. */
    public static double[] chiSquare(long[] observed, double[] shares) {
        long total = 0;
        for (long o : observed) {
            total += o;
        }
        double sumShares = 0;
        for (double sh : shares) {
            sumShares += sh;
        }
        if (total == 0) {
            return new double[]{Double.NaN, Double.NaN}; // scipy's 0/0: no unit to test (commons-math3 would throw)
        }
        double[] expected = new double[shares.length];
        for (int i = 0; i < shares.length; i++) {
            expected[i] = total * shares[i] / sumShares;
        }
        ChiSquareTest test = new ChiSquareTest(); // scipy.stats.chisquare's statistic to the last digit
        return new double[]{test.chiSquare(expected, observed), test.chiSquareTest(expected, observed)};
    }

    /** Holm's step-down adjustment (statsmodels multipletests(method="holm")). NaN p-values stay NaN. */
    public static double[] holm(double[] p) {
        Integer[] order = new Integer[p.length];
        int m = 0;
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
            if (!Double.isNaN(p[i])) {
                m++;
            }
        }
        Arrays.sort(order, (x, y) -> Double.compare(Double.isNaN(p[x]) ? 2 : p[x], Double.isNaN(p[y]) ? 2 : p[y]));
        double[] adj = new double[p.length];
        Arrays.fill(adj, Double.NaN);
        double running = 0;
        for (int k = 0; k < m; k++) {
            int i = order[k];
            running = Math.max(running, Math.min(1, (m - k) * p[i]));
            adj[i] = running;
        }
        return adj;
    }

    /** Mean and variance of a ratio of sums over units, sum(x)/sum(y), by the delta method. */
    public static double[] ratio(double[] x, double[] y) {
        int n = x.length;
        double mx = mean(x), my = mean(y), r = mx / my;
        double vx = var(x), vy = var(y), cxy = 0;
        for (int i = 0; i < n; i++) {
            cxy += (x[i] - mx) * (y[i] - my);
        }
        cxy /= n - 1;
        double v = (vx - 2 * r * cxy + r * r * vy) / (n * my * my);
        return new double[]{r, v};
    }

    /**
     * Relative lift b/a - 1 of two independent estimates with variances (delta method), its normal-theory p-value
     * and interval.
     */
    public static Result lift(double a, double varA, double b, double varB, double confidence) {
        double lift = b / a - 1;
        double v = varB / (a * a) + b * b * varA / (a * a * a * a);
        double se = Math.sqrt(v);
        double p = se == 0 ? (lift == 0 ? 1 : 0) : 2 * N.cumulativeProbability(-Math.abs(lift / se));
        double z = z(confidence);
        return new Result(lift, p, lift - z * se, lift + z * se);
    }

    /** Variance of a sample mean. */
    public static double varOfMean(double[] x) {
        return var(x) / x.length;
    }

    public static double meanOf(double[] x) {
        return mean(x);
    }
}
