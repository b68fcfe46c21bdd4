package io.techopt.forecast;

import io.techopt.core.Redactor;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Budget alerts of one scope (spend logged crossing 50%, 80% or 100% of the monthly budget; the forecast's 80% upper
 * bound crossing it; an earlier month over it), and the notes on earlier months whose days include a logging outage.
 */
final class BudgetAlerts {
    /** Shares of a budget whose crossing by the spend logged is an alert. */
    static final double[] ACTUAL_THRESHOLDS = {0.5, 0.8, 1.0};
    /** Spend within a millionth of a cent of a threshold has reached it (sums of binary fractions fall just short). */
    static final double EPS_USD = 1e-8;
    /** How an alert about a completed month ends: it is reported, but fails no gate (see {@link ForecastResult.Alert#past}). */
    static final String PAST = "; it already happened (a past month: reported, no --fail-on-alert exit 4)";

    private BudgetAlerts() {
    }

    /** Alerts against a monthly budget in the month of the first forecast day. */
    /**
     * Every month from the one of {@code beforeSilence} (the last day with requests before a silence that the run
     * setting as of follows) to the month before the one evaluated, whose spend crossed the budget: an overrun the
     * budget owner must hear of though a light request after the silence moved as of past it. Without such a silence
     * (a log that runs on into the month evaluated) only the month before the one evaluated is evaluated again.
     */
    private static List<ForecastResult.Alert> earlierOverruns(ScopeForecast f, double budget, String shownScope, LocalDate monthEvaluated,
                                                       LocalDate beforeSilence) {
        List<ForecastResult.Alert> out = new ArrayList<>();
        // the month before the one evaluated is complete: its overrun is an alert whatever as of is, silence or
        // none (review h12d #3: a log to October 31 and one record on November 1 hid October's overrun)
        for (LocalDate m = earliestEvaluated(f, monthEvaluated, beforeSilence); m.isBefore(monthEvaluated); m = m.plusMonths(1)) {
            LocalDate end = m.withDayOfMonth(m.lengthOfMonth());
            double spent = 0;
            LocalDate crossed = null;
            for (LocalDate d = m.isBefore(f.first) ? f.first : m; !d.isAfter(end) && !d.isAfter(f.last); d = d.plusDays(1)) {
                spent += f.y[(int) ChronoUnit.DAYS.between(f.first, d)];
                if (crossed == null && spent >= budget - EPS_USD) {
                    crossed = d;
                }
            }
            if (crossed == null) {
                // logged under budget, but an outage's days would have taken it over: the provider bills them
                // (review r10 #2: October logged $18.20, with its 5 outage days ~$21.70 against $20, said nothing)
                double[] est = f.missingEstimates();
                double withEst = 0, missed = 0;
                int days = 0;
                LocalDate over = null;
                for (LocalDate d = m.isBefore(f.first) ? f.first : m; !d.isAfter(end) && !d.isAfter(f.last); d = d.plusDays(1)) {
                    int i = (int) ChronoUnit.DAYS.between(f.first, d);
                    boolean missing = i > 0 && Double.isNaN(f.fit[i]);
                    withEst += f.y[i] + (missing ? est[i] : 0);
                    missed += missing ? est[i] : 0;
                    days += missing ? 1 : 0;
                    if (over == null && withEst >= budget - EPS_USD) {
                        over = d;
                    }
                }
                if (over != null && days > 0) {
                    String month = m.toString().substring(0, 7);
                    out.add(new ForecastResult.Alert(shownScope, "forecast", 1.0, over.toString(), budget, withEst, true,
                            Dollars.format("%s logged $%s in %s, under its $%s monthly "
                                            + "budget, but %d of its days are a logging outage estimated at $%.2f: "
                                            + "about $%s (%.0f%%), over it from %s: an earlier month than the one "
                                            + "evaluated (%s)%s", shownScope, usd(spent, budget)[0], month, usd(withEst, budget)[1],
                                    days, missed, usd(withEst, budget)[0],
                                    100 * withEst / budget, over, monthEvaluated.toString().substring(0, 7), PAST)));
                }
            }
            if (crossed != null) {
                String month = m.toString().substring(0, 7);
                out.add(new ForecastResult.Alert(shownScope, "actual", 1.0, crossed.toString(), budget, spent, true,
                        String.format(java.util.Locale.ROOT, "%s spent $%s in %s against its $%s monthly budget "
                                        + "(%.0f%%), over it from %s: an earlier month than the one evaluated (%s)%s",
                                shownScope, usd(spent, budget)[0], month, usd(spent, budget)[1], 100 * spent / budget, crossed,
                                monthEvaluated.toString().substring(0, 7), PAST)));
            }
        }
        return out;
    }

    /**
     * A note per complete month from {@code from} to the one before {@code monthEvaluated} whose days include a
     * logging outage's missing days: what it logged, those days and their estimated spend (review r10 #2).
     */
    static List<String> earlierOutageNotes(ScopeForecast f, LocalDate monthEvaluated, LocalDate beforeSilence) {
        List<String> notes = new ArrayList<>();
        double[] est = f.missingEstimates();
        for (LocalDate m = earliestEvaluated(f, monthEvaluated, beforeSilence); m.isBefore(monthEvaluated); m = m.plusMonths(1)) {
            LocalDate end = m.withDayOfMonth(m.lengthOfMonth());
            double spent = 0, missed = 0;
            int days = 0;
            LocalDate from = null, to = null;
            for (LocalDate d = m.isBefore(f.first) ? f.first : m; !d.isAfter(end) && !d.isAfter(f.last); d = d.plusDays(1)) {
                int i = (int) ChronoUnit.DAYS.between(f.first, d);
                spent += f.y[i];
                if (i > 0 && Double.isNaN(f.fit[i])) {
                    missed += est[i];
                    days++;
                    from = from == null ? d : from;
                    to = d;
                }
            }
            if (days > 0) {
                notes.add(Dollars.format("%s: %s logged $%.2f but %d of its days (%s to %s) "
                                + "are a logging outage, estimated at $%.2f more (the forecast from the days before "
                                + "them): about $%.2f in all; monthly keeps the spend logged", Redactor.redact(f.scope),
                        m.toString().substring(0, 7), spent, days, from, to, missed, spent + missed));
            }
        }
        return notes;
    }

    private static LocalDate earliestEvaluated(ScopeForecast f, LocalDate monthEvaluated, LocalDate beforeSilence) {
        LocalDate previous = monthEvaluated.minusMonths(1);
        LocalDate from = beforeSilence == null || previous.isBefore(beforeSilence.withDayOfMonth(1)) ? previous
                : beforeSilence.withDayOfMonth(1);
        return from.isBefore(f.first.withDayOfMonth(1)) ? f.first.withDayOfMonth(1) : from;
    }

    /**
     * Two amounts in dollars with as many decimals (2 to 6) as it takes to tell them apart and to show a non-zero one as
     * non-zero: an alert firing on $39.8909 against a $39.89 budget read "$39.89 against a $39.89 budget" (review r17 #7).
     */
    static String[] usd(double value, double budget) {
        String a = null, b = null;
        for (int d = 2; d <= 6; d++) {
            a = String.format(java.util.Locale.ROOT, "%." + d + "f", value);
            b = String.format(java.util.Locale.ROOT, "%." + d + "f", budget);
            boolean apart = a.equals(b) == (value == budget);
            boolean nonZero = (value == 0 || Double.parseDouble(a) != 0) && (budget == 0 || Double.parseDouble(b) != 0);
            if (apart && nonZero) {
                break;
            }
        }
        return new String[]{a, b};
    }

    static List<ForecastResult.Alert> alerts(ScopeForecast f, double budget, LocalDate beforeSilence) {
        List<ForecastResult.Alert> out = new ArrayList<>();
        String shownScope = Redactor.redact(f.scope);
        LocalDate monthStart = f.last.plusDays(1).withDayOfMonth(1);
        LocalDate monthEnd = monthStart.withDayOfMonth(monthStart.lengthOfMonth());
        out.addAll(earlierOverruns(f, budget, shownScope, monthStart, beforeSilence));
        double cum = 0;
        int next = 0;
        for (LocalDate d = monthStart.isBefore(f.first) ? f.first : monthStart; !d.isAfter(f.last); d = d.plusDays(1)) {
            cum += f.y[(int) ChronoUnit.DAYS.between(f.first, d)];
            while (next < ACTUAL_THRESHOLDS.length && cum >= ACTUAL_THRESHOLDS[next] * budget - EPS_USD) {
                double th = ACTUAL_THRESHOLDS[next++];
                String[] usd = usd(cum, budget);
                // which threshold fired: the 50, 80 and 100% alerts of one day otherwise read as one alert thrice (review r17 #8)
                out.add(new ForecastResult.Alert(shownScope, "actual", th, d.toString(), budget, cum, false,
                        String.format(java.util.Locale.ROOT, "%s passed %.0f%% of its monthly budget by %s: spent $%s of $%s (%.0f%%)",
                                shownScope, 100 * th, d, usd[0], usd[1], 100 * cum / budget)));
            }
        }
        int h = (int) ChronoUnit.DAYS.between(f.last, monthEnd);
        // the months of a quarter or N-day horizon after the first, each against its monthly budget (review r21f M3)
        for (Month m : laterMonths(f, budget)) {
            if (m.upper() > budget) {
                out.add(m.alert(shownScope, budget, f.prediction.spreadMeasured()));
            }
        }
        if (cum >= budget - EPS_USD || h <= 0) {
            return out;
        }
        boolean monthly = f.periodStart.equals(monthStart);
        double extra = monthly ? f.missing80 : 0;
        // the rest of a partial last day only when that day is in the month (a log ending on a month's last day: not)
        double mean = cum + (f.last.isBefore(monthStart) ? 0 : f.rest) + (monthly ? f.missingEstimate : 0), crossMean = Double.NaN, crossUpper = Double.NaN;
        if (!f.prediction.spreadMeasured()) {
            // no upper bound can be measured: alert on the central forecast alone, and say so
            for (int k = 1; k <= h; k++) {
                mean += f.mean(k);
                if (Double.isNaN(crossMean) && mean > budget) {
                    crossMean = k;
                }
            }
            if (mean > budget) {
                LocalDate when = f.last.plusDays((int) crossMean);
                String[] usd = usd(mean, budget);
                out.add(new ForecastResult.Alert(shownScope, "forecast", 1.0, when.toString(), budget, mean, false,
                        String.format(java.util.Locale.ROOT,
                                "%s is forecast to spend $%s by %s (central forecast; no upper bound can be measured "
                                        + "from %d day(s) of history) against a $%s budget; expected to cross on %s",
                                shownScope, usd[0], monthEnd, f.y.length, usd[1], when)));
            }
            return out;
        }
        for (int k = 1; k <= h; k++) {
            mean += f.mean(k);
            double upper = mean + Math.sqrt(Math.pow(f.halfOfSumAtPrices(k, 80), 2) + extra) + f.raise(k, 80);
            if (Double.isNaN(crossMean) && mean > budget) {
                crossMean = k;
            }
            if (Double.isNaN(crossUpper) && upper > budget) {
                crossUpper = k;
            }
        }
        // the final 80% upper bound (the end rule's, the --by sum's), as forecast_total_interval prints it
        double upperTotal = mean + Math.sqrt(Math.pow(f.halfOfSumAtPrices(h, 80), 2) + extra) + f.raise(h, 80);
        if (upperTotal > budget) {
            int k = (int) (Double.isNaN(crossMean) ? crossUpper : crossMean);
            LocalDate when = f.last.plusDays(k);
            // the message leads with value_usd (the 80% upper bound the alert fires on), then the central forecast
            out.add(new ForecastResult.Alert(shownScope, "forecast", 1.0, when.toString(), budget, upperTotal, false,
                    String.format(java.util.Locale.ROOT,
                            "%s may spend up to $%s by %s (80%% upper bound; central forecast $%s) against a $%s budget; expected to cross on %s%s",
                            shownScope, usd(upperTotal, budget)[0], monthEnd, usd(mean, budget)[0], usd(upperTotal, budget)[1], when,
                            Double.isNaN(crossMean) ? " if spend runs at the upper bound" : "")));
        }
        return out;
    }

    /**
     * One month of the period after the first, forecast whole (or to the period's end, {@code to}): its central
     * forecast, its 80% upper bound (the fit's half-width of the sum to its last day less that to the day before it,
     * as if the days' errors moved together, plus its share of the final interval's widening), and the days the
     * running forecast and bound cross the budget (null: they do not).
     */
    record Month(LocalDate month, LocalDate to, boolean whole, double point, double upper, LocalDate crossMean,
                 LocalDate crossUpper) {
        String name() {
            return month.toString().substring(0, 7);
        }

        ForecastResult.Alert alert(String shownScope, double budget, boolean bands) {
            LocalDate when = crossMean != null ? crossMean : crossUpper;
            String part = whole ? "" : " (its days to " + to + " only: the horizon ends there)";
            String[] usd = usd(upper, budget);
            return new ForecastResult.Alert(shownScope, "forecast", 1.0, when.toString(), budget, upper, false, bands
                    ? String.format(java.util.Locale.ROOT, "%s may spend up to $%s in %s%s (80%% upper bound; central "
                            + "forecast $%s) against its $%s monthly budget; expected to cross on %s%s: a later month of "
                            + "the --horizon period", shownScope, usd[0], name(), part, usd(point, budget)[0], usd[1], when,
                    crossMean == null ? " if spend runs at the upper bound" : "")
                    : String.format(java.util.Locale.ROOT, "%s is forecast to spend $%s in %s%s (central forecast; no "
                            + "upper bound can be measured) against its $%s monthly budget; expected to cross on %s: a "
                            + "later month of the --horizon period", shownScope, usd[0], name(), part, usd[1], when));
        }
    }

    /** The months of the period after the month of the first forecast day (none with --horizon month). */
    static List<Month> laterMonths(ScopeForecast f, double budget) {
        List<Month> out = new ArrayList<>();
        boolean bands = f.prediction.spreadMeasured();
        LocalDate firstMonth = f.last.plusDays(1).withDayOfMonth(1);
        for (LocalDate m = firstMonth.plusMonths(1); !m.isAfter(f.periodEnd); m = m.plusMonths(1)) {
            LocalDate monthEnd = m.withDayOfMonth(m.lengthOfMonth());
            LocalDate to = monthEnd.isAfter(f.periodEnd) ? f.periodEnd : monthEnd;
            int a = (int) ChronoUnit.DAYS.between(f.last, m), b = (int) ChronoUnit.DAYS.between(f.last, to);
            double before = bands ? f.halfOfSumAtPrices(a - 1, 80) + f.raise(a - 1, 80) : 0;
            double point = 0, upper = 0;
            LocalDate crossMean = null, crossUpper = null;
            for (int k = a; k <= b; k++) {
                point += f.mean(k);
                upper = point + (bands ? Math.max(0, f.halfOfSumAtPrices(k, 80) + f.raise(k, 80) - before) : 0);
                crossMean = crossMean == null && point > budget ? f.last.plusDays(k) : crossMean;
                crossUpper = crossUpper == null && upper > budget ? f.last.plusDays(k) : crossUpper;
            }
            out.add(new Month(m, to, to.equals(monthEnd), point, upper, crossMean, crossUpper));
        }
        return out;
    }

    /** Each month of the period with its central forecast and 80% upper bound, for the note on a longer horizon. */
    static String monthsNote(ScopeForecast f, double budget) {
        List<String> parts = new ArrayList<>();
        List<ForecastResult.Cumulative> cum = f.firstMonth();
        ForecastResult.Cumulative end = cum.isEmpty() ? null : cum.get(cum.size() - 1);
        if (end != null && end.forecastUsd() != null) {
            parts.add(figure(f.last.plusDays(1).toString().substring(0, 7), end.forecastUsd(), end.hi80(), null));
        }
        for (Month m : laterMonths(f, budget)) {
            parts.add(figure(m.name(), m.point(), f.prediction.spreadMeasured() ? m.upper() : null, m.whole() ? null : m.to()));
        }
        return Redactor.redact(f.scope) + " (budget $" + usd(budget, budget)[1] + "): " + String.join(", ", parts);
    }

    private static String figure(String month, double point, Double hi80, LocalDate to) {
        return Dollars.format("%s $%.2f%s%s", month, point,
                hi80 == null ? "" : Dollars.format(" (80%% up to $%.2f)", hi80),
                to == null ? "" : " to " + to + " only");
    }
}
