package io.techopt.forecast;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interval calibration on held-out data: 90-day daily cost series with a weekly pattern and different noise,
 * level shifts and growth, forecast from three origins each to the end of the month; the share of held-out days
 * inside the 80% and 95% bands, and of month-end totals inside their intervals, must be what the bands say.
 */
class ForecastCalibrationTest {
    static final LocalDate START = LocalDate.parse("2026-01-01");
    /** Origins (first forecast day): Feb 20, Mar 4, Mar 18; forecasts run to Feb 28, Mar 31, Mar 31. */
    static final int[] ORIGINS = {50, 62, 76};
    /** 20 seeds x 3 origins: 60 month-end totals a scenario (at 80% coverage, a standard error of 0.05). */
    static final int SEEDS = 20;
    static final double[] WEEK = {1.15, 1.2, 1.25, 1.2, 1.1, 0.55, 0.5};

    /** growth per day (log), noise: relative sd of day-level noise; shifts: day -> factor; walk: log random walk sd a day. */
    record Scenario(String name, double growth, double noise, int[] shiftDays, double[] shiftFactors, double spikes,
                    double walk) {
        double[] series(long seed) {
            SplittableRandom r = new SplittableRandom(seed * 7919 + name.hashCode());
            double[] y = new double[90];
            double level = 20, walkLevel = 0;
            for (int t = 0; t < 90; t++) {
                for (int s = 0; s < shiftDays.length; s++) {
                    if (t == shiftDays[s]) {
                        level *= shiftFactors[s];
                    }
                }
                walkLevel += walk * gaussian(r);
                double v = level * Math.exp(growth * t + walkLevel) * WEEK[t % 7] * (1 + noise * gaussian(r));
                if (r.nextDouble() < spikes) {
                    v *= 2.5;
                }
                y[t] = Math.max(0, v);
            }
            return y;
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("steady growth 0.5%/day, 10% noise", 0.005, 0.10, new int[0], new double[0], 0, 0),
            new Scenario("flat, 35% noise", 0, 0.35, new int[0], new double[0], 0, 0),
            new Scenario("shifts +50% d30, -30% d52, 15% noise", 0.002, 0.15, new int[]{30, 52}, new double[]{1.5, 0.7}, 0, 0),
            new Scenario("slow growth 0.1%/day, 20% noise, spikes", 0.001, 0.20, new int[0], new double[0], 0.04, 0),
            new Scenario("decline -1%/day, 15% noise", -0.01, 0.15, new int[0], new double[0], 0, 0),
            new Scenario("drifting level (3%/day walk), 10% noise", 0, 0.10, new int[0], new double[0], 0, 0.03));

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Coverage of one scenario over its seeds and origins, and the backtest figures on the full series. */
    record Row(String scenario, double mape, double bt80, double bt95, double day80, double day95, double total80,
               double total95, int days, int totals) {
    }

    static Row measure(Scenario s) {
        int days = 0, d80 = 0, d95 = 0, totals = 0, t80 = 0, t95 = 0;
        double mape = 0, bt80 = 0, bt95 = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            double[] y = s.series(seed);
            Forecaster.Backtest bt = Forecaster.backtest(Rolling.rolling(y, 14), 14);
            // refits from day 14, as cost-forecast's own as of each origin here (its calibration starts at day 14 too)
            Rolling rolling = new Rolling(y, 2 * Forecaster.WEEK);
            mape += bt.mape() / SEEDS;
            bt80 += bt.coverage80() / SEEDS;
            bt95 += bt.coverage95() / SEEDS;
            for (int origin : ORIGINS) {
                LocalDate first = START.plusDays(origin);
                LocalDate monthEnd = first.withDayOfMonth(first.lengthOfMonth());
                int h = (int) ChronoUnit.DAYS.between(first, monthEnd) + 1;
                Prediction p = rolling.at(origin, h); // fitted and calibrated on the days before the origin only
                double sum = 0, actual = 0;
                for (int k = 1; k <= h; k++) {
                    double a = y[origin + k - 1], e = Math.abs(a - p.mean(k));
                    d80 += e <= p.half(k, 80) ? 1 : 0;
                    d95 += e <= p.half(k, 95) ? 1 : 0;
                    days++;
                    sum += p.mean(k);
                    actual += a;
                }
                // the interval the report gives: its lower side from the errors below the forecast (review r14 #3)
                t80 += actual - sum <= p.halfOfSum(h, 80) && sum - actual <= p.lowerHalfOfSum(h, 80) ? 1 : 0;
                t95 += actual - sum <= p.halfOfSum(h, 95) && sum - actual <= p.lowerHalfOfSum(h, 95) ? 1 : 0;
                totals++;
            }
        }
        return new Row(s.name(), mape, bt80, bt95, (double) d80 / days, (double) d95 / days, (double) t80 / totals,
                (double) t95 / totals, days, totals);
    }

    static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-42s %6s %6s %6s | %7s %7s %8s %8s%n",
                "series (" + SEEDS + " seeds x 3 origins)", "mape", "bt80", "bt95", "held80", "held95", "total80", "total95"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-42s %6.3f %6.3f %6.3f | %7.3f %7.3f %8.3f %8.3f%n", r.scenario(),
                    r.mape(), r.bt80(), r.bt95(), r.day80(), r.day95(), r.total80(), r.total95()));
        }
        return b.toString();
    }

    @Test
    void heldOutDaysAndMonthEndTotalsFallInsideTheBandsAsOftenAsTheySay() {
        // the scenarios are independent (Forecaster keeps no state): measured on both cores, rows in scenario order
        List<Row> rows = SCENARIOS.parallelStream().map(ForecastCalibrationTest::measure).toList();
        String table = table(rows);
        System.out.print(table);
        for (Row r : rows) {
            // the band for every scenario, level shifts included: 70-92% for 80, at least 88% for 95
            assertTrue(r.day80() >= 0.70 && r.day80() <= 0.92, r.scenario() + ": 80% band covers " + r.day80() + "\n" + table);
            assertTrue(r.day95() >= 0.88, r.scenario() + ": 95% band covers " + r.day95() + "\n" + table);
            // the backtest's own coverage (what the report prints) holds at the same levels
            assertTrue(r.bt80() >= 0.70 && r.bt80() <= 0.92 && r.bt95() >= 0.88, r.scenario() + ": backtest coverage\n" + table);
            // the month-end total's interval at the same levels, scenario by scenario: a level shift right after the
            // origin (the shifts scenario's day 52, two days after Feb 20) is what a period total must allow for
            assertTrue(r.total80() >= 0.70 && r.total80() <= 0.92, r.scenario() + ": month-end 80% interval covers "
                    + r.total80() + "\n" + table);
            assertTrue(r.total95() >= 0.88, r.scenario() + ": month-end 95% interval covers " + r.total95() + "\n" + table);
        }
    }

    /**
     * After a level shift in the history the month-end interval allows for another: Feb 20 of the shifts scenario,
     * with a -30% step two days later, lay outside the 80% interval in 8 of 10 seeds and the 95% one in 3 when
     * that interval assumed no further shift.
     */
    @Test
    void aMonthEndIntervalAfterALevelShiftAllowsForAnother() {
        Scenario shifts = SCENARIOS.get(2);
        int in80 = 0, in95 = 0;
        for (long seed = 1; seed <= 10; seed++) {
            double[] y = shifts.series(seed);
            Prediction p = Forecaster.forecast(java.util.Arrays.copyOf(y, 50), 14, 9).prediction();
            assertTrue(p.levelShifts().length > 0, "seed " + seed + ": the day-30 shift is found");
            double sum = 0, actual = 0;
            for (int k = 1; k <= 9; k++) {
                sum += p.mean(k);
                actual += y[50 + k - 1];
            }
            in80 += Math.abs(actual - sum) <= p.halfOfSum(9, 80) ? 1 : 0;
            in95 += Math.abs(actual - sum) <= p.halfOfSum(9, 95) ? 1 : 0;
        }
        assertTrue(in80 >= 4, "80% interval holds the Feb month end in " + in80 + " of 10 seeds");
        assertTrue(in95 >= 9, "95% interval holds the Feb month end in " + in95 + " of 10 seeds");
    }

    /** The shifts scenario's bands over-covered (0.958): the steps inflated the fit and the calibration after them. */
    @Test
    void levelShiftsAreFoundNearTheirDayAndNoiseGrowthAndDeclineAreNotShifts() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            int[] found = LevelShifts.levelShifts(SCENARIOS.get(2).series(seed), 90);
            assertTrue(java.util.Arrays.stream(found).anyMatch(d -> Math.abs(d - 30) <= 3), "seed " + seed + ": "
                    + java.util.Arrays.toString(found));
            assertTrue(Prediction.of(SCENARIOS.get(2).series(seed), 28).levelShifts().length > 0);
            for (int s : new int[]{0, 1}) {
                assertEquals(0, LevelShifts.levelShifts(SCENARIOS.get(s).series(seed), 90).length,
                        SCENARIOS.get(s).name() + " seed " + seed);
            }
        }
    }

    @Test
    void aFitWithItsSmoothingAtZeroIsNamedAndItsIntervalsAreWidened() {
        // level drifts while the weekly pattern stays: the one-step fit often freezes everything at zero
        double[] y = SCENARIOS.get(5).series(3);
        Prediction p = Prediction.of(java.util.Arrays.copyOf(y, 60), 30);
        assertFalse(p.describe().contains("alpha 0.000, beta 0.000, gamma 0.000"), p.describe());
        assertTrue(p.halfOfSum(30, 95) >= CostForecaster.Z95 * Math.sqrt(p.model().varianceOfSum(30)));
    }
}
