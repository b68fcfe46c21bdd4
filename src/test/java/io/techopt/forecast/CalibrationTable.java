package io.techopt.forecast;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * bench/forecast.sh's scenario table: for every generated series of {@link ForecastCalibrationTest} and every seed
 * and origin, the rolling-origin backtest (MAPE, coverage80, coverage95 over the 14 days before the origin), the share
 * of the held-out days to month end inside the 80% / 95% bands, and whether the month-end total lies inside its
 * intervals. Arguments: first seed, last seed.
 */
public final class CalibrationTable {
    private CalibrationTable() {
    }

    public static void main(String[] args) {
        int from = args.length > 0 ? Integer.parseInt(args[0]) : 1, to = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.printf(Locale.ROOT, "%-42s %4s %10s | %6s %6s %6s | %6s %6s | %5s %5s%n", "scenario", "seed", "origin",
                "mape", "cov80", "cov95", "held80", "held95", "me80", "me95");
        int rows = 0, d80 = 0, d95 = 0, days = 0, m80 = 0, m95 = 0;
        double b80 = 0, b95 = 0;
        for (ForecastCalibrationTest.Scenario s : ForecastCalibrationTest.SCENARIOS) {
            int sd = 0, s80 = 0, s95 = 0, sm80 = 0, sm95 = 0, sr = 0;
            double sb80 = 0, sb95 = 0;
            for (int seed = from; seed <= to; seed++) {
                double[] y = s.series(seed);
                for (int origin : ForecastCalibrationTest.ORIGINS) {
                    double[] seen = java.util.Arrays.copyOf(y, origin);
                    LocalDate first = ForecastCalibrationTest.START.plusDays(origin);
                    int h = (int) ChronoUnit.DAYS.between(first, first.withDayOfMonth(first.lengthOfMonth())) + 1;
                    // exactly what cost-forecast does as of the day before the origin: backtest and forecast on seen days only
                    Forecaster.Result r = Forecaster.forecast(seen, 14, h);
                    Prediction p = r.prediction();
                    int in80 = 0, in95 = 0;
                    double sum = 0, actual = 0;
                    for (int k = 1; k <= h; k++) {
                        double e = Math.abs(y[origin + k - 1] - p.mean(k));
                        in80 += e <= p.half(k, 80) ? 1 : 0;
                        in95 += e <= p.half(k, 95) ? 1 : 0;
                        sum += p.mean(k);
                        actual += y[origin + k - 1];
                    }
                    boolean me80 = Math.abs(actual - sum) <= p.halfOfSum(h, 80), me95 = Math.abs(actual - sum) <= p.halfOfSum(h, 95);
                    Forecaster.Backtest bt = r.backtest();
                    System.out.printf(Locale.ROOT, "%-42s %4d %10s | %6.3f %6.3f %6.3f | %6.3f %6.3f | %5s %5s%n", s.name(), seed,
                            first, bt.mape(), bt.coverage80(), bt.coverage95(), (double) in80 / h, (double) in95 / h,
                            me80 ? "yes" : "no", me95 ? "yes" : "no");
                    sd += h;
                    s80 += in80;
                    s95 += in95;
                    sm80 += me80 ? 1 : 0;
                    sm95 += me95 ? 1 : 0;
                    sb80 += bt.coverage80();
                    sb95 += bt.coverage95();
                    sr++;
                }
            }
            System.out.printf(Locale.ROOT, "%-42s %4s %10s | %6s %6.3f %6.3f | %6.3f %6.3f | %5.3f %5.3f%n", "  all seeds and origins", "",
                    "", "", sb80 / sr, sb95 / sr, (double) s80 / sd, (double) s95 / sd, (double) sm80 / sr, (double) sm95 / sr);
            rows += sr;
            days += sd;
            d80 += s80;
            d95 += s95;
            m80 += sm80;
            m95 += sm95;
            b80 += sb80;
            b95 += sb95;
        }
        System.out.printf(Locale.ROOT, "%-42s %4s %10s | %6s %6.3f %6.3f | %6.3f %6.3f | %5.3f %5.3f%n", "ALL SCENARIOS", "", "", "",
                b80 / rows, b95 / rows, (double) d80 / days, (double) d95 / days, (double) m80 / rows, (double) m95 / rows);
    }
}
