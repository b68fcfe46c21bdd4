package io.techopt.forecast;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecastModelTest {
    /** Weekly pattern with a slow trend and Gaussian noise. */
    private static double[] series(int n, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] week = {10, 11, 12, 11, 10, 4, 3};
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = week[t % 7] + 0.05 * t + noise * gaussian(r);
        }
        return y;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void holtWintersFollowsAWeeklySeasonWithTrend() {
        double[] y = series(84, 0, 1);
        Forecast f = Forecaster.fit(y);
        assertTrue(f instanceof HoltWinters);
        for (int h = 1; h <= 14; h++) {
            double expected = new double[]{10, 11, 12, 11, 10, 4, 3}[(84 + h - 1) % 7] + 0.05 * (84 + h - 1);
            assertEquals(expected, f.mean(h), 0.35, "h=" + h);
        }
        assertTrue(Forecaster.backtestMape(y, 14) < 0.02);
    }

    @Test
    void intervalsCoverAboutWhatTheySay() {
        int hits80 = 0, hits95 = 0, total = 0;
        for (long seed = 1; seed <= 40; seed++) {
            double[] y = series(70, 1.0, seed);
            double[] train = java.util.Arrays.copyOf(y, 56);
            Forecast f = Forecaster.fit(train);
            for (int h = 1; h <= 14; h++) {
                double sd = Math.sqrt(f.variance(h)), e = Math.abs(y[55 + h] - f.mean(h));
                hits80 += e <= CostForecaster.Z80 * sd ? 1 : 0;
                hits95 += e <= CostForecaster.Z95 * sd ? 1 : 0;
                total++;
            }
        }
        double c80 = (double) hits80 / total, c95 = (double) hits95 / total;
        assertTrue(c80 > 0.72 && c80 < 0.90, "80% interval covers " + c80);
        assertTrue(c95 > 0.89 && c95 <= 1.0, "95% interval covers " + c95);
    }

    @Test
    void shortSeriesFallBackToALine() {
        double[] y = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Forecast f = Forecaster.fit(y);
        assertTrue(f instanceof LinearTrend);
        assertEquals(11, f.mean(1), 1e-9);
        assertEquals(20, f.mean(10), 1e-9);
        assertTrue(Double.isNaN(Forecaster.backtestMape(y, 14)), "too short to backtest");
    }

    @Test
    void sumVarianceExceedsTheSumOfIndependentVariancesWhenErrorsCorrelate() {
        Forecast f = Forecaster.fit(series(84, 1.0, 3));
        double independent = 0;
        for (int h = 1; h <= 10; h++) {
            independent += f.variance(h);
        }
        assertTrue(f.varianceOfSum(10) >= independent, "positively correlated multi-step errors");
        assertEquals(f.variance(1), f.varianceOfSum(1), 1e-12);
    }

    @Test
    void horizons() {
        var d = java.time.LocalDate.parse("2026-11-20");
        assertEquals("2026-11-30", Horizon.parse("month").periodEnd(d).toString());
        assertEquals("2026-10-01", Horizon.parse("quarter").periodStart(d).toString());
        assertEquals("2026-12-31", Horizon.parse("quarter").periodEnd(d).toString());
        assertEquals("2026-12-19", Horizon.parse("30d").periodEnd(d).toString());
    }
}
