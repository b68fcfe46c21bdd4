package io.techopt.forecast;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Locale;

/** How far to forecast: to the end of the month or quarter of the first forecast day, or N days. */
public record Horizon(String kind, int days) {
    public static Horizon parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("month") || v.equals("quarter")) {
            return new Horizon(v, 0);
        }
        if (v.matches("\\d+d")) {
            int n = Integer.parseInt(v.substring(0, v.length() - 1));
            if (n >= 1 && n <= 366) {
                return new Horizon("days", n);
            }
        }
        throw new IllegalArgumentException("--horizon is month, quarter or a number of days like 30d (1-366), not '" + s + "'");
    }

    /** First day of the period whose total is forecast (actuals before the first forecast day count in it). */
    public LocalDate periodStart(LocalDate firstForecastDay) {
        return switch (kind) {
            case "month" -> firstForecastDay.withDayOfMonth(1);
            case "quarter" -> firstForecastDay.with(IsoFields.DAY_OF_QUARTER, 1);
            default -> firstForecastDay;
        };
    }

    /** Last day of that period, inclusive. */
    public LocalDate periodEnd(LocalDate firstForecastDay) {
        return switch (kind) {
            case "month" -> firstForecastDay.withDayOfMonth(firstForecastDay.lengthOfMonth());
            case "quarter" -> firstForecastDay.with(IsoFields.DAY_OF_QUARTER, 1).plusMonths(3).minusDays(1);
            default -> firstForecastDay.plusDays(days - 1L);
        };
    }
}
