package io.techopt.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each test against values computed once (to 1e-8 or better; the requirement is 1e-6) by src/test/resources/stats/stats_reference.py with scipy 1.10.1 and
 * statsmodels 0.13.5; the function that produced each value is named beside it.
 */
class InferenceTest {
    static final double[] A = {12.1, 9.8, 11.4, 10.0, 13.7, 9.1, 10.5, 11.9, 12.6, 8.7, 10.0, 11.2, 9.9, 14.3, 10.8,
            11.5, 12.0, 9.4, 10.0, 13.1, 11.8, 10.3, 9.7, 12.4, 11.0};
    static final double[] B = {11.2, 8.9, 10.1, 9.5, 12.0, 8.4, 9.9, 10.0, 11.3, 7.9, 9.2, 10.6, 9.0, 12.8, 10.0, 10.4,
            11.1, 8.8, 9.6, 12.2, 10.9, 9.8, 8.6, 11.7, 10.0, 9.3, 10.7, 8.1, 12.5, 10.0};

    @Test
    void welchMatchesScipyAndStatsmodels() {
        Inference.Result r = Inference.welch(A, B, 0.95);
        assertEquals(0.015831396970165383, r.pValue(), 1e-9, "scipy.stats.ttest_ind(b, a, equal_var=False).pvalue");
        assertEquals(-1.692076603583229, r.low(), 1e-8, "CompareMeans(b, a).tconfint_diff(usevar='unequal')[0]");
        assertEquals(-0.18392339641676858, r.high(), 1e-8, "CompareMeans(b, a).tconfint_diff(usevar='unequal')[1]");
    }

    @Test
    void mannWhitneyMatchesScipy() {
        double[] r = Inference.mannWhitney(A, B);
        assertEquals(506.0, r[0], 0, "scipy.stats.mannwhitneyu(a, b, method='asymptotic').statistic");
        assertEquals(0.027227284475519576, r[1], 1e-9, "scipy.stats.mannwhitneyu(a, b, method='asymptotic').pvalue");
    }

    @Test
    void proportionsMatchStatsmodels() {
        assertEquals(0.17794555970271952, Inference.twoProportionP(530, 1000, 560, 1000), 1e-9,
                "statsmodels proportions_ztest([530, 560], [1000, 1000])[1]");
        assertArrayEquals(new double[]{0.49901030909301675, 0.56076008539785}, Inference.wilson(530, 1000, 0.95), 1e-9,
                "statsmodels proportion_confint(530, 1000, method='wilson')");
        assertArrayEquals(new double[]{-0.01362686007259021, 0.07346582948525063}, Inference.newcombe(530, 1000, 560, 1000, 0.95),
                1e-9, "statsmodels confint_proportions_2indep(560, 1000, 530, 1000, method='newcomb')");
    }

    @Test
    void sampleRatioMismatchMatchesScipyChiSquare() {
        double[] skewed = Inference.chiSquare(new long[]{10400, 9600}, new double[]{0.5, 0.5});
        assertEquals(32.0, skewed[0], 1e-9, "scipy.stats.chisquare([10400, 9600]).statistic");
        assertEquals(1.5417257900280013e-08, skewed[1], 1e-12, "scipy.stats.chisquare([10400, 9600]).pvalue");
        double[] fair = Inference.chiSquare(new long[]{10013, 9987}, new double[]{1, 1});
        assertEquals(0.8541328851643042, fair[1], 1e-9, "scipy.stats.chisquare([10013, 9987]).pvalue");
    }

    @Test
    void holmMatchesStatsmodels() {
        assertArrayEquals(new double[]{0.04, 0.09, 0.09, 0.025, 0.2}, Inference.holm(new double[]{0.01, 0.04, 0.03, 0.005, 0.2}),
                1e-12, "statsmodels multipletests([...], method='holm')[1]");
        double[] withNaN = Inference.holm(new double[]{0.01, Double.NaN, 0.04});
        assertEquals(0.02, withNaN[0], 1e-12);
        assertTrue(Double.isNaN(withNaN[1]));
    }

    @Test
    void deltaMethodRatioAgreesWithASimulation() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        int users = 400;
        double[] ratios = new double[2000];
        double[] x = new double[users], y = new double[users];
        for (int rep = 0; rep < ratios.length; rep++) {
            for (int i = 0; i < users; i++) {
                y[i] = 1 + r.nextInt(10);
                x[i] = y[i] * (0.5 + r.nextDouble());
            }
            ratios[rep] = Inference.ratio(x, y)[0];
        }
        double predicted = Math.sqrt(Inference.ratio(x, y)[1]);
        double observed = Math.sqrt(Inference.var(ratios));
        assertEquals(observed, predicted, 0.1 * observed, "delta-method standard error of a ratio of sums");
    }

    /** Why var() stays a plain two-pass loop (the comment in Inference): numpy.var(A, ddof=1) is 2.1086000000000005. */
    @Test
    void varianceIsNumpysToTheLastDigitWhereCommonsMathsIsNot() {
        assertEquals(2.1086000000000005, Inference.var(A), 0.0, "numpy.var(a, ddof=1)");
        assertEquals(2.1085999999999996, org.apache.commons.math3.stat.StatUtils.variance(A), 0.0,
                "commons-math3's corrected two-pass variance; if this starts to equal numpy's, use it");
    }

    /** chiSquare is commons-math3's ChiSquareTest: scipy.stats.chisquare's statistic to the last digit. */
    @Test
    void chiSquareStatisticIsScipysToTheLastDigit() {
        assertEquals(32.0, Inference.chiSquare(new long[]{10400, 9600}, new double[]{0.5, 0.5})[0], 0.0);
        assertEquals(6.7787096774193545, Inference.chiSquare(new long[]{1013, 987, 1100}, new double[]{1, 1, 1})[0], 0.0,
                "scipy.stats.chisquare([1013, 987, 1100])");
        assertEquals(0.033730431449898304, Inference.chiSquare(new long[]{1013, 987, 1100}, new double[]{1, 1, 1})[1], 1e-15);
    }

    /** No unit at all (every user saw both variants): scipy.stats.chisquare([0, 0]) is nan, nan, so the SRM check is null. */
    @Test
    void chiSquareOfNoUnitsIsNaNNotAnError() {
        double[] r = Inference.chiSquare(new long[]{0, 0}, new double[]{0.5, 0.5});
        assertTrue(Double.isNaN(r[0]) && Double.isNaN(r[1]), java.util.Arrays.toString(r));
    }
}
