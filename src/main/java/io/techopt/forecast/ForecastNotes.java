package io.techopt.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Notes on the report's own figures: which of analyze's notes concern it, and a history under one full day. */
final class ForecastNotes {
    private ForecastNotes() {
    }

    /**
     * A log spanning fewer hours than this covers less than one full day: a day of real traffic runs from within an
     * hour or two of midnight to within an hour or two of the next (the sample's one-day slices span 22 to 23.8 hours).
     */
    static final int FULL_DAY_HOURS = 20;

    /** The span the history fitted covers ("58 minutes (from ... to ...)") when it is under one full day, else null. */
    static String subDay(java.time.Instant first, java.time.Instant last) {
        if (first == null || last == null) {
            return null;
        }
        java.time.Duration d = java.time.Duration.between(first, last);
        if (d.compareTo(java.time.Duration.ofHours(FULL_DAY_HOURS)) >= 0) {
            return null;
        }
        long minutes = d.toMinutes();
        String span = minutes < 120 ? minutes + " minute(s)" : String.format(java.util.Locale.ROOT, "%.1f hours", minutes / 60.0);
        return span + " (from " + first + " to " + last + ")";
    }

    /** The JSON keys of this report: an analyze note on any other figure is left out of its warnings. */
    static final java.util.Set<String> OWN_KEYS = java.util.Set.of("scope", "as_of", "daily", "forecast",
            "month_to_date_usd", "forecast_total_usd", "backtest_mape", "coverage80", "coverage95", "alerts",
            "forecast_total_interval", "period_start", "period_end", "burn_rate_usd_per_day", "method", "weekly", "monthly",
            "scopes", "warnings", "cumulative", "webhook");
    /** A note on a figure: its key path, then "is null" or "are null" (e.g. "latency_ms.p50, p95 ... are null: ..."). */
    static final java.util.regex.Pattern FIGURE_NOTE =
            java.util.regex.Pattern.compile("^([a-z][a-z0-9_]*)[ .:].*?\\b(?:is|are) null\\b.*", java.util.regex.Pattern.DOTALL);

    static boolean concernsThisReport(String warning) {
        if (warning.startsWith("groups by ")) {
            return false; // analyze's group tables: this report has none (its warning on unpriced requests says it all)
        }
        java.util.regex.Matcher m = FIGURE_NOTE.matcher(warning);
        return !m.matches() || OWN_KEYS.contains(m.group(1));
    }

    /**
     * The notes on the main scope's fit: why backtest figures are null or what they leave out or include (the days
     * after spend stopped, forecasts made across a level shift), the level shifts found, and the fit's own notes.
     * Without {@code forecastShown} (the forecast figures are null) only the backtest's: the rest describe bands,
     * bounds and a forecast the report does not have.
     */
    static void onTheFit(ScopeForecast f, int holdout, List<String> warnings, boolean forecastShown) {
        long withData = java.util.Arrays.stream(f.y).filter(v -> v != 0).count();
        if (f.backtest.leftOutStoppedDays()) {
            // a percentage error against ~$0, or a band no forecast made before a stop could hold, measures
            // nothing (review r10 #6: s2's MAPE of 26,194%)
            int stop = f.backtest.stoppedFrom(), leftOut = Math.max(stop, f.y.length - holdout), kept = leftOut - (f.y.length - holdout);
            warnings.add((f.backtest.coverage80() == null ? "backtest_mape, coverage80 and coverage95 are null: they"
                    : "backtest_mape, coverage80 and coverage95") + " leave out the held-out days from "
                    + f.first.plusDays(leftOut) + " to " + f.last + ": spend stopped on " + f.first.plusDays(stop)
                    + " (see the notes on it), and an error against ~$0 of spend, or a band no forecast made "
                    + "before a stop could hold, measures nothing about the forecast; "
                    + (kept > 0 ? "they are measured on the " + kept + " held-out day(s) before it" : "no held-out day is left before it"));
        } else if (f.backtest.coverage80() == null) {
            warnings.add("backtest_mape, coverage80 and coverage95 are null: a backtest over the last " + holdout
                    + " days needs " + (holdout + 2 * Forecaster.WEEK) + " days of history, the series has "
                    + f.y.length + " (" + withData + " of them with spend)");
        } else if (f.backtest.mape() == null) {
            warnings.add("backtest_mape is null: none of the last " + holdout + " days has any spend to measure "
                    + "a percentage error against, so only coverage80 and coverage95 are measured (the series "
                    + "has " + f.y.length + " days, " + withData + " of them with spend)");
        }
        if (!forecastShown) {
            return;
        }
        int[] shifts = f.prediction.levelShifts();
        if (shifts.length > 0) {
            warnings.add("the daily spend shifted level on " + java.util.Arrays.stream(shifts)
                    .mapToObj(i -> f.first.plusDays(i).toString()).collect(java.util.stream.Collectors.joining(", "))
                    + ": the fit moves the days before each shift to the level after it, and the intervals are "
                    + "calibrated without the forecasts that ran across a shift or began within a week after it; "
                    + "daily bands assume no further shift, period totals allow for another of a size seen, as "
                    + "often as the history had them");
        }
        if (f.sparseRaised) {
            int left = f.points.size();
            warnings.add(Dollars.format("the log has spend on few days (%d of the last %d): "
                    + "forecast_total_interval's lower bounds are at least what the %d days left hold at that share (a "
                    + "beta-binomial): %d day(s) with spend at 95%%, %d at 80%%, each at the least a recent such day spent "
                    + "($%.2f), a period total of $%.2f and $%.2f. The fit's own errors on a series mostly $0 are few and "
                    + "lumpy (at 95%%, their tail is the largest shortfall seen) and gave lower bounds below these; no "
                    + "request in the days left is a chance of %.1f%% at that share", f.sparse.withSpend,
                    f.sparse.window, left, f.sparse.fewestDays(left, 95), f.sparse.fewestDays(left, 80),
                    f.sparse.leastDay, f.sparseFloor95, f.sparseFloor80, 100 * f.sparse.chanceOfNone(left)));
        }
        if (f.sparseLowered) {
            int left = f.points.size();
            warnings.add(Dollars.format("the log has spend on few days (%d of the last %d): no "
                    + "request in the %d days left is a chance of %.1f%% at that share (a beta-binomial), over the 10%% "
                    + "the 80%% band leaves below it, so forecast_total_interval's lower bounds are the spend logged "
                    + "($%.6f) and each forecast day's lo80 is $0", f.sparse.withSpend, f.sparse.window, left,
                    100 * f.sparse.chanceOfNone(left), f.sparseFloor80));
        }
        int[] spikes = f.prediction.spikes();
        boolean fell = f.tail > 0 && f.tailRatio < 1;
        if (fell) {
            // days below their typical are no spikes: their own note
            int from = f.y.length - f.tail;
            spikes = java.util.Arrays.stream(spikes).filter(t -> t < from).toArray();
            warnings.add(fell(f));
        }
        if (f.prediction.burst && f.tail > 0 && !Double.isNaN(f.newLevelTotal)) {
            // a burst ending a sparse log has no weekday's typical: its own note, not the spikes'
            int from = f.y.length - f.tail;
            spikes = java.util.Arrays.stream(spikes).filter(t -> t < from).toArray();
            warnings.add(burst(f));
        }
        if (spikes.length > 0) {
            warnings.add(spikes(f, spikes));
        }
        int[] incident = f.prediction.incident;
        if (incident.length > 0) {
            warnings.add("the days " + java.util.Arrays.stream(incident).mapToObj(t -> f.first.plusDays(t).toString())
                    .collect(java.util.stream.Collectors.joining(", ")) + " spent " + (f.fit[incident[0]]
                    > SpikeRule.typical(f.fit, incident[0], f.fit.length) ? "over" : "under") + " their weekdays' typical, "
                    + "beyond the other days' spread, and spend came back after them: an incident shorter than the "
                    + "level-shift rule's week, which the fit leaves out (learned from, such days made a new level or a trend)");
        }
        if (f.prediction.endShift > 0 && !Double.isNaN(f.oldLevelTotal)) {
            int run = f.prediction.endShift;
            warnings.add(money("The last " + run + " days, " + f.last.minusDays(run - 1) + " to " + f.last + ", spent %.0f%% of "
                    + "their weekdays' typical, each beyond the other days' spread, on one side: a step too short for the "
                    + "level-shift rule's week, too long for an incident. The fit takes their level with no trend from them "
                    + "(the days before are scaled to it), and the forecast is at it ($%.2f); if spend goes back to the "
                    + "level before them, the period totals $%.2f, and forecast_total_interval's "
                    + (f.oldLevelTotal < f.periodTotal ? "lower" : "upper") + " bounds reach that",
                    100 * f.prediction.endShiftRatio, f.periodTotal, f.oldLevelTotal));
        }
        int heldFrom = f.y.length - holdout;
        int[] acrossShift = java.util.Arrays.stream(shifts).filter(s -> s > heldFrom - Forecaster.ADAPT_DAYS).toArray();
        if (acrossShift.length > 0 && f.backtest.coverage80() != null) {
            // a backtest run across a shift measures the shift, not the bands (review r10 #4: coverage80 0.38
            // beside a doubling's month interval)
            warnings.add("backtest_mape, coverage80 and coverage95 include forecasts made across the level shift "
                    + "on " + f.first.plusDays(acrossShift[0]) + ", or within a week after it (the held-out days are "
                    + f.first.plusDays(Math.max(0, heldFrom)) + " to " + f.last + "): they measure how the shift hit "
                    + "forecasts made before it, which the intervals are calibrated without (see the note on the "
                    + "shift), not how often the bands hold between shifts");
        }
        f.prediction.notes().forEach(warnings::add);
    }

    /**
     * The spike days the fit left out; a spike on the last day may as well be a new level, which nothing measures yet:
     * the note says the forecast assumes a one-off and what the period would total if it is not (review r12 #2).
     */
    static String spikes(ScopeForecast f, int[] spikes) {
        StringBuilder b = new StringBuilder(), ending = new StringBuilder();
        int largest = -1, over = 0, endDays = 0;
        double largestUp = 0;
        for (int t : spikes) {
            double typical = SpikeRule.typical(f.fit, t, f.fit.length);
            // a last day the end rule read (beyond the spread, not 2x) is named as such, not as over 2x (review r26f LOW-4)
            if (t >= f.fit.length - f.tailRun && !(f.fit[t] > (SpikeRule.SPIKE_REL + 1) * typical)) {
                ending.append(endDays++ == 0 ? "" : ", ").append(f.first.plusDays(t)).append(money(" ($%.2f)", f.fit[t]));
            } else if (over++ < 5) {
                b.append(over == 1 ? "" : ", ").append(f.first.plusDays(t)).append(money(" ($%.2f against a typical $%.2f)",
                        f.fit[t], typical));
            }
            if (f.fit[t] - typical > largestUp) {
                largest = t;
                largestUp = f.fit[t] - typical;
            }
        }
        String overNote = over == 0 ? "" : over + " day(s) spent over " + (int) (SpikeRule.SPIKE_REL + 1) + "x their weekday's "
                + "typical spend, far beyond the other days' spread, alone or in runs of at most " + SpikeRule.SPIKE_RUN_DAYS
                + " days: " + b + (over > 5 ? " and " + (over - 5) + " more" : "");
        // the end rule's run may hold a day over 2x too, named above: then these are some of the last days, not the last
        String endNote = endDays == 0 ? "" : (endDays == f.tailRun ? "the last " + endDays + " day(s), "
                : endDays + " of the last " + f.tailRun + " days, ") + ending + ", each moved beyond the other "
                + "days' spread from its typical, on one side, under " + (int) (SpikeRule.SPIKE_REL + 1) + "x it";
        String note = overNote + (over > 0 && endDays > 0 ? "; " : "") + endNote + ". The fit takes each as a one-off "
                + "spike and learns nothing from it (one spike moved the level, or made a trend, for weeks); the "
                + "intervals' upper bounds count how far it missed the forecasts made before it only up to the most a day "
                + "the rule calls ordinary spends (" + (int) (SpikeRule.SPIKE_REL + 1) + "x its typical, or "
                + (int) SpikeRule.SPIKE_K + " robust sds above it), the period total's lower bounds only how far the "
                + "spend fell short of them"
                + (largest < 0 ? "" : money(". The bounds leave out another spike like them: one more day like "
                + f.first.plusDays(largest) + " would add about $%.2f to the period total", largestUp));
        if (f.tail == 1 && !Double.isNaN(f.newLevelTotal)) {
            note += money(". The last day, " + f.last + ", is one of them (%.2fx its weekday's typical): nothing after it says whether it was a "
                    + "one-off or the start of a new level. The forecast assumes a one-off ($%.2f); if every " + daysLeftTheTailRaises(f) + " to "
                    + f.periodEnd + " spends as it did against its weekday's typical, the period totals $%.2f, and "
                    + "forecast_total_interval's upper bounds reach that", f.tailRatio, f.periodTotal, f.newLevelTotal);
        } else if (f.tailRun == 1 && !Double.isNaN(f.newLevelTotal)) {
            note += money(". The last day, " + f.last + ", is one of them: nothing after it says whether it was a one-off "
                    + "or the start of a new level. The forecast assumes a one-off; if every day to " + f.periodEnd
                    + " spends as it did, the period totals $%.2f, not $%.2f", f.newLevelTotal, f.periodTotal);
        } else if (f.tailRun > 1 && !Double.isNaN(f.newLevelTotal)) {
            // two or three points make no trend: either reading, never a line through them (review r14 #1)
            note += money(". The last " + f.tailRun + " days, " + f.last.minusDays(f.tailRun - 1) + " to " + f.last
                    + ", are of them: nothing after them says whether they were a short incident or a new level. The "
                    + "forecast assumes an incident ($%.2f); if every " + daysLeftTheTailRaises(f) + " to " + f.periodEnd + " spends as they did on "
                    + "average, the period totals $%.2f, and forecast_total_interval's upper bounds reach that",
                    f.periodTotal, f.newLevelTotal);
        }
        return note;
    }

    /** "day", or the tail's weekdays ("Saturday and Sunday") when the tail reading raises only those (see ScopeForecast#tailWeekdaysOnly). */
    private static String daysLeftTheTailRaises(ScopeForecast f) {
        if (!f.tailWeekdaysOnly) {
            return "day";
        }
        List<String> names = new ArrayList<>();
        for (int i = f.tail - 1; i >= 0; i--) {
            String name = f.last.minusDays(i).getDayOfWeek().name();
            names.add(name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT));
        }
        return names.size() == 1 ? names.get(0) : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /**
     * One to three days ending the series far below their typical: a dip (an incident, a logging gap, a team paused
     * for a day) or a new level (a fix, a cheaper model, a team gone), which nothing after them tells apart. Fed to
     * the fit they made a trend to $0 a day (review r15 #1).
     */
    static String fell(ScopeForecast f) {
        String days = f.tail == 1 ? "The last day, " + f.last + ", spent" : "The last " + f.tail + " days, "
                + f.last.minusDays(f.tail - 1) + " to " + f.last + ", spent";
        return money(days + " %.0f%% of " + (f.tail == 1 ? "its weekday's" : "their weekdays'") + " typical, below the other days' spread (each day "
                + (int) EndRun.END_RUN_K + " robust sds or more under it, " + (int) SpikeRule.SPIKE_K + " together): nothing "
                + "after them says whether spend fell to a new level (a fix, a cheaper model, a team or job stopped) or "
                + "they were a dip (an incident, a logging gap, a pause). The fit leaves them out and the forecast "
                + "takes the level before them ($%.2f); if every day to " + f.periodEnd + " spends as they did against "
                + "its weekday's typical, the period totals $%.2f, and forecast_total_interval's lower bounds reach that",
                100 * f.tailRatio, f.periodTotal, f.newLevelTotal);
    }

    /**
     * One to six last days of a log with spend on few days far above every day with spend before them (see
     * Forecaster#sparseBurst): a one-off or spend going on at that level, which nothing after them tells apart.
     */
    static String burst(ScopeForecast f) {
        int n = f.fit.length;
        double mean = 0;
        for (int t = n - f.tail; t < n; t++) {
            mean += f.fit[t] / f.tail;
        }
        // sub-cent figures in three significant digits: a sparse log's burst may be of fractions of a cent
        int silence = SpikeRule.silenceBefore(f.fit, n, f.tail);
        // after a silence of a window or more the burst is measured against the days with spend before it (r24f M4)
        String before = "the " + SparseDays.WINDOW + " days before" + (silence >= SparseDays.WINDOW ? " a silence of "
                + silence + " days" : "");
        String days = f.tail == 1 ? "The last day, " + f.last + ", spent $" + Dollars.of(mean) : "The last " + f.tail
                + " days, " + f.last.minusDays(f.tail - 1) + " to " + f.last + ", spent $" + Dollars.of(mean) + " a day";
        if (f.burstEvents) {
            int left = (int) java.time.temporal.ChronoUnit.DAYS.between(f.last, f.periodEnd);
            return days + ", more than " + (int) (SpikeRule.SPIKE_REL + 1) + "x the most and " + (int) SpikeRule.SPIKE_K
                    + "x the median that a day with spend spent in " + before + ", in a log "
                    + "with spend on few days, but in at most twice the requests such a day held: dearer requests, not "
                    + "a burst of them. The fit leaves " + (f.tail == 1 ? "it" : "them") + " out; the forecast spends "
                    + (f.tail == 1 ? "such a day" : "such days") + " on the log's share of days with spend ("
                    + Math.round(100 * f.burstShare) + "%), $" + Dollars.of(f.periodTotal) + "; if spend goes back to "
                    + "the log's rate before, the period totals $" + Dollars.of(f.burstOneOff) + ", and "
                    + "forecast_total_interval's lower bounds reach that; if " + f.burstEventDays80 + " of the " + left
                    + " days to " + f.periodEnd + " (the most at that share at 80%) spend as " + (f.tail == 1 ? "it" : "they")
                    + " did, the period totals $" + Dollars.of(f.burstEvents80) + ", and the 80% upper bound reaches that";
        }
        if (f.tail >= Forecaster.WEEK) {
            // a week or more of such days is a new level (see SpikeRule#LEVEL_DAYS), not a burst on the log's share
            return days + ", more than " + (int) (SpikeRule.SPIKE_REL + 1) + "x the most and " + (int) SpikeRule.SPIKE_K
                    + "x the median that a day with spend spent in " + before + ", in a log with spend on few days: a "
                    + "week or more of daily spend is a new level. The fit leaves these days out (too few for a trend); "
                    + "the forecast spends their level on every day to " + f.periodEnd + ", $" + Dollars.of(f.periodTotal)
                    + "; if spend goes back to the log's rate before them, the period totals $" + Dollars.of(f.burstOneOff)
                    + ", and forecast_total_interval's lower bounds reach that";
        }
        return days + ", more than " + (int) (SpikeRule.SPIKE_REL + 1) + "x the most and " + (int) SpikeRule.SPIKE_K
                + "x the median that a day with spend spent in " + before + ", in a log with "
                + "spend on few days: a burst, and nothing after it says whether it was a one-off or spend goes on at its "
                + "level. The fit leaves the burst out (one to six days make no level or trend). "
                + (Double.isNaN(f.burstOneOff) ? "The forecast takes the log's rate before it, the burst as a one-off ($"
                + Dollars.of(f.periodTotal) + ")"
                : "The forecast spends the burst's level on the log's share of days with spend ("
                + Math.round(100 * f.burstShare) + "%, as the log spends on few days), $" + Dollars.of(f.periodTotal)
                + "; if spend goes back to the log's rate before the burst, the period totals $"
                + Dollars.of(f.burstOneOff) + ", and forecast_total_interval's lower bounds reach that")
                + "; if every day to " + f.periodEnd + " spends as the burst did on average, the period totals $"
                + Dollars.of(f.newLevelTotal) + ", and forecast_total_interval's upper bounds reach that";
    }

    private static String money(String format, double... v) {
        return Dollars.format(format, java.util.Arrays.stream(v).boxed().toArray());
    }
}
