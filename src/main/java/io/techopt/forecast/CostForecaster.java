package io.techopt.forecast;

import io.techopt.core.DailySpend;
import io.techopt.core.Dimension;
import io.techopt.core.Redactor;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns an analysis (daily costs, priced exactly as analyze-logs prices them) into actuals, forecasts with 80% and
 * 95% prediction intervals, backtest errors and budget alerts, for the total and for every budgeted scope.
 */
public final class CostForecaster {
    static final double[] ACTUAL_THRESHOLDS = {0.5, 0.8, 1.0};
    /** Spend within a millionth of a cent of a threshold has reached it (sums of binary fractions fall just short). */
    private static final double EPS_USD = 1e-8;
    private static final NormalDistribution N = new NormalDistribution();
    static final double Z80 = N.inverseCumulativeProbability(0.9), Z95 = N.inverseCumulativeProbability(0.975);

    private final Horizon horizon;
    private final int holdout;
    private final List<Budgets.Budget> budgets;
    private final Dimension by;
    private final int topGroups;
    /** A lighter run before the log's body this far (in days) from the next one is left out of the series. */
    static final int OUTLIER_GAP_DAYS = 366;
    /**
     * A gap between days with data of more than this many times the log's longest other gap (and more than
     * MIN_STRAY_GAP_DAYS) splits the days into runs; a small, thin, lighter run before the body is stray: in a daily log, three silent days then one record;
     * in a log of working days (weekend gaps of 3 days), more than six.
     */
    static final int STRAY_GAP_FACTOR = 2, MIN_STRAY_GAP_DAYS = 3;
    /** --until may run this many times the typical spacing (at least MIN_FAR_GAP_DAYS) past the last day with data. */
    static final int FAR_GAP_FACTOR = 28, MIN_FAR_GAP_DAYS = 14;
    /** A run before such a gap is small when it has at most this many days with data (or a tenth of the rest). */
    static final int SMALL_RUN_DAYS = 2;
    /** Ten years of days: longer series are refused (the fit is linear in their length, per origin). */
    static final int MAX_SERIES_DAYS = 3660;
    /**
     * Above this share of requests of models without a price the forecast figures are null: the priced part of such a
     * log is a sliver of its traffic, and its forecast read as the spend forecast would mislead (the same 5% as
     * ab-report's rule for a variant's cost). At or below it the priced part is forecast, with a note.
     */
    static final double MAX_UNPRICED_SHARE = 0.05;
    // (measured on requests and estimated spend over the fit's last FIT_WINDOW_DAYS and on spend over the last RECENT_DAYS: see mostlyUnpriced)

    /** Set by the last forecast: its figures are null (under a day of history, or mostly unpriced), so alerts of kind forecast were not evaluated. */
    private boolean notEvaluated;

    /** Why the last forecast's figures are null, in a few words for a headline (null: they are not). */
    private String nullReason;

    public String nullReason() {
        return nullReason;
    }

    /** True when the last forecast's figures are null and its alerts of kind forecast were not evaluated (the warnings say why). */
    public boolean forecastAlertsNotEvaluated() {
        return notEvaluated;
    }

    /** @param by also forecast each value of this dimension (its top groups by cost); null for none */
    public CostForecaster(Horizon horizon, int holdout, List<Budgets.Budget> budgets, Dimension by, int topGroups) {
        this.horizon = horizon;
        this.holdout = holdout;
        this.budgets = budgets;
        this.by = by;
        this.topGroups = topGroups;
    }

    /** The groupings the analysis must carry: day, then day + each budgeted dimension and the --by one. */
    public static List<List<Dimension>> groupBys(List<Budgets.Budget> budgets, Dimension by) {
        List<List<Dimension>> out = new ArrayList<>();
        out.add(List.of(Dimension.DAY));
        java.util.LinkedHashSet<Dimension> dims = new java.util.LinkedHashSet<>();
        budgets.stream().map(Budgets.Budget::dimension).filter(d -> d != null).forEach(d -> dims.add(Dimension.parse(d)));
        if (by != null) {
            dims.add(by);
        }
        dims.forEach(d -> out.add(List.of(Dimension.DAY, d)));
        return out;
    }

    /** @param asOf the last day of data to use (null: the last day the log has) */
    public ForecastResult forecast(DailySpend a, LocalDate asOf) {
        return forecast(a, asOf, null, null);
    }

    /**
     * @param firstRequestFrom the first request on or after a day (ISO-8601 instant; null: unknown), to measure the
     *                         span of the days fitted (a stray day left out before them does not widen it)
     * @param lastRequest      the log's last request: a history spanning under {@link #FULL_DAY_HOURS} hours forecasts nothing
     */
    public ForecastResult forecast(DailySpend a, LocalDate asOf, java.util.function.Function<LocalDate, String> firstRequestFrom,
                                   String lastRequest) {
        // analyze's notes on figures cost-forecast does not report (exact_repeat_rate, latency_ms, savings...) would
        // explain keys this report does not have: keep its other warnings and the notes on keys it does have
        List<String> warnings = new ArrayList<>(a.warnings().stream().filter(CostForecaster::concernsThisReport).toList());
        notEvaluated = false;
        long unpricedRequests = a.unpricedModels() == null ? 0
                : a.unpricedModels().stream().mapToLong(DailySpend.Unpriced::requests).sum();
        if (a.requests() > 0 && unpricedRequests >= a.requests()) {
            // every request unpriced: a $0 forecast with perfect coverage would be a figure nobody measured
            throw new IllegalArgumentException("no priced requests to forecast from: all " + a.requests() + " requests are of "
                    + "models without a price (" + unpricedList(a) + "); price them with --prices FILE (see README, "
                    + "\"Prices\")");
        }
        double unpricedShare = a.requests() == 0 ? 0 : (double) unpricedRequests / a.requests();
        // the per-day rows, not analyze's daily list: that one is summarised by week or month over long ranges
        Map<LocalDate, Double> byDay = new TreeMap<>();
        Map<LocalDate, Long> requestsByDay = new TreeMap<>();
        for (DailySpend.Row r : a.rows()) {
            if (r.dimension() == null) {
                byDay.merge(r.day(), r.costUsd(), Double::sum);
                requestsByDay.merge(r.day(), r.requests(), Long::sum);
            }
        }
        if (byDay.isEmpty()) {
            throw new IllegalArgumentException("no priced requests to forecast from");
        }
        List<LocalDate> dataDays = new ArrayList<>(byDay.keySet());
        // days far outside the log's own range (a record dated 2126 or year 1, or one stray record a month after a
        // month of daily data) must not set the calendar: split the days with data at gaps that are long against
        // the log's own spacing, and leave out small runs at either end
        long spacing = medianGap(dataDays);
        long farGap = Math.max(MIN_FAR_GAP_DAYS, FAR_GAP_FACTOR * spacing);
        long strayGap = Math.max(MIN_STRAY_GAP_DAYS, STRAY_GAP_FACTOR * secondLongestGap(dataDays));
        List<int[]> runs = new ArrayList<>(); // [first index, last index] of days with data, split at far gaps
        int start = 0;
        for (int i = 1; i <= dataDays.size(); i++) {
            if (i == dataDays.size() || ChronoUnit.DAYS.between(dataDays.get(i - 1), dataDays.get(i)) > strayGap) {
                runs.add(new int[]{start, i - 1});
                start = i;
            }
        }
        // the latest day with requests sets "as of" (ingest makes timestamps after tomorrow or before 2020 bad
        // lines), so a run after a long gap is never left out: its spend is the month's the budget gate must see
        LocalDate asOfDay = asOf != null ? asOf : dataDays.get(dataDays.size() - 1);
        LocalDate next = asOfDay.plusDays(1);
        LocalDate evaluatedFrom = java.util.Collections.min(List.of(next.withDayOfMonth(1), horizon.periodStart(next)));
        int ra = 0, rb = runs.size() - 1;
        // a run before the body is left out of the fitted series only when it is lighter than the rest (fewer
        // requests and less spend) and lies before the month evaluated: a stray, never heavy or this month's spend
        while (ra < rb && isOutlierRun(dataDays, runs, ra, runs.get(ra)[1], runs.get(ra + 1)[0], runs.get(rb)[1] - runs.get(ra)[1])
                && lighter(dataDays, runs.get(ra), runs.get(ra + 1)[0], runs.get(rb)[1], requestsByDay, byDay)
                && dataDays.get(runs.get(ra)[1]).isBefore(evaluatedFrom)
                && (yearAway(dataDays, runs.get(ra)[1], runs.get(ra + 1)[0])
                || isThin(dataDays, runs.get(ra), runs.get(ra + 1)[0], runs.get(rb)[1], byDay, requestsByDay))) {
            ra++;
        }
        List<String> gapWarnings = new ArrayList<>();
        List<LocalDate[]> gaps = new ArrayList<>();
        for (int r = ra + 1; r <= rb; r++) {
            // a run kept after a long gap: name the silent days it leaves at zero (unless they are an outage, below)
            LocalDate before = dataDays.get(runs.get(r - 1)[1]), after = dataDays.get(runs.get(r)[0]);
            gaps.add(new LocalDate[]{before.plusDays(1), after.minusDays(1)});
            gapWarnings.add("no requests for " + (ChronoUnit.DAYS.between(before, after) - 1) + " day(s) from "
                    + before.plusDays(1) + " to " + after.minusDays(1) + " (a gap of more than " + strayGap
                    + " days, over twice the log's longest other gap): they count as zero spend, and the days from " + after
                    + " on are kept" + (r == rb ? ", the last of them setting as of" : "") + " (only a run before the "
                    + "log's body that is lighter than the rest and lies before the month evaluated is left out)");
        }
        int lo = runs.get(ra)[0], hi = runs.get(rb)[1];
        // the last day with requests before the silence the last run follows (null: no such silence): the months from
        // its month until the one evaluated may hold an overrun that "as of" moving past them would hide
        LocalDate beforeSilence = rb > ra ? dataDays.get(runs.get(rb - 1)[1]) : null;
        int outliers = lo;
        List<String> excluded = dataDays.subList(0, lo).stream().map(LocalDate::toString).toList();
        if (outliers > 0) {
            // analyze's note on far-away days says they count in every total: here some do not, and excluded_days names them
            warnings.replaceAll(w -> w.replace("They count in every total (they are real requests)", "They are real "
                    + "requests: analyze counts them in every total; here, those in excluded_days are left out of the series"));
            warnings.add(outliers + " day(s) of requests before the log's body are left out of the fitted series and of "
                    + "daily, weekly and monthly: "
                    + String.join(", ", excluded.subList(0, Math.min(5, excluded.size())))
                    + (outliers > 5 ? " and " + (outliers - 5) + " more" : "")
                    + " (excluded_days lists them all). They lie before the month evaluated, beyond a gap of more than "
                    + (yearAway(dataDays, lo - 1, lo) ? OUTLIER_GAP_DAYS + " days" : strayGap + " days (over twice the "
                    + "log's longest other gap) and are few and thin")
                    + ", with fewer requests and less spend than the rest; analyze and --focus-csv still count them");
        }
        LocalDate first = dataDays.get(lo);
        LocalDate last = asOf != null ? asOf : dataDays.get(hi);
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("--until is before the first request in the log");
        }
        long span = ChronoUnit.DAYS.between(first, last) + 1;
        if (span > MAX_SERIES_DAYS) {
            throw new IllegalArgumentException("the daily series would run " + span + " days (" + first + " to " + last
                    + "), more than the " + MAX_SERIES_DAYS + " a forecast fits: check the log's timestamps, or narrow it "
                    + "with --since/--until");
        }
        LocalDate lastData = null;
        for (int i = lo; i <= hi && !dataDays.get(i).isAfter(last); i++) {
            lastData = dataDays.get(i);
        }
        long emptyTail = ChronoUnit.DAYS.between(lastData, last);
        if (emptyTail > farGap) {
            // zero spend for days the log never saw would hide every alert (and --fail-on-alert with them)
            throw new IllegalArgumentException("--until " + last.plusDays(1) + " lies " + emptyTail + " days after the log's "
                    + "last day with requests (" + lastData + "): those days would count as zero spend. Use --until "
                    + lastData.plusDays(1) + " (or at most " + farGap + " days later)");
        }
        String mostlyUnpriced = unpricedRequests == 0 ? null : mostlyUnpriced(a, unpricedRequests, unpricedShare, last, warnings);
        // days without any request inside the series, on weekdays the log has requests on in its other weeks: an outage
        Outage read = outage(first, last, lastData, requestsByDay, byDay, a.hours(), horizon.periodStart(last.plusDays(1)), warnings);
        double[] outage = read.factor();
        if (emptyTail > 0) {
            // silent days at the end are unknown as those inside are (review h12d #1): the same rule reads them
            // which of them the rule reads as missing: a working-days log's weekend in the tail is zero spend as every
            // weekend is, and the note must not call it part of the outage (review r10 #3)
            int missingTail = 0;
            LocalDate fromMissing = null, toMissing = null;
            for (LocalDate d = lastData.plusDays(1); !d.isAfter(last); d = d.plusDays(1)) {
                if (Double.isNaN(outage[(int) ChronoUnit.DAYS.between(first, d)])) {
                    missingTail++;
                    fromMissing = fromMissing == null ? d : fromMissing;
                    toMissing = d;
                }
            }
            String asOutage = "read like a silence inside the log, as a logging outage (missing, not zero spend), so the "
                    + "forecast runs through them and the period total adds their forecast. If spend really stopped on "
                    + lastData.plusDays(1) + " (a shutdown, not a logging gap), the forecast figures overstate it; the "
                    + "spend logged (month_to_date_usd, daily) is what is known";
            warnings.add("the last " + emptyTail + " day(s) before as of " + last + " have no requests (the last day with "
                    + "requests is " + lastData + ")" + (missingTail == emptyTail ? ": " + asOutage
                    : missingTail > 0 ? ": " + (emptyTail - missingTail) + " of them, on weekdays the log is usually quiet "
                    + "on, count as zero spend; the other " + missingTail + " (" + fromMissing + " to " + toMissing + ") are "
                    + asOutage.replace("the forecast runs through them", "the forecast runs through those")
                    : warnings.stream().anyMatch(w -> w.contains("spend may have stopped"))
                    ? ": they count as zero spend (spend may have stopped: see the note on the silence before them)"
                    : ": they count as zero spend (quiet days are usual in this log, or on those weekdays)"));
        }
        for (int g = 0; g < gaps.size(); g++) {
            // a gap the outage rule reads in part as missing says which of its days count as zero spend: "they count
            // as zero spend" beside "a logging outage" for the same days contradicted it (review h12d #11)
            int missingDays = 0, days = 0;
            for (LocalDate d = gaps.get(g)[0]; !d.isAfter(gaps.get(g)[1]); d = d.plusDays(1)) {
                days++;
                missingDays += Double.isNaN(outage[(int) ChronoUnit.DAYS.between(first, d)]) ? 1 : 0;
            }
            if (missingDays == 0) {
                warnings.add(gapWarnings.get(g));
            } else if (missingDays < days) {
                warnings.add(gapWarnings.get(g).replace("they count as zero spend", (days - missingDays) + " of them, on "
                        + "weekdays the log is usually quiet on, count as zero spend, the other " + missingDays + " are the "
                        + "logging outage named in another note (missing, not zero spend)"));
            }
        }
        // a first or last day the log covers only part of is not a day's spend: scale it to a full day for the fit
        double[] edge = edgeShares(a.hours(), first, last, lastData.equals(last), warnings);
        final LocalDate from = first, to = last;
        java.util.function.Predicate<LocalDate> inRange = d -> !d.isBefore(from) && !d.isAfter(to);
        Map<String, Map<LocalDate, Double>> byScope = new LinkedHashMap<>();
        Map<LocalDate, Double> total = new TreeMap<>();
        byDay.forEach((d, usd) -> {
            if (inRange.test(d)) {
                total.merge(d, usd, Double::sum);
            }
        });
        byScope.put("total", total);
        for (Budgets.Budget b : budgets) {
            if (b.dimension() == null) {
                continue;
            }
            Map<LocalDate, Double> s = new TreeMap<>();
            String shown = Redactor.redact(b.value()); // group keys are redacted the same way
            for (DailySpend.Row r : a.rows()) {
                if (r.dimension() != null && r.dimension().id().equals(b.dimension()) && shown.equals(r.group())) {
                    s.merge(r.day(), r.costUsd(), Double::sum);
                }
            }
            if (s.isEmpty()) {
                warnings.add("budget scope '" + Redactor.redact(b.scope()) + "' has no requests in the log");
            }
            byScope.put(b.scope(), s);
        }
        if (by != null) {
            Map<String, Map<LocalDate, Double>> groups = new LinkedHashMap<>();
            Map<String, Double> totals = new java.util.HashMap<>();
            // a model without a price has an unknown cost, never a $0 forecast
            java.util.Set<String> unpricedModels = new java.util.TreeSet<>();
            a.unpricedModels().forEach(u -> unpricedModels.add(Redactor.redact(u.model())));
            java.util.Set<String> leftOut = new java.util.TreeSet<>();
            for (DailySpend.Row r : a.rows()) {
                if (r.dimension() == by) {
                    if (by == Dimension.MODEL && unpricedModels.contains(r.group())) {
                        leftOut.add(r.group());
                        continue;
                    }
                    String scope = by.id() + ":" + r.group();
                    groups.computeIfAbsent(scope, k -> new TreeMap<>()).merge(r.day(), r.costUsd(), Double::sum);
                    totals.merge(scope, r.costUsd(), Double::sum);
                }
            }
            groups.entrySet().stream().sorted((x, z) -> Double.compare(totals.get(z.getKey()), totals.get(x.getKey())))
                    .limit(topGroups).forEach(e -> byScope.putIfAbsent(e.getKey(), e.getValue()));
            if (!leftOut.isEmpty()) {
                warnings.add("--by model: " + String.join(", ", leftOut) + " not forecast: no price, so its cost is unknown, not $0 "
                        + "(add it with --prices FILE)");
            }
        }
        List<ForecastResult.Alert> alerts = new ArrayList<>();
        List<ForecastResult.ScopeSummary> summaries = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        ScopeForecast main = null;
        for (var e : byScope.entrySet()) {
            double[] y = dense(e.getValue(), first, last);
            ScopeForecast f = new ScopeForecast(e.getKey(), y, outage, read.stoppedFrom(), edge, first, last);
            Double budget = budgets.stream().filter(b -> b.scope().equals(e.getKey())).map(Budgets.Budget::monthlyUsd)
                    .findFirst().orElse(null);
            if (budget != null) {
                alerts.addAll(f.alerts(budget, beforeSilence));
            }
            if (!f.prediction.spreadMeasured()) {
                unmeasured.add(Redactor.redact(e.getKey()));
            }
            summaries.add(new ForecastResult.ScopeSummary(Redactor.redact(e.getKey()), budget, f.monthToDate(),
                    f.periodTotal, f.periodInterval, f.backtest.mape(), f.backtest.coverage80(), f.backtest.coverage95(),
                    f.prediction.describe()));
            if (main == null) {
                main = f;
                warnings.addAll(f.earlierOutageNotes(last.plusDays(1).withDayOfMonth(1), beforeSilence));
                long withData = java.util.Arrays.stream(f.y).filter(v -> v != 0).count();
                if (f.backtest.leftOutStoppedDays()) {
                    // a percentage error against ~$0, or a band no forecast made before a stop could hold, measures
                    // nothing (review r10 #6: s2's MAPE of 26,194%)
                    int stop = f.backtest.stoppedFrom(), leftOut = Math.max(stop, f.y.length - holdout), kept = leftOut - (f.y.length - holdout);
                    warnings.add((f.backtest.coverage80() == null ? "backtest_mape, coverage80 and coverage95 are null: they"
                            : "backtest_mape, coverage80 and coverage95") + " leave out the held-out days from "
                            + first.plusDays(leftOut) + " to " + last + ": spend stopped on " + first.plusDays(stop)
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
                int[] shifts = f.prediction.levelShifts();
                if (shifts.length > 0) {
                    warnings.add("the daily spend shifted level on " + java.util.Arrays.stream(shifts)
                            .mapToObj(i -> first.plusDays(i).toString()).collect(java.util.stream.Collectors.joining(", "))
                            + ": the fit moves the days before each shift to the level after it, and the intervals are "
                            + "calibrated without the forecasts that ran across a shift or began within a week after it; "
                            + "daily bands assume no further shift, period totals allow for another of a size seen, as "
                            + "often as the history had them");
                }
                f.prediction.notes().forEach(warnings::add);
            }
        }
        if (!unmeasured.isEmpty()) {
            boolean totalToo = unmeasured.get(0).equals(summaries.get(0).scope());
            warnings.add("lo80, hi80, lo95 and hi95 are null" + (totalToo ? " in forecast, forecast_total_interval and "
                    + "cumulative (lo80, hi80), and" : "") + " in the forecast_total_interval of scopes "
                    + String.join(", ", unmeasured) + ": the fit leaves no residual spread to measure an interval from "
                    + "(the series has " + (ChronoUnit.DAYS.between(first, last) + 1) + " day(s); a line through "
                    + LinearTrend.PARAMETERS + " days or fewer fits them exactly, or the spend never varies) and "
                    + "there are too few out-of-sample errors to calibrate on (that needs more than " + 2 * Forecaster.WEEK
                    + " days; a backtest " + (holdout + 2 * Forecaster.WEEK) + "). Budget "
                    + "alerts of kind forecast fire on the central forecast instead of its 80% upper bound");
        }
        List<String> unbudgeted = summaries.stream().filter(x -> x.budgetUsd() == null).map(ForecastResult.ScopeSummary::scope).toList();
        if (!unbudgeted.isEmpty()) {
            warnings.add("scopes: budget_usd is null for " + String.join(", ", unbudgeted) + ": no budget was given for "
                    + (unbudgeted.size() == 1 ? "it" : "them") + " (--budget)");
        }
        warnings.add("cumulative: actual_usd is null on forecast days; forecast_usd, lo80 and hi80 are null on days with actuals");
        boolean replay = warnings.stream().anyMatch(w -> w.contains("timestamps are offsets in ms from the start of a replay trace"));
        if (replay) {
            warnings.add("the log's dates are replay offsets anchored at an invented start, not real dates: as_of, "
                    + "period_start, period_end and the month forecast are those of the anchor (pass --since DATE, the "
                    + "trace's real start, to forecast its real month)");
        }
        // the span of the days fitted: a stray day left out before them must not make an hour look like a day
        String covered = subDay(firstRequestFrom == null ? null : firstRequestFrom.apply(first), lastRequest);
        String why = covered != null ? "the log covers " + covered + ", less than one full day (under " + FULL_DAY_HOURS
                + " hours), so no day's spend is measured whole and a forecast from it would be a guess; month_to_date_usd "
                + "and daily are the spend actually logged"
                : mostlyUnpriced != null ? mostlyUnpriced + ", so the priced requests are too small a part of the traffic "
                + "for their forecast to stand for its spend; month_to_date_usd, daily, weekly and monthly are the priced "
                + "spend actually logged, a lower bound. Price those models with --prices FILE (see README, \"Prices\") "
                + "to forecast the whole"
                : null;
        nullReason = covered != null ? "less than one full day of data" : mostlyUnpriced != null
                ? "more than " + Math.round(100 * MAX_UNPRICED_SHARE) + "% of the recent log (its requests or its estimated spend) is of models without a price; see the notes" : null;
        if (why != null) {
            // a partial day, or a sliver of the traffic, is not the spend: a forecast from it would be a guess shown as a figure
            notEvaluated = true;
            warnings.removeIf(w -> w.startsWith("lo80, hi80, lo95 and hi95 are null")
                    || covered != null && (w.startsWith("the log's first day, ") || w.startsWith("the log's last day, ")));
            warnings.add("forecast_total_usd, burn_rate_usd_per_day and the bounds lo80, hi80, lo95 and hi95 are null "
                    + "in forecast_total_interval, in scopes too, and forecast is empty: " + why + ". Budget alerts of kind "
                    + "forecast are not evaluated");
            List<ForecastResult.ScopeSummary> partial = summaries.stream().map(x -> new ForecastResult.ScopeSummary(
                    x.scope(), x.budgetUsd(), x.monthToDateUsd(), null, ForecastResult.Interval.UNMEASURED,
                    x.backtestMape(), x.coverage80(), x.coverage95(), x.method())).toList();
            return new ForecastResult("total", last.toString(), main.days(), List.of(), main.monthToDate(),
                    null, main.backtest.mape(), main.backtest.coverage80(), main.backtest.coverage95(),
                    alerts.stream().filter(x -> !"forecast".equals(x.kind())).toList(), ForecastResult.Interval.UNMEASURED,
                    main.periodStart.toString(), main.periodEnd.toString(), null, main.prediction.describe(), main.weeks(),
                    main.months(), partial, warnings, main.cumulative().stream().filter(c -> c.actualUsd() != null).toList(),
                    null, excluded);
        }
        return new ForecastResult("total", last.toString(), main.days(), main.points, main.monthToDate(),
                main.periodTotal, main.backtest.mape(), main.backtest.coverage80(), main.backtest.coverage95(), alerts, main.periodInterval, main.periodStart.toString(),
                main.periodEnd.toString(), main.burnRate(), main.prediction.describe(), main.weeks(), main.months(),
                summaries, warnings, main.cumulative(), null, excluded);
    }

    /**
     * A log spanning fewer hours than this covers less than one full day: a day of real traffic runs from within an
     * hour or two of midnight to within an hour or two of the next (the sample's one-day slices span 22 to 23.8 hours).
     */
    static final int FULL_DAY_HOURS = 20;

    /** The span the history fitted covers ("58 minutes (from ... to ...)") when it is under one full day, else null. */
    private static String subDay(String first, String last) {
        if (first == null || last == null) {
            return null;
        }
        try {
            java.time.Instant from = java.time.Instant.parse(first), to = java.time.Instant.parse(last);
            java.time.Duration d = java.time.Duration.between(from, to);
            if (d.compareTo(java.time.Duration.ofHours(FULL_DAY_HOURS)) >= 0) {
                return null;
            }
            long minutes = d.toMinutes();
            String span = minutes < 120 ? minutes + " minute(s)" : String.format(java.util.Locale.ROOT, "%.1f hours", minutes / 60.0);
            return span + " (from " + first + " to " + last + ")";
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The JSON keys of this report: an analyze note on any other figure is left out of its warnings. */
    private static final java.util.Set<String> OWN_KEYS = java.util.Set.of("scope", "as_of", "daily", "forecast",
            "month_to_date_usd", "forecast_total_usd", "backtest_mape", "coverage80", "coverage95", "alerts",
            "forecast_total_interval", "period_start", "period_end", "burn_rate_usd_per_day", "method", "weekly", "monthly",
            "scopes", "warnings", "cumulative", "webhook");
    /** A note on a figure: its key path, then "is null" or "are null" (e.g. "latency_ms.p50, p95 ... are null: ..."). */
    private static final java.util.regex.Pattern FIGURE_NOTE =
            java.util.regex.Pattern.compile("^([a-z][a-z0-9_]*)[ .:].*?\\b(?:is|are) null\\b.*", java.util.regex.Pattern.DOTALL);

    static boolean concernsThisReport(String warning) {
        if (warning.startsWith("groups by ")) {
            return false; // analyze's group tables: this report has none (its warning on unpriced requests says it all)
        }
        java.util.regex.Matcher m = FIGURE_NOTE.matcher(warning);
        return !m.matches() || OWN_KEYS.contains(m.group(1));
    }

    /**
     * A day without any request inside the series is an outage (missing, not zero spend) when the log has requests on
     * at least this share of the same weekdays outside its silent run, and on at least OUTAGE_MIN_WEEKDAYS of them: a
     * daily log that goes quiet for days stopped logging; a working-days log is quiet every weekend, and a sparse
     * log's quiet days are its usual pattern.
     */
    static final double OUTAGE_WEEKDAY_SHARE = 0.75;
    /**
     * A silence is an outage only when the log's own share q of days without requests (outside it, on the weekdays
     * it has requests on) makes a run of its length L somewhere in a log of its length unlikely: under this chance
     * ({@link #chanceOfARunSomewhere}). A daily log (q = 0) has outages of one day; a 75-day log quiet one day in five
     * needs six silent days in a row (a run of 4 comes one time in ten, q^4 alone would say 0.16%).
     */
    static final double OUTAGE_CHANCE = 0.01;
    static final int OUTAGE_MIN_WEEKDAYS = 2;

    /**
     * The chance that {@code trials} independent days, each quiet with chance q, hold a run of at least
     * {@code length} quiet days somewhere (the longest-run scan statistic), by the exact recursion over the length of
     * the quiet run the sequence ends in.
     */
    static double chanceOfARunSomewhere(double q, int length, int trials) {
        if (length <= 0) {
            return 1;
        }
        if (q <= 0 || length > trials) {
            return 0;
        }
        double[] run = new double[length]; // chance of no run of `length` yet and a trailing quiet run of k days
        run[0] = 1;
        for (int t = 0; t < trials; t++) {
            double none = 0;
            for (int k = length - 1; k >= 0; k--) {
                none += run[k];
            }
            for (int k = length - 1; k >= 1; k--) {
                run[k] = q * run[k - 1];
            }
            run[0] = (1 - q) * none;
        }
        double survive = 0;
        for (double v : run) {
            survive += v;
        }
        return Math.min(1, Math.max(0, 1 - survive));
    }

    /**
     * Per day of the series [first, last], what the fit multiplies its spend by: NaN (a missing value) for the days
     * without any request (not days of requests that cost nothing) strictly between the first day and the last day
     * with requests, on weekdays the log has requests on in its other weeks; for a day next to such a run that the
     * outage cut short (the hours it misses held more than PARTIAL_DAY_SHARE of a full day's spend), 1 / (1 - that
     * share), as a partial first or last day is filled in (missing when it would miss more than MAX_MISSING_SHARE);
     * 1 for every other day. Says so in a warning.
     */
    private static Outage outage(LocalDate first, LocalDate last, LocalDate lastData, Map<LocalDate, Long> requestsByDay,
                                    Map<LocalDate, Double> costByDay, List<DailySpend.Hour> hours, LocalDate periodStart,
                                    List<String> warnings) {
        int n = (int) ChronoUnit.DAYS.between(first, last) + 1, end = (int) ChronoUnit.DAYS.between(first, lastData);
        boolean[] has = new boolean[n], missing = new boolean[n];
        double[] factor = new double[n];
        java.util.Arrays.fill(factor, 1);
        int stopped = n; // the first day of a silence read as spend stopped (n: none)
        for (int i = 0; i < n; i++) {
            has[i] = requestsByDay.getOrDefault(first.plusDays(i), 0L) > 0;
        }
        List<int[]> runs = new ArrayList<>();
        // the silent days after the last day with requests (an --until past it) are read by the same rule as those
        // inside: unknown, not $0, on weekdays the log has requests on (review h12d #1)
        for (int i = 1; i < n; ) {
            if (has[i]) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && !has[j]) {
                j++;
            }
            // a log with quiet days of its own (a sparse log) has runs of them by chance: a silence is an outage only
            // when a run this long would come by chance ANYWHERE in a log this long, at the log's own share of quiet
            // days, less than OUTAGE_CHANCE of the time (a scan statistic: at one position the chance is q^L, but a
            // 75-day log at q = 0.2 holds a run of 4 somewhere one time in ten). Counted on the weekdays the log has
            // requests on (a working-days log's weekends are its pattern, not chance quiet days), outside the
            // silence (review h12d #7)
            int[] withOn = new int[7], totalOn = new int[7];
            int horizonEnd = Math.max(end, j - 1);
            for (int e = 0; e <= end; e++) {
                if (e < i || e >= j) {
                    totalOn[e % 7]++;
                    withOn[e % 7] += has[e] ? 1 : 0;
                }
            }
            boolean[] active = new boolean[7];
            for (int w = 0; w < 7; w++) {
                active[w] = totalOn[w] > 0 && withOn[w] >= OUTAGE_WEEKDAY_SHARE * totalOn[w];
            }
            int quiet = 0, seen = 0, length = 0, trials = 0;
            for (int e = 0; e <= horizonEnd; e++) {
                if (!active[e % 7]) {
                    continue;
                }
                trials++;
                if (e >= i && e < j) {
                    length++;
                } else if (e <= end) {
                    seen++;
                    quiet += has[e] ? 0 : 1;
                }
            }
            double chance = seen == 0 || length == 0 ? 1 : chanceOfARunSomewhere((double) quiet / seen, length, trials);
            if (chance >= OUTAGE_CHANCE) {
                i = j;
                continue;
            }
            for (int d = i; d < j; d++) {
                int total = 0, with = 0;
                for (int e = d % 7; e <= end; e += 7) {
                    if (e < i || e >= j) {
                        total++;
                        with += has[e] ? 1 : 0;
                    }
                }
                missing[d] = total >= OUTAGE_MIN_WEEKDAYS && with >= OUTAGE_WEEKDAY_SHARE * total;
                if (missing[d] && (runs.isEmpty() || runs.get(runs.size() - 1)[1] != d - 1)) {
                    runs.add(new int[]{d, d});
                } else if (missing[d]) {
                    runs.get(runs.size() - 1)[1] = d;
                }
            }
            i = j;
        }
        if (runs.isEmpty()) {
            return new Outage(factor, stopped);
        }
        double[] profile = hourProfile(hours, first, last);
        // the last silence inside the log (before its last day with requests; a silent tail before --until may follow)
        int inside = runs.size() - 1;
        while (inside >= 0 && runs.get(inside)[1] >= end) {
            inside--;
        }
        if (inside >= 0) {
            // the days after that silence, from the first with requests to the last: spend may have stopped (a
            // shutdown, then a stray or health-check request) rather than logging when they hold under a quarter of a
            // usual day's spend for the hours they cover AND the hours they cover are evidence: a usual day's traffic
            // over them would show that little spend under OUTAGE_CHANCE of the time (Poisson, in requests of a usual
            // day's average cost). A last day covering only its first minutes after a dark spell (review h12d #5) is
            // no evidence: one usual request is expected there. Then that silence, and a silent tail after it, are zero
            // spend (review h12d #6)
            int[] silence = runs.get(inside);
            int resume = silence[1] + 1;
            while (resume < end && !has[resume]) {
                resume++;
            }
            double after = 0, covered = 0, rest = 0;
            for (int d = resume; d <= end; d++) {
                after += costByDay.getOrDefault(first.plusDays(d), 0.0);
                covered += 1;
            }
            if (profile != null) {
                int[] span = hourSpan(hours, lastData);
                for (int h = span[1] + 1; span[1] >= 0 && h < 24; h++) {
                    rest += profile[h];
                }
                rest = Math.min(rest, 0.99);
                covered -= rest;
            }
            // the stray shows logging worked: whole silent days after it, to as of (--until), are evidence too
            double evidence = n - 1 > end ? covered + rest + (n - 1 - end) : covered;
            double[] before = new double[silence[0]], beforeRequests = new double[silence[0]];
            int k = 0;
            for (int d = 0; d < silence[0]; d++) {
                if (has[d]) {
                    before[k] = costByDay.getOrDefault(first.plusDays(d), 0.0);
                    beforeRequests[k++] = requestsByDay.getOrDefault(first.plusDays(d), 0L);
                }
            }
            double usual = median(java.util.Arrays.copyOf(before, k));
            double usualRequests = median(java.util.Arrays.copyOf(beforeRequests, k));
            double expected = usualRequests * evidence; // requests a usual day's traffic would show in those hours
            double seenAsRequests = usualRequests > 0 && usual > 0 ? after / (usual / usualRequests) : 0;
            double chance = expected <= 0 ? 1 : new org.apache.commons.math3.distribution.PoissonDistribution(expected)
                    .cumulativeProbability((int) Math.floor(seenAsRequests));
            if (usual > 0 && after / covered < THIN_SHARE * usual && chance < OUTAGE_CHANCE) {
                int[] tail = runs.get(runs.size() - 1);
                boolean silentTail = inside < runs.size() - 1;
                for (int r = inside; r < runs.size(); r++) {
                    for (int d = runs.get(r)[0]; d <= runs.get(r)[1]; d++) {
                        missing[d] = false;
                    }
                }
                warnings.add(String.format(java.util.Locale.ROOT, "no requests from %s to %s, then $%.4f over the %d "
                        + "day(s) to %s, under %.0f%% of a usual day's $%.2f for the hours they cover, where a usual day's "
                        + "%.0f requests would show about %.1f (that little spend by chance: %.2g): spend may have stopped "
                        + "(a shutdown, then a stray or health-check request), so those days%s count as zero spend, not a "
                        + "logging outage, and the forecast follows the spend logged since; if logging stopped instead, the "
                        + "figures understate the spend", first.plusDays(silence[0]), first.plusDays(silence[1]), after,
                        end - resume + 1, lastData, 100 * THIN_SHARE, usual, usualRequests, expected, chance,
                        silentTail ? " and the silent days from " + first.plusDays(tail[0]) + " to " + first.plusDays(tail[1])
                        + " after the last request" : ""));
                stopped = silence[0];
                runs.subList(inside, runs.size()).clear();
                if (runs.isEmpty()) {
                    return new Outage(factor, stopped);
                }
            }
        }
        List<String> cut = new ArrayList<>();
        for (int[] r : runs) {
            // the day the outage began on, or ended on, holds only part of its spend: missing in the fit too
            int before = r[0] - 1, after = r[1] + 1;
            if (profile != null && before > 0 && has[before]) {
                int[] span = hourSpan(hours, first.plusDays(before));
                double share = 0;
                for (int h = span[1] + 1; span[1] >= 0 && h < 24; h++) {
                    share += profile[h];
                }
                if (share > PARTIAL_DAY_SHARE && share < 1) {
                    factor[before] = share > MAX_MISSING_SHARE ? Double.NaN : 1 / (1 - share);
                    cut.add(String.format(java.util.Locale.ROOT, "%s (its last request before %02d:00 UTC; the hours after "
                            + "hold %.1f%% of a full day's spend)", first.plusDays(before), span[1] + 1, 100 * share));
                }
            }
            if (profile != null && after < end && has[after]) {
                int[] span = hourSpan(hours, first.plusDays(after));
                double share = 0;
                for (int h = 0; h < Math.max(0, span[0]); h++) {
                    share += profile[h];
                }
                if (share > PARTIAL_DAY_SHARE && share < 1) {
                    factor[after] = share > MAX_MISSING_SHARE ? Double.NaN : 1 / (1 - share);
                    cut.add(String.format(java.util.Locale.ROOT, "%s (its first request at %02d:00 UTC; the hours before "
                            + "hold %.1f%% of a full day's spend)", first.plusDays(after), span[0], 100 * share));
                }
            }
        }
        long days = runs.stream().mapToLong(r -> r[1] - r[0] + 1).sum();
        boolean inPeriod = false;
        for (int i = 0; i < n; i++) {
            factor[i] = missing[i] ? Double.NaN : factor[i];
            inPeriod |= missing[i] && !first.plusDays(i).isBefore(periodStart);
        }
        warnings.add("no requests at all on " + days + " day(s) inside the series, "
                + runs.stream().limit(5).map(r -> "from " + first.plusDays(r[0]) + " to " + first.plusDays(r[1]))
                .collect(java.util.stream.Collectors.joining(", ")) + (runs.size() > 5 ? " and " + (runs.size() - 5) + " more runs" : "")
                + ", on weekdays the log has requests on in its other weeks (at least " + Math.round(100 * OUTAGE_WEEKDAY_SHARE)
                + "% of them): a logging outage, not zero spend. The fit takes them as missing values: the level and "
                + "season neither learn from them nor shift at them, and no backtest or calibration error is measured on "
                + "them; daily, weekly, monthly, month_to_date_usd and the alerts on spend logged (kind actual) keep the spend logged"
                + (inPeriod ? ", while the period total (forecast_total_usd, its interval and cumulative) and the alerts of kind "
                + "forecast add the forecast for those of this period (the spend a provider bills for them), with its error in the interval" : "")
                + (cut.isEmpty() ? "" : ". A day the outage cut short is filled in for the fit from its spend logged, by "
                + "how the log's full days spread their spend over the hours it misses (a missing value when over "
                + Math.round(100 * MAX_MISSING_SHARE) + "%): " + String.join(", ", cut)));
        return new Outage(factor, stopped);
    }

    /**
     * What the fit multiplies each day's spend by (NaN: a logging outage's missing day), and the first day of a silence
     * read as spend stopped (the series' length: none).
     */
    record Outage(double[] factor, int stoppedFrom) {
    }

    /** How the log's full days (those between first and last) spread their spend over the hours; null with too few. */
    private static double[] hourProfile(List<DailySpend.Hour> hours, LocalDate first, LocalDate last) {
        if (hours == null) {
            return null;
        }
        double[] profile = new double[24];
        java.util.Set<LocalDate> full = new java.util.HashSet<>();
        for (DailySpend.Hour h : hours) {
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(h.epochHour(), 24));
            if (day.isAfter(first) && day.isBefore(last)) {
                profile[(int) Math.floorMod(h.epochHour(), 24)] += h.costUsd();
                full.add(day);
            }
        }
        double sum = java.util.Arrays.stream(profile).sum();
        if (full.size() < PROFILE_DAYS || sum <= 0) {
            return null;
        }
        for (int h = 0; h < 24; h++) {
            profile[h] /= sum;
        }
        return profile;
    }

    /** The first and last hour (UTC) of the day with requests ({-1, -1}: none). */
    private static int[] hourSpan(List<DailySpend.Hour> hours, LocalDate day) {
        int[] span = {-1, -1};
        for (DailySpend.Hour h : hours) {
            if (LocalDate.ofEpochDay(Math.floorDiv(h.epochHour(), 24)).equals(day)) {
                int hour = (int) Math.floorMod(h.epochHour(), 24);
                span[0] = span[0] < 0 ? hour : Math.min(span[0], hour);
                span[1] = Math.max(span[1], hour);
            }
        }
        return span;
    }

    /** The days the forecast stands on most: the burn rate's week, the fit's latest level and season. */
    static final int RECENT_DAYS = 7;

    /** The window the fit's level and season stand on, over which the unpriced share must stay small (review h12d #9). */
    static final int FIT_WINDOW_DAYS = 28;

    /**
     * Why the unpriced part of the log is too large for a forecast of the priced part to stand for the spend (null:
     * it is not; then a warning says every figure is a lower bound). The unpriced share is a SPEND share: what the
     * unpriced requests' tokens would cost at the log's own average priced rate per token kind (input, output, cache
     * read, cache write; DailySpend.Hour#unpricedUsdEstimate) over that plus the priced spend, so an output-heavy or a
     * cache-heavy mix counts at its weight (review h12d #8). Measured over the last {@link #FIT_WINDOW_DAYS} days to as
     * of (the days the fit's level and season stand on), of requests and of spend, and over the last
     * {@link #RECENT_DAYS} days, of spend: over {@link #MAX_UNPRICED_SHARE} in any of them nulls the figures, and so
     * does over it on the whole log while over half of it in the window. A model only in older history (over the share
     * there, under half of it in the window) gives a warning, not a null (review h12d #9).
     */
    private static String mostlyUnpriced(DailySpend a, long unpricedRequests, double requestShare, LocalDate last,
                                         List<String> warnings) {
        double[] all = new double[5], window = new double[5], recent = new double[5]; // requests, unpriced, priced $, unpriced $, tokens share num
        long tokens = 0, unpricedTokens = 0;
        LocalDate windowFrom = last.minusDays(FIT_WINDOW_DAYS - 1), recentFrom = last.minusDays(RECENT_DAYS - 1);
        List<DailySpend.Hour> hours = a.hours() == null ? List.of() : a.hours();
        for (DailySpend.Hour h : hours) {
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(h.epochHour(), 24));
            if (day.isAfter(last)) {
                continue;
            }
            tokens += h.tokens();
            unpricedTokens += h.unpricedTokens();
            double[] v = {h.requests(), h.unpricedRequests(), h.costUsd(), h.unpricedUsdEstimate()};
            for (int k = 0; k < 4; k++) {
                all[k] += v[k];
                window[k] += day.isBefore(windowFrom) ? 0 : v[k];
                recent[k] += day.isBefore(recentFrom) ? 0 : v[k];
            }
        }
        if (hours.isEmpty()) {
            all[0] = window[0] = a.requests();
            all[1] = window[1] = unpricedRequests;
        }
        double spendAll = spendShare(all), spendWindow = spendShare(window), spendRecent = spendShare(recent);
        double requestsWindow = window[0] == 0 ? 0 : window[1] / window[0];
        double tokenShare = tokens == 0 ? 0 : (double) unpricedTokens / tokens;
        String models = "models without a price (" + unpricedList(a) + ")";
        String limit = String.format(java.util.Locale.ROOT, "more than %.0f%%", 100 * MAX_UNPRICED_SHARE);
        String asSpend = " (their tokens of each kind, input, output, cache read and write, at the log's own average priced "
                + "rate for that kind, over that plus the priced spend)";
        String over = String.format(java.util.Locale.ROOT, "the last %d days the fit stands on, %s to %s", FIT_WINDOW_DAYS,
                windowFrom, last);
        if (requestsWindow > MAX_UNPRICED_SHARE) {
            return String.format(java.util.Locale.ROOT, "%,d of %,d requests (%.1f%%, %s) of %s are of %s (%.1f%% over "
                    + "the whole log: %,d of %,d requests)", (long) window[1], (long) window[0], 100 * requestsWindow, limit,
                    over, models, 100 * requestShare, unpricedRequests, a.requests());
        }
        if (spendWindow > MAX_UNPRICED_SHARE) {
            return String.format(java.util.Locale.ROOT, "%,d of %,d requests (%.1f%%) are of %s, but they hold an "
                    + "estimated %.1f%% of the spend of %s (%s)%s, and %.1f%% of the tokens of the log",
                    unpricedRequests, a.requests(), 100 * requestShare, models, 100 * spendWindow, over, limit, asSpend,
                    100 * tokenShare);
        }
        if ((requestShare > MAX_UNPRICED_SHARE || spendAll > MAX_UNPRICED_SHARE)
                && Math.max(requestsWindow, spendWindow) > MAX_UNPRICED_SHARE / 2) {
            // over the limit on the whole log and still there in the window (not only in older history)
            return requestShare > MAX_UNPRICED_SHARE
                    ? String.format(java.util.Locale.ROOT, "%,d of %,d requests (%.1f%%, %s) are of %s (%.1f%% of %s)",
                    unpricedRequests, a.requests(), 100 * requestShare, limit, models, 100 * requestsWindow, over)
                    : String.format(java.util.Locale.ROOT, "%,d of %,d requests (%.1f%%) are of %s, but they hold an "
                    + "estimated %.1f%% of the spend of the log (%s)%s, %.1f%% of %s, and %.1f%% of the tokens of the log",
                    unpricedRequests, a.requests(), 100 * requestShare, models, 100 * spendAll, limit, asSpend,
                    100 * spendWindow, over, 100 * tokenShare);
        }
        if (spendRecent > MAX_UNPRICED_SHARE) {
            return String.format(java.util.Locale.ROOT, "requests of %s hold an estimated %.1f%% of the spend of the last "
                    + "%d days the forecast stands on, %s to %s (%s; %.1f%% over the whole log)%s", models,
                    100 * spendRecent, RECENT_DAYS, recentFrom, last, limit, 100 * spendAll, asSpend);
        }
        String older = requestShare > MAX_UNPRICED_SHARE || spendAll > MAX_UNPRICED_SHARE
                ? String.format(java.util.Locale.ROOT, "; over the whole log they are %.1f%% of the requests and %.1f%% "
                + "of the spend, %s, but the fit stands on the last %d days, where they are under %.1f%%: the older "
                + "history the fit also learns from is priced in part, so its level there is low and the trend may read "
                + "high", 100 * requestShare, 100 * spendAll, limit, FIT_WINDOW_DAYS, 50 * MAX_UNPRICED_SHARE) : "";
        warnings.add(String.format(java.util.Locale.ROOT, "the forecast covers priced requests only: %d of %d requests "
                + "are of %s, holding %.1f%% of the tokens and an estimated %.1f%% of the spend%s (%.1f%% in the last %d "
                + "days, %.1f%% in the last %d), and are left out of every figure, so every figure is a lower bound; "
                + "price them with --prices FILE%s", unpricedRequests, a.requests(), models, 100 * tokenShare,
                100 * spendAll, asSpend, 100 * spendWindow, FIT_WINDOW_DAYS, 100 * spendRecent, RECENT_DAYS, older));
        return null;
    }

    /** Unpriced over unpriced plus priced estimated spend ({requests, unpriced requests, priced $, unpriced $}). */
    private static double spendShare(double[] v) {
        return v[2] + v[3] <= 0 ? 0 : v[3] / (v[2] + v[3]);
    }

    private static String unpricedList(DailySpend a) {
        return a.unpricedModels().stream().limit(10).map(u -> "'" + u.model() + "': " + u.requests() + " requests")
                .collect(java.util.stream.Collectors.joining(", "))
                + (a.unpricedModels().size() > 10 ? " and " + (a.unpricedModels().size() - 10) + " more models" : "");
    }

    /** The second longest number of days between consecutive days with data (1 for a daily log with one stray day). */
    private static long secondLongestGap(List<LocalDate> days) {
        long first = 0, second = 0;
        for (int i = 1; i < days.size(); i++) {
            long g = ChronoUnit.DAYS.between(days.get(i - 1), days.get(i));
            if (g > first) {
                second = first;
                first = g;
            } else if (g > second) {
                second = g;
            }
        }
        return Math.max(1, second);
    }

    /** The median number of days between consecutive days with data (1 for a daily log). */
    private static long medianGap(List<LocalDate> days) {
        if (days.size() < 2) {
            return 1;
        }
        long[] g = new long[days.size() - 1];
        for (int i = 1; i < days.size(); i++) {
            g[i - 1] = ChronoUnit.DAYS.between(days.get(i - 1), days.get(i));
        }
        java.util.Arrays.sort(g);
        return g[g.length / 2];
    }

    /**
     * Run r (beyond the gap from day index gapFrom to gapTo) is left out when the gap exceeds a year, or when it is
     * small against the rest (restDays: the days with data in the rest).
     */
    private static boolean isOutlierRun(List<LocalDate> days, List<int[]> runs, int r, int gapFrom, int gapTo, int restDays) {
        long gap = ChronoUnit.DAYS.between(days.get(gapFrom), days.get(gapTo));
        int size = runs.get(r)[1] - runs.get(r)[0] + 1;
        return gap > OUTLIER_GAP_DAYS || size <= Math.max(SMALL_RUN_DAYS, Math.abs(restDays) / 10);
    }

    /** The run carries fewer requests and less spend than the rest (days with data from index restFrom to restTo). */
    private static boolean lighter(List<LocalDate> days, int[] run, int restFrom, int restTo, Map<LocalDate, Long> requests,
                                   Map<LocalDate, Double> cost) {
        List<LocalDate> inRun = days.subList(run[0], run[1] + 1);
        List<LocalDate> rest = days.subList(Math.min(restFrom, restTo), Math.max(restFrom, restTo) + 1);
        return inRun.stream().mapToLong(d -> requests.getOrDefault(d, 0L)).sum() < rest.stream().mapToLong(d -> requests.getOrDefault(d, 0L)).sum()
                && inRun.stream().mapToDouble(d -> cost.getOrDefault(d, 0.0)).sum() < rest.stream().mapToDouble(d -> cost.getOrDefault(d, 0.0)).sum();
    }

    /** The run lies over a year from the rest (and is lighter than it): left out whatever its own volume. */
    private static boolean yearAway(List<LocalDate> days, int gapFrom, int gapTo) {
        return ChronoUnit.DAYS.between(days.get(gapFrom), days.get(gapTo)) > OUTLIER_GAP_DAYS;
    }

    /**
     * A run is thin when its median day carries less than THIN_SHARE of the median day of the rest (days with data
     * from index restFrom to restTo), in requests or in cost: a stray record, not real traffic after an outage.
     */
    private static boolean isThin(List<LocalDate> days, int[] run, int restFrom, int restTo, Map<LocalDate, Double> cost,
                                  Map<LocalDate, Long> requests) {
        List<LocalDate> inRun = days.subList(run[0], run[1] + 1);
        List<LocalDate> rest = days.subList(Math.min(restFrom, restTo), Math.max(restFrom, restTo) + 1);
        double runRequests = median(inRun.stream().mapToDouble(d -> requests.getOrDefault(d, 0L)).toArray());
        double restRequests = median(rest.stream().mapToDouble(d -> requests.getOrDefault(d, 0L)).toArray());
        double runCost = median(inRun.stream().mapToDouble(cost::get).toArray());
        double restCost = median(rest.stream().mapToDouble(cost::get).toArray());
        return runRequests < THIN_SHARE * restRequests || runCost < THIN_SHARE * restCost;
    }

    /** A run after a long gap whose median day has at least this share of the rest's median day is real traffic. */
    static final double THIN_SHARE = 0.25;

    private static double median(double[] v) {
        java.util.Arrays.sort(v);
        return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double[] dense(Map<LocalDate, Double> s, LocalDate first, LocalDate last) {
        double[] y = new double[(int) ChronoUnit.DAYS.between(first, last) + 1];
        s.forEach((d, v) -> {
            long i = ChronoUnit.DAYS.between(first, d);
            if (i >= 0 && i < y.length) {
                y[(int) i] += v;
            }
        });
        return y;
    }

    /**
     * A first or last day whose missing hours held more than this share of a full day's spend (measured on the log's
     * full days) is partial: the fit adds what those hours usually hold to its spend.
     */
    static final double PARTIAL_DAY_SHARE = 0.02;
    /** At most this share of a day is filled in: a day holding a few minutes would make the rest a guess. */
    static final double MAX_MISSING_SHARE = 0.75;
    /** A partial edge day is filled in from at most this multiple of what its neighbours spend in the same hours. */
    static final double EDGE_SPEND_CAP = 1.25;
    /**
     * Full days needed to measure how a day spreads its spend over its hours; with fewer, no edge day is filled in: a
     * guessed spread made a two-day log a falling line (its first day doubled, its last day less) and hid a budget alert.
     */
    static final int PROFILE_DAYS = 3;

    /**
     * The shares of a full day's spend missing from the series' first and last day ({0, 0}: both whole). A day is
     * partial when the hours before the log's first request (after its last) held more than PARTIAL_DAY_SHARE of the
     * spend of the log's full days (the days between): a log cut at 20:00 misses the 17% of spend its days have after
     * 20:00, a log of working hours that ends at 19:00 every day misses nothing. Says so in a warning.
     */
    private static double[] edgeShares(List<DailySpend.Hour> hours, LocalDate first, LocalDate last, boolean lastIsData,
                                       List<String> warnings) {
        double[] missing = {0, 0};
        if (hours == null || hours.isEmpty()) {
            return missing;
        }
        double[] profile = new double[24];
        java.util.Set<LocalDate> full = new java.util.HashSet<>();
        int firstHour = -1, lastHour = -1;
        double firstUsd = 0, lastUsd = 0;
        for (DailySpend.Hour h : hours) {
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(h.epochHour(), 24));
            int hour = (int) Math.floorMod(h.epochHour(), 24);
            if (day.isAfter(first) && day.isBefore(last)) {
                profile[hour] += h.costUsd();
                full.add(day);
            }
            if (day.equals(first)) {
                firstHour = firstHour < 0 ? hour : Math.min(firstHour, hour);
                firstUsd += h.costUsd();
            }
            if (day.equals(last)) {
                lastHour = Math.max(lastHour, hour);
                lastUsd += h.costUsd();
            }
        }
        double sum = java.util.Arrays.stream(profile).sum();
        if (full.size() < PROFILE_DAYS || sum <= 0) {
            return missing;
        }
        for (int h = 0; h < 24; h++) {
            profile[h] = profile[h] / sum;
        }
        String how = "of a full day's spend (measured on the log's " + full.size() + " full days)";
        double before = 0, after = 0;
        for (int h = 0; h < Math.max(0, firstHour); h++) {
            before += profile[h];
        }
        for (int h = lastHour + 1; lastHour >= 0 && h < 24; h++) {
            after += profile[h];
        }
        if (firstHour >= 0 && before > PARTIAL_DAY_SHARE && before < 1) {
            missing[0] = Math.min(before, MAX_MISSING_SHARE);
            warnings.add(String.format(java.util.Locale.ROOT, "the log's first day, %s, begins at %02d:00 UTC: the hours before "
                    + "hold %.1f%% %s, so the fit fills them in from its $%.2f logged (from at most %sx what its "
                    + "neighbouring days spend in the hours it has); daily keeps the spend logged", first, firstHour, 100 * before, how, firstUsd, EDGE_SPEND_CAP));
        }
        if (lastIsData && lastHour >= 0 && after > MAX_MISSING_SHARE && after < 1) {
            // a last day holding a few early minutes is no day's spend to scale up (review h12d #5): a missing value
            missing[1] = after;
            warnings.add(String.format(java.util.Locale.ROOT, "the log's last day, %s, ends before %02d:00 UTC: the hours after "
                    + "hold %.1f%% %s, over %.0f%%, so the fit takes the day as a missing value, and the period total adds "
                    + "its forecast less the $%.2f logged; daily keeps the spend logged", last, lastHour + 1, 100 * after, how,
                    100 * MAX_MISSING_SHARE, lastUsd));
        } else if (lastIsData && lastHour >= 0 && after > PARTIAL_DAY_SHARE && after < 1) {
            missing[1] = Math.min(after, MAX_MISSING_SHARE);
            warnings.add(String.format(java.util.Locale.ROOT, "the log's last day, %s, ends before %02d:00 UTC: the hours after "
                    + "hold %.1f%% %s, so the fit fills them in from its $%.2f logged (from at most %sx what its "
                    + "neighbouring days spend in the hours it has), and the period total counts them; daily keeps the spend logged", last,
                    lastHour + 1, 100 * after, how, lastUsd, EDGE_SPEND_CAP));
        }
        return missing;
    }

    /** One scope's series, model, forecast points and period total. */
    private final class ScopeForecast {
        final String scope;
        /** The spend logged per day, and the series the model fits (partial first and last days scaled to full ones). */
        final double[] y, fit;
        /** The estimated spend of the last day after the log ends (0 when the last day is whole). */
        final double rest;
        final LocalDate first, last, periodStart, periodEnd;
        final Forecast model;
        final Prediction prediction;
        final Forecaster.Backtest backtest;
        /** The refits, for the estimates of missing days before the period (earlier months' outages). */
        final Forecaster.Result result;
        final List<ForecastResult.Point> points = new ArrayList<>();
        /** The forecast spend of the period's missing days beyond what they logged, and its 80%/95% half-widths squared. */
        double missingEstimate, missing80, missing95;
        int missingDays;
        final double periodTotal;
        final ForecastResult.Interval periodInterval;

        /** @param outage per day, what the fit multiplies the day's spend by: NaN for an outage's missing days, over 1 for a day it cut short */
        ScopeForecast(String scope, double[] y, double[] outage, int stoppedFrom, double[] edge, LocalDate first, LocalDate last) {
            this.scope = scope;
            this.y = y;
            this.fit = y.clone();
            int n = y.length;
            for (int i = 0; i < n; i++) {
                fit[i] *= outage[i]; // an outage's days are missing values (NaN), not zero spend
            }
            // the first day is filled in before it serves as a neighbour of the last
            fit[0] += n > 1 ? missingSpend(y[0], edge[0], neighbourMean(fit, 1, Math.min(n - 1, 8))) : 0;
            if (n > 1 && edge[1] > MAX_MISSING_SHARE) {
                fit[n - 1] = Double.NaN; // a last day of a few minutes: missing, its estimate is the forecast's
            }
            this.rest = n > 1 && !Double.isNaN(fit[n - 1]) ? missingSpend(y[n - 1], edge[1], neighbourMean(fit, Math.max(0, n - 8), n - 1)) : 0;
            fit[n - 1] += rest;
            this.first = first;
            this.last = last;
            LocalDate next = last.plusDays(1);
            periodStart = horizon.periodStart(next);
            periodEnd = horizon.periodEnd(next);
            int h = (int) ChronoUnit.DAYS.between(last, periodEnd);
            LocalDate monthEnd = next.withDayOfMonth(next.lengthOfMonth());
            int calibrate = Math.max(h, (int) ChronoUnit.DAYS.between(last, monthEnd));
            Forecaster.Result r = Forecaster.forecast(fit, holdout, calibrate, stoppedFrom);
            this.result = r;
            this.prediction = r.prediction();
            this.model = prediction.model();
            this.backtest = r.backtest();
            double sum = 0;
            boolean bands = prediction.spreadMeasured();
            for (int k = 1; k <= h; k++) {
                double m = prediction.mean(k), h80 = prediction.half(k, 80), h95 = prediction.half(k, 95);
                sum += m;
                points.add(bands ? new ForecastResult.Point(last.plusDays(k).toString(), m, Math.max(0, m - h80), m + h80,
                        Math.max(0, m - h95), m + h95) : new ForecastResult.Point(last.plusDays(k).toString(), m, null, null, null, null));
            }
            // the period's missing days (an outage, a quiet tail, a last day of minutes) are spend the provider bills
            // though the log did not see it: each run's forecast from the fit on the days before it, less the spend
            // logged on its days, with its error (review h12d #1, #4, #5)
            int from = (int) Math.max(0, ChronoUnit.DAYS.between(first, periodStart));
            double est = 0, var80 = 0, var95 = 0;
            for (int i = Math.max(1, from); i < n; ) {
                if (!Double.isNaN(fit[i])) {
                    i++;
                    continue;
                }
                int j = i;
                while (j < n && Double.isNaN(fit[j])) {
                    j++;
                }
                Prediction p = r.at(i, j - i);
                for (int d = i; d < j; d++) {
                    est += Math.max(0, p.mean(d - i + 1) - y[d]);
                }
                if (p.spreadMeasured()) {
                    var80 += Math.pow(p.halfOfSum(j - i, 80), 2);
                    var95 += Math.pow(p.halfOfSum(j - i, 95), 2);
                }
                missingDays += j - i;
                i = j;
            }
            missingEstimate = est;
            missing80 = var80;
            missing95 = var95;
            double actual = actualBetween(periodStart, last);
            double s80 = Math.sqrt(Math.pow(prediction.halfOfSum(h, 80), 2) + var80);
            double s95 = Math.sqrt(Math.pow(prediction.halfOfSum(h, 95), 2) + var95);
            periodTotal = actual + rest + est + sum;
            periodInterval = !bands ? ForecastResult.Interval.UNMEASURED
                    : new ForecastResult.Interval(Math.max(actual, periodTotal - s80), periodTotal + s80,
                    Math.max(actual, periodTotal - s95), periodTotal + s95);
        }

        /**
         * What the hours a partial edge day misses would have held: its own spend scaled by the share missing (this keeps
         * the day's weekday), but from no more than 1.25 times what its neighbours spend in the hours it has, so that one
         * heavy request ending a log is a spike, not a day whose other hours held 3x as much.
         */
        private static double missingSpend(double logged, double missingShare, double neighbourMean) {
            if (missingShare <= 0) {
                return 0;
            }
            double expectedLogged = (1 - missingShare) * neighbourMean;
            double base = neighbourMean > 0 ? Math.min(logged, EDGE_SPEND_CAP * expectedLogged) : logged;
            return base * missingShare / (1 - missingShare);
        }

        /** Mean spend of days [from, to) not missing: the neighbours of an edge day, a week at most. */
        private static double neighbourMean(double[] y, int from, int to) {
            double m = HoltWinters.mean(y, from, Math.max(from, to));
            return Double.isNaN(m) ? 0 : m;
        }

        double actualBetween(LocalDate from, LocalDate to) {
            double s = 0;
            for (LocalDate d = from.isBefore(first) ? first : from; !d.isAfter(to); d = d.plusDays(1)) {
                s += y[(int) ChronoUnit.DAYS.between(first, d)];
            }
            return s;
        }

        /** Spend from the first of the budget month (the month of the first forecast day) to the last day of data. */
        double monthToDate() {
            return actualBetween(last.plusDays(1).withDayOfMonth(1), last);
        }

        /**
         * Mean spend of the last 7 days, an outage's missing days at their estimate (the spend a provider bills for
         * them, as the period total takes it): left out, the week's spend lost them but not its quiet days (review
         * r10 #3: a working-days log's weekend before a quiet tail gave $0.70 / 3 days, a third of its $0.50).
         */
        double burnRate() {
            double[] est = missingEstimates();
            double sum = 0;
            int days = 0;
            for (int i = Math.max(0, fit.length - RECENT_DAYS); i < fit.length; i++) {
                sum += Double.isNaN(fit[i]) ? y[i] + est[i] : fit[i];
                days++;
            }
            return days == 0 ? 0 : sum / days;
        }

        List<ForecastResult.Day> days() {
            List<ForecastResult.Day> out = new ArrayList<>(y.length);
            for (int i = 0; i < y.length; i++) {
                out.add(new ForecastResult.Day(first.plusDays(i).toString(), y[i]));
            }
            return out;
        }

        List<ForecastResult.Period> weeks() {
            Map<LocalDate, double[]> w = new TreeMap<>();
            for (int i = 0; i < y.length; i++) {
                LocalDate d = first.plusDays(i);
                double[] acc = w.computeIfAbsent(d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), k -> new double[2]);
                acc[0] += y[i];
                acc[1]++;
            }
            List<ForecastResult.Period> out = new ArrayList<>();
            w.forEach((d, acc) -> out.add(new ForecastResult.Period(d.toString(), acc[0], (int) acc[1])));
            return out;
        }

        List<ForecastResult.Period> months() {
            Map<LocalDate, double[]> mo = new TreeMap<>();
            for (int i = 0; i < y.length; i++) {
                double[] acc = mo.computeIfAbsent(first.plusDays(i).withDayOfMonth(1), k -> new double[2]);
                acc[0] += y[i];
                acc[1]++;
            }
            List<ForecastResult.Period> out = new ArrayList<>();
            mo.forEach((d, acc) -> out.add(new ForecastResult.Period(d.toString().substring(0, 7), acc[0], (int) acc[1])));
            return out;
        }

        /** Running total over the month of the first forecast day, actual then forecast. */
        List<ForecastResult.Cumulative> cumulative() {
            List<ForecastResult.Cumulative> out = new ArrayList<>();
            LocalDate monthStart = last.plusDays(1).withDayOfMonth(1);
            LocalDate monthEnd = monthStart.withDayOfMonth(monthStart.lengthOfMonth());
            double cum = 0;
            for (LocalDate d = monthStart; !d.isAfter(last); d = d.plusDays(1)) {
                cum += d.isBefore(first) ? 0 : y[(int) ChronoUnit.DAYS.between(first, d)];
                out.add(new ForecastResult.Cumulative(d.toString(), cum, null, null, null));
            }
            double mean = cum + rest + (periodStart.equals(monthStart) ? missingEstimate : 0);
            double extra = periodStart.equals(monthStart) ? missing80 : 0;
            for (int k = 1; !last.plusDays(k).isAfter(monthEnd); k++) {
                mean += prediction.mean(k);
                double half = Math.sqrt(Math.pow(prediction.halfOfSum(k, 80), 2) + extra);
                boolean bands = prediction.spreadMeasured();
                out.add(new ForecastResult.Cumulative(last.plusDays(k).toString(), null, mean,
                        bands ? Math.max(cum, mean - half) : null, bands ? mean + half : null));
            }
            return out;
        }

        /** Alerts against a monthly budget in the month of the first forecast day. */
        /**
         * Every month from the one of {@code beforeSilence} (the last day with requests before a silence that the run
         * setting as of follows) to the month before the one evaluated, whose spend crossed the budget: an overrun the
         * budget owner must hear of though a light request after the silence moved as of past it. Without such a silence
         * (a log that runs on into the month evaluated) only the month before the one evaluated is evaluated again.
         */
        private List<ForecastResult.Alert> earlierOverruns(double budget, String shownScope, LocalDate monthEvaluated,
                                                           LocalDate beforeSilence) {
            List<ForecastResult.Alert> out = new ArrayList<>();
            // the month before the one evaluated is complete: its overrun is an alert whatever as of is, silence or
            // none (review h12d #3: a log to October 31 and one record on November 1 hid October's overrun)
            for (LocalDate m = earliestEvaluated(monthEvaluated, beforeSilence); m.isBefore(monthEvaluated); m = m.plusMonths(1)) {
                LocalDate end = m.withDayOfMonth(m.lengthOfMonth());
                double spent = 0;
                LocalDate crossed = null;
                for (LocalDate d = m.isBefore(first) ? first : m; !d.isAfter(end) && !d.isAfter(last); d = d.plusDays(1)) {
                    spent += y[(int) ChronoUnit.DAYS.between(first, d)];
                    if (crossed == null && spent >= budget - EPS_USD) {
                        crossed = d;
                    }
                }
                if (crossed == null) {
                    // logged under budget, but an outage's days would have taken it over: the provider bills them
                    // (review r10 #2: October logged $18.20, with its 5 outage days ~$21.70 against $20, said nothing)
                    double[] est = missingEstimates();
                    double withEst = 0, missed = 0;
                    int days = 0;
                    LocalDate over = null;
                    for (LocalDate d = m.isBefore(first) ? first : m; !d.isAfter(end) && !d.isAfter(last); d = d.plusDays(1)) {
                        int i = (int) ChronoUnit.DAYS.between(first, d);
                        boolean missing = i > 0 && Double.isNaN(fit[i]);
                        withEst += y[i] + (missing ? est[i] : 0);
                        missed += missing ? est[i] : 0;
                        days += missing ? 1 : 0;
                        if (over == null && withEst >= budget - EPS_USD) {
                            over = d;
                        }
                    }
                    if (over != null && days > 0) {
                        String month = m.toString().substring(0, 7);
                        out.add(new ForecastResult.Alert(shownScope, "forecast", 1.0, over.toString(), budget, withEst,
                                String.format(java.util.Locale.ROOT, "%s logged $%.2f in %s, under its $%.2f monthly "
                                                + "budget, but %d of its days are a logging outage estimated at $%.2f: "
                                                + "about $%.2f (%.0f%%), over it from %s: an earlier month than the one "
                                                + "evaluated (%s)", shownScope, spent, month, budget, days, missed, withEst,
                                        100 * withEst / budget, over, monthEvaluated.toString().substring(0, 7))));
                    }
                }
                if (crossed != null) {
                    String month = m.toString().substring(0, 7);
                    out.add(new ForecastResult.Alert(shownScope, "actual", 1.0, crossed.toString(), budget, spent,
                            String.format(java.util.Locale.ROOT, "%s spent $%.2f in %s against its $%.2f monthly budget "
                                            + "(%.0f%%), over it from %s: an earlier month than the one evaluated (%s)",
                                    shownScope, spent, month, budget, 100 * spent / budget, crossed,
                                    monthEvaluated.toString().substring(0, 7))));
                }
            }
            return out;
        }

        /**
         * Per day, the spend a missing day (a logging outage's) would have held beyond what it logged: each run's
         * forecast from the fit on the days before it, as the period total takes it; 0 on days not missing.
         */
        private double[] missingEstimates;

        double[] missingEstimates() {
            if (missingEstimates == null) {
                int n = fit.length;
                double[] est = new double[n];
                for (int i = 1; i < n; ) {
                    if (!Double.isNaN(fit[i])) {
                        i++;
                        continue;
                    }
                    int j = i;
                    while (j < n && Double.isNaN(fit[j])) {
                        j++;
                    }
                    Prediction p = result.at(i, j - i);
                    for (int d = i; d < j; d++) {
                        est[d] = Math.max(0, p.mean(d - i + 1) - y[d]);
                    }
                    i = j;
                }
                missingEstimates = est;
            }
            return missingEstimates;
        }

        /**
         * A note per complete month from {@code from} to the one before {@code monthEvaluated} whose days include a
         * logging outage's missing days: what it logged, those days and their estimated spend (review r10 #2).
         */
        List<String> earlierOutageNotes(LocalDate monthEvaluated, LocalDate beforeSilence) {
            List<String> notes = new ArrayList<>();
            double[] est = missingEstimates();
            for (LocalDate m = earliestEvaluated(monthEvaluated, beforeSilence); m.isBefore(monthEvaluated); m = m.plusMonths(1)) {
                LocalDate end = m.withDayOfMonth(m.lengthOfMonth());
                double spent = 0, missed = 0;
                int days = 0;
                LocalDate from = null, to = null;
                for (LocalDate d = m.isBefore(first) ? first : m; !d.isAfter(end) && !d.isAfter(last); d = d.plusDays(1)) {
                    int i = (int) ChronoUnit.DAYS.between(first, d);
                    spent += y[i];
                    if (i > 0 && Double.isNaN(fit[i])) {
                        missed += est[i];
                        days++;
                        from = from == null ? d : from;
                        to = d;
                    }
                }
                if (days > 0) {
                    notes.add(String.format(java.util.Locale.ROOT, "%s: %s logged $%.2f but %d of its days (%s to %s) "
                                    + "are a logging outage, estimated at $%.2f more (the forecast from the days before "
                                    + "them): about $%.2f in all; monthly keeps the spend logged", Redactor.redact(scope),
                            m.toString().substring(0, 7), spent, days, from, to, missed, spent + missed));
                }
            }
            return notes;
        }

        private LocalDate earliestEvaluated(LocalDate monthEvaluated, LocalDate beforeSilence) {
            LocalDate previous = monthEvaluated.minusMonths(1);
            LocalDate from = beforeSilence == null || previous.isBefore(beforeSilence.withDayOfMonth(1)) ? previous
                    : beforeSilence.withDayOfMonth(1);
            return from.isBefore(first.withDayOfMonth(1)) ? first.withDayOfMonth(1) : from;
        }

        List<ForecastResult.Alert> alerts(double budget, LocalDate beforeSilence) {
            List<ForecastResult.Alert> out = new ArrayList<>();
            String shownScope = Redactor.redact(scope);
            LocalDate monthStart = last.plusDays(1).withDayOfMonth(1);
            LocalDate monthEnd = monthStart.withDayOfMonth(monthStart.lengthOfMonth());
            out.addAll(earlierOverruns(budget, shownScope, monthStart, beforeSilence));
            double cum = 0;
            int next = 0;
            for (LocalDate d = monthStart.isBefore(first) ? first : monthStart; !d.isAfter(last); d = d.plusDays(1)) {
                cum += y[(int) ChronoUnit.DAYS.between(first, d)];
                while (next < ACTUAL_THRESHOLDS.length && cum >= ACTUAL_THRESHOLDS[next] * budget - EPS_USD) {
                    double th = ACTUAL_THRESHOLDS[next++];
                    out.add(new ForecastResult.Alert(shownScope, "actual", th, d.toString(), budget, cum,
                            String.format(java.util.Locale.ROOT, "%s spent $%.2f of its $%.2f monthly budget (%.0f%%) by %s",
                                    shownScope, cum, budget, 100 * cum / budget, d)));
                }
            }
            int h = (int) ChronoUnit.DAYS.between(last, monthEnd);
            if (cum >= budget - EPS_USD || h <= 0) {
                return out;
            }
            boolean monthly = periodStart.equals(monthStart);
            double extra = monthly ? missing80 : 0;
            double mean = cum + rest + (monthly ? missingEstimate : 0), crossMean = Double.NaN, crossUpper = Double.NaN;
            if (!prediction.spreadMeasured()) {
                // no upper bound can be measured: alert on the central forecast alone, and say so
                for (int k = 1; k <= h; k++) {
                    mean += prediction.mean(k);
                    if (Double.isNaN(crossMean) && mean > budget) {
                        crossMean = k;
                    }
                }
                if (mean > budget) {
                    LocalDate when = last.plusDays((int) crossMean);
                    out.add(new ForecastResult.Alert(shownScope, "forecast", 1.0, when.toString(), budget, mean,
                            String.format(java.util.Locale.ROOT,
                                    "%s is forecast to spend $%.2f by %s (central forecast; no upper bound can be measured "
                                            + "from %d day(s) of history) against a $%.2f budget; expected to cross on %s",
                                    shownScope, mean, monthEnd, y.length, budget, when)));
                }
                return out;
            }
            for (int k = 1; k <= h; k++) {
                mean += prediction.mean(k);
                double upper = mean + Math.sqrt(Math.pow(prediction.halfOfSum(k, 80), 2) + extra);
                if (Double.isNaN(crossMean) && mean > budget) {
                    crossMean = k;
                }
                if (Double.isNaN(crossUpper) && upper > budget) {
                    crossUpper = k;
                }
            }
            double upperTotal = mean + Math.sqrt(Math.pow(prediction.halfOfSum(h, 80), 2) + extra);
            if (upperTotal > budget) {
                int k = (int) (Double.isNaN(crossMean) ? crossUpper : crossMean);
                LocalDate when = last.plusDays(k);
                // the message leads with value_usd (the 80% upper bound the alert fires on), then the central forecast
                out.add(new ForecastResult.Alert(shownScope, "forecast", 1.0, when.toString(), budget, upperTotal,
                        String.format(java.util.Locale.ROOT,
                                "%s may spend up to $%.2f by %s (80%% upper bound; central forecast $%.2f) against a $%.2f budget; expected to cross on %s%s",
                                shownScope, upperTotal, monthEnd, mean, budget, when,
                                Double.isNaN(crossMean) ? " if spend runs at the upper bound" : "")));
            }
            return out;
        }
    }
}
