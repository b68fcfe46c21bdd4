package io.techopt.forecast;

import io.techopt.core.DailySpend;
import io.techopt.core.Dimension;
import io.techopt.core.Redactor;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.techopt.forecast.EdgeDays.*;
import static io.techopt.forecast.ForecastNotes.*;
import static io.techopt.forecast.LogRange.*;
import static io.techopt.forecast.UnpricedShare.*;

/**
 * Turns an analysis (daily costs, priced exactly as analyze-logs prices them) into actuals, forecasts with 80% and
 * 95% prediction intervals, backtest errors and budget alerts, for the total and for every budgeted scope.
 * The daily actuals, the total's and each scope's, are tables of tablesaw columns ({@link DailyActuals}, #13 item 4)
 * that the rules here and in {@code LogRange} and {@code OutageDays} look up by day through an index by date.
 */
public final class CostForecaster {
    private static final NormalDistribution N = new NormalDistribution();
    static final double Z80 = N.inverseCumulativeProbability(0.9), Z95 = N.inverseCumulativeProbability(0.975);

    private final Horizon horizon;
    private final int holdout;
    private final List<Budgets.Budget> budgets;
    private final Dimension by;
    private final int topGroups;

    /** The loaded price book's dated prices, which price the days ahead (see {@link PriceChanges}). */
    private PriceChanges prices = PriceChanges.NONE;

    /** Prices the forecast days at the dated prices of the book the run loaded (review r21f M2). */
    public CostForecaster withPrices(PriceChanges prices) {
        this.prices = prices;
        return this;
    }

    /** Set by the last forecast: its figures are null (under a day of history, or mostly unpriced), so alerts of kind forecast were not evaluated. */
    private boolean notEvaluated;

    /** Why the last forecast's figures are null, in a few words for a headline (null: they are not). */
    private String nullReason;

    public String nullReason() {
        return nullReason;
    }

    /** Budgeted scopes of the last forecast whose every request is unpriced: their alerts could not be evaluated. */
    private final List<String> unevaluatedBudgets = new ArrayList<>();

    /** The budgeted scopes whose cost is unknown (all their requests unpriced), so no alert of theirs could fire. */
    public List<String> unevaluatedBudgetScopes() {
        return List.copyOf(unevaluatedBudgets);
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
     * @param firstRequestFrom the first request on or after a day (null: unknown), to measure the
     *                         span of the days fitted (a stray day left out before them does not widen it)
     * @param lastRequest      the log's last request: a history spanning under {@link #FULL_DAY_HOURS} hours forecasts nothing
     */
    public ForecastResult forecast(DailySpend a, LocalDate asOf, java.util.function.Function<LocalDate, java.time.Instant> firstRequestFrom,
                                   java.time.Instant lastRequest) {
        return forecast(a, asOf, firstRequestFrom, lastRequest, java.util.Collections.emptySortedMap());
    }

    /**
     * @param withoutUsage LLM calls in traces without token usage or a logged cost, by day (a Langfuse generation, an
     *                     LLM span without gen_ai usage): requests of unknown cost, counted as unpriced requests are
     *                     (review r12 #7: half a Langfuse log's generations without usage forecast only the priced half)
     */
    public ForecastResult forecast(DailySpend a, LocalDate asOf, java.util.function.Function<LocalDate, java.time.Instant> firstRequestFrom,
                                   java.time.Instant lastRequest, java.util.SortedMap<LocalDate, Long> withoutUsage) {
        // analyze's notes on figures cost-forecast does not report (exact_repeat_rate, latency_ms, savings...) would
        // explain keys this report does not have: keep its other warnings and the notes on keys it does have
        List<String> warnings = new ArrayList<>(a.warnings().stream().filter(ForecastNotes::concernsThisReport).toList());
        notEvaluated = false;
        unevaluatedBudgets.clear();
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
        DailyActuals actuals = DailyActuals.of(a.rows());
        if (actuals.isEmpty()) {
            throw new IllegalArgumentException("no priced requests to forecast from");
        }
        List<LocalDate> dataDays = actuals.days();
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
                && lighter(dataDays, runs.get(ra), runs.get(ra + 1)[0], runs.get(rb)[1], actuals::requestsOn, actuals::costOn)
                && dataDays.get(runs.get(ra)[1]).isBefore(evaluatedFrom)
                && (yearAway(dataDays, runs.get(ra)[1], runs.get(ra + 1)[0])
                || isThin(dataDays, runs.get(ra), runs.get(ra + 1)[0], runs.get(rb)[1], actuals::costOn, actuals::requestsOn))) {
            ra++;
        }
        int body = denseBodyStart(dataDays, runs.get(ra)[0], runs.get(rb)[1], actuals::requestsOn, actuals::costOn, evaluatedFrom);
        List<String> gapWarnings = new ArrayList<>();
        List<LocalDate[]> gaps = new ArrayList<>();
        for (int r = ra + 1; r <= rb; r++) {
            if (runs.get(r)[0] <= body) {
                continue; // a gap before the dense body: its days are left out with the sparse start
            }
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
        LocalDate beforeSilence = rb > ra && runs.get(rb)[0] > body ? dataDays.get(runs.get(rb - 1)[1]) : null;
        int outliers = lo;
        List<String> excluded = dataDays.subList(0, body).stream().map(LocalDate::toString).toList();
        if (body > lo) {
            warnings.add((body - lo) + " day(s) of requests from " + dataDays.get(lo) + " to " + dataDays.get(body - 1)
                    + " before the log's dense body are left out of the fitted series and of daily, weekly and monthly "
                    + "(excluded_days lists them): they have requests on at most half of their days, each under a quarter "
                    + "of the body's median day in requests and in spend, and lie before the month evaluated, so they are "
                    + "stray requests before the log began, not a level with outages; the fit starts on " + dataDays.get(body)
                    + " (analyze and --focus-csv still count them)");
        }
        if (outliers > 0) {
            // analyze's note on far-away days says they count in every total: here some do not, and excluded_days names them
            warnings.replaceAll(w -> w.replace("They count in every total (they are real requests)", "They are real "
                    + "requests: analyze counts them in every total; here, those in excluded_days are left out of the series"));
            warnings.add(outliers + " day(s) of requests before the log's body are left out of the fitted series and of "
                    + "daily, weekly and monthly: "
                    + String.join(", ", excluded.subList(0, Math.min(5, outliers)))
                    + (outliers > 5 ? " and " + (outliers - 5) + " more" : "")
                    + " (excluded_days lists them all). They lie before the month evaluated, beyond a gap of more than "
                    + (yearAway(dataDays, lo - 1, lo) ? OUTLIER_GAP_DAYS + " days" : strayGap + " days (over twice the "
                    + "log's longest other gap) and are few and thin")
                    + ", with fewer requests and less spend than the rest; analyze and --focus-csv still count them");
        }
        LocalDate first = dataDays.get(body);
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
        long noUsage = withoutUsage.headMap(last.plusDays(1)).values().stream().mapToLong(Long::longValue).sum();
        String mostlyUnpriced = unpricedRequests + noUsage == 0 ? null
                : mostlyUnpriced(a, unpricedRequests, noUsage, withoutUsage, last, warnings);
        // the span of the days fitted: a stray day left out before them must not make an hour look like a day
        String covered = subDay(firstRequestFrom == null ? null : firstRequestFrom.apply(first), lastRequest);
        // days without any request inside the series, on weekdays the log has requests on in its other weeks: an outage
        OutageDays.Outage read = OutageDays.read(first, last, lastData, actuals::requestsOn, actuals::costOn, a.hours(), horizon.periodStart(last.plusDays(1)), warnings);
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
                    + "spend logged (month_to_date_usd, daily) is what is known" + (emptyTail >= Forecaster.WEEK ? ", and after "
                    + "a week or more of silence forecast_total_interval's lower bounds reach it" : "");
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
        // each scope's spend and requests per day (its requests: its own logging outages, review r12 #6)
        Map<String, DailyActuals> byScope = new LinkedHashMap<>();
        byScope.put("total", actuals.between(first, last));
        // each scope's {requests, requests of models without a price}: a scope of only those has no cost to forecast
        Map<String, long[]> scopeUnpriced = new java.util.HashMap<>();
        for (Budgets.Budget b : budgets) {
            if (b.dimension() == null) {
                continue;
            }
            DailyActuals.Builder s = new DailyActuals.Builder();
            String shown = Redactor.label(b.value()); // group keys are redacted the same way
            long[] counted = scopeUnpriced.computeIfAbsent(scopeKey(b), k -> new long[2]);
            for (DailySpend.Row r : a.rows()) {
                if (r.dimension() != null && r.dimension().id().equals(b.dimension()) && shown.equals(r.group())) {
                    s.add(r);
                    counted[0] += r.requests();
                    counted[1] += r.unpricedRequests();
                }
            }
            DailyActuals days = s.build();
            if (days.isEmpty()) {
                warnings.add("budget scope '" + Redactor.redact(b.scope()) + "' has no requests in the log");
            }
            byScope.put(scopeKey(b), days);
        }
        Map<String, DailyActuals> unlisted = new LinkedHashMap<>();
        int groupCount = 0;
        if (by != null) {
            Map<String, DailyActuals.Builder> groups = new LinkedHashMap<>();
            Map<String, Double> totals = new java.util.HashMap<>();
            // a model without a price has an unknown cost, never a $0 forecast
            java.util.Set<String> unpricedModels = new java.util.TreeSet<>();
            a.unpricedModels().forEach(u -> unpricedModels.add(Redactor.redact(u.model())));
            java.util.Set<String> leftOut = new java.util.TreeSet<>();
            Map<String, long[]> byUnpriced = new java.util.HashMap<>();
            for (DailySpend.Row r : a.rows()) {
                if (r.dimension() == by) {
                    if (by == Dimension.MODEL && unpricedModels.contains(r.group())) {
                        leftOut.add(r.group());
                        continue;
                    }
                    String scope = by.id() + ":" + r.group();
                    groups.computeIfAbsent(scope, k -> new DailyActuals.Builder()).add(r);
                    long[] counted = byUnpriced.computeIfAbsent(scope, k -> new long[2]);
                    counted[0] += r.requests();
                    counted[1] += r.unpricedRequests();
                    totals.merge(scope, r.costUsd(), Double::sum);
                }
            }
            byUnpriced.forEach(scopeUnpriced::putIfAbsent); // a budget on a --by scope counted it already
            List<String> ranked = groups.keySet().stream()
                    .sorted((x, z) -> Double.compare(totals.get(z), totals.get(x))).toList();
            groupCount = ranked.size();
            // a budget on a --by scope built its series already: its requests are counted once, not twice
            ranked.stream().limit(topGroups).forEach(k -> byScope.computeIfAbsent(k, x -> groups.get(k).build()));
            // the scopes past --top are forecast too, not listed: the total sums every one (review r21f M6)
            ranked.stream().skip(topGroups).filter(k -> !byScope.containsKey(k))
                    .forEach(k -> unlisted.put(k, groups.get(k).build()));
            if (!leftOut.isEmpty()) {
                warnings.add("--by model: " + String.join(", ", leftOut) + " not forecast: no price, so its cost is unknown, not $0 "
                        + "(add it with --prices FILE)");
            }
        }
        List<ForecastResult.Alert> alerts = new ArrayList<>();
        List<ForecastResult.ScopeSummary> summaries = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        ScopeForecast main = null;
        Map<ScopeForecast, Double> budgeted = new LinkedHashMap<>();
        Map<String, DailyActuals> everyScope = new LinkedHashMap<>(byScope);
        everyScope.putAll(unlisted);
        Map<String, String> successors = successors(everyScope, first, last);
        for (var e : byScope.entrySet()) {
            double[] y = e.getValue().dense(first, last);
            OutageDays.Outage own = main == null ? read : OutageDays.ofScope(Redactor.redact(e.getKey()), read, first, last,
                    e.getValue(), horizon.periodStart(last.plusDays(1)), warnings);
            ScopeForecast f = new ScopeForecast(e.getKey(), y, own.factor(), own.stoppedFrom(), edge, first, last, horizon,
                    holdout, prices, ScopeForecast.logShare(main), e.getValue().denseRequests(first, last), main);
            if (successors.containsKey(e.getKey())) {
                f.replacedBy(successors.get(e.getKey()));
                warnings.add(Redactor.redact(e.getKey()) + ": replaced by " + Redactor.redact(successors.get(e.getKey()))
                        + " (it began the day this " + by.id() + "'s requests stopped and spends on each day since): its "
                        + "days left are forecast at $0, its period total and interval are what it spent; the total reads "
                        + "the replacement through its scopes' sum");
            }
            if (main != null) {
                endedNoteSaysWhatTheFigureDoes(Redactor.redact(e.getKey()), f, warnings);
            }
            if (f.model instanceof RecentRate young && young.wholeLog()) {
                if (main == null) {
                    warnings.add("the log has " + f.y.length + " day(s), " + first + " to " + last + ", under a week: too "
                            + "few for a trend, a weekly pattern or a backtest (backtest_mape, coverage80 and coverage95 "
                            + "are null). The forecast is the mean daily spend of those days" + (by != null || byScope.size() > 1
                            ? " (for every scope its own)" : "") + ", its bands allowing that rate to be off by "
                            + Math.round(100 * RecentRate.YOUNG_LOG_RELATIVE_SD) + "% (one standard deviation; about half "
                            + "at 95%) on every day left, the 80% band reaching the last day's spend continuing too; a line "
                            + "through so few days is no trend");
                }
            } else if (f.model instanceof RecentRate) {
                int began = RecentRate.start(f.fit);
                warnings.add(Redactor.redact(e.getKey()) + " began on " + first.plusDays(began) + ", " + (f.y.length - began)
                        + " day(s) before the end of the log, too few for a fit or a backtest (backtest_mape, coverage80 "
                        + "and coverage95 are null): its forecast is its mean daily spend since"
                        + (((RecentRate) f.model).share() < 1 ? String.format(java.util.Locale.ROOT, " on %.1f%% of the days "
                        + "left, the log's share of days with spend (it has spend on few days: one day's spend is no daily "
                        + "rate), the 80%% band reaching that spend on %s", 100 * ((RecentRate) f.model).share(),
                        f.newScopeEventDays80 < 0 ? "every day" : "at most " + f.newScopeEventDays80 + " of the "
                        + f.points.size() + " days left (its day held no more requests than the log's days with spend: "
                        + "the most days with spend the days left hold at the 80% tail of the log's share)") : "")
                        + ", and its bands allow that rate to be off by " + Math.round(100 * RecentRate.RELATIVE_SD)
                        + "% (one standard deviation) on every day left");
            }
            Double budget = budgets.stream().filter(b -> scopeKey(b).equals(e.getKey())).map(Budgets.Budget::monthlyUsd)
                    .findFirst().orElse(null);
            long[] counted = scopeUnpriced.get(e.getKey());
            if (main != null && counted != null && counted[0] > 0 && counted[1] >= counted[0]) {
                // every request of the scope is of a model without a price: its cost is unknown, and a $0 forecast
                // with a zero-width band and coverage 1.0 showed it as certain (review r21f M4; pricing spec: never
                // priced silently at $0), so a budget on it could never alert
                warnings.add(Redactor.redact(e.getKey()) + ": all " + counted[0] + " of its requests are of models "
                        + "without a price (" + unpricedList(a) + "), so its cost is unknown, not $0: month_to_date_usd, "
                        + "forecast_total_usd, its interval, backtest_mape, coverage80, coverage95 and method are null"
                        + (budget != null ? " and its budget's alerts are not evaluated" : "")
                        + "; price them with --prices FILE (see README, \"Prices\")");
                if (budget != null) {
                    unevaluatedBudgets.add(Redactor.redact(e.getKey()));
                }
                summaries.add(new ForecastResult.ScopeSummary(Redactor.redact(e.getKey()), budget, null, null, null,
                        ForecastResult.Interval.UNMEASURED, null, null, null, null));
                continue;
            }
            if (budget != null) {
                budgeted.put(f, budget);
            }
            if (!f.prediction.spreadMeasured()) {
                unmeasured.add(Redactor.redact(e.getKey()));
            }
            summaries.add(new ForecastResult.ScopeSummary(Redactor.redact(e.getKey()), budget, f.monthToDate(),
                    quarterToDate(f), f.periodTotal, f.periodInterval, f.backtest.mape(), f.backtest.coverage80(), f.backtest.coverage95(),
                    f.prediction.describe()));
            if (f.pausedEstimate > 0.005 && f.periodInterval.lo80() != null) {
                warnings.add(Dollars.format("%s: the period's outage days that spend was logged "
                        + "after are estimated at $%.2f in forecast_total_usd (the spend a provider bills if only logging "
                        + "stopped); if spend really paused on them, the period reads $%.2f, which the lower bounds lo80 "
                        + "and lo95 of forecast_total_interval reach", Redactor.redact(e.getKey()), f.pausedEstimate,
                        f.periodTotal - f.pausedEstimate));
            }
            if (main == null) {
                main = f;
                warnings.addAll(BudgetAlerts.earlierOutageNotes(f, last.plusDays(1).withDayOfMonth(1), beforeSilence));
                // a forecast left null (see "why" below) has no bands or bounds for the fit's notes to describe (review r23f L-e)
                ForecastNotes.onTheFit(f, holdout, warnings, covered == null && mostlyUnpriced == null);
            } else if (own != read) {
                if (budget != null) {
                    // a scope's own outage in an earlier month: what it logged and its estimate, as for the total
                    warnings.addAll(BudgetAlerts.earlierOutageNotes(f, last.plusDays(1).withDayOfMonth(1), beforeSilence));
                }
                // the total saw requests on those days (the other scopes logged): it counts the scope's dark days at $0.
                // Scopes may overlap (team:B and model:gpt-4o), so their estimates are not added to it: a note says it
                if (f.missingDays > 0) {
                    warnings.add(Dollars.format("%s's own logging outage (see its note) falls on "
                            + "%d day(s) of the period on which other requests were logged: %s's figures estimate them at "
                            + "$%.2f, while forecast_total_usd and the total's interval count them at the spend logged, so "
                            + "the total may be under by about that much", Redactor.redact(e.getKey()), f.missingDays,
                            Redactor.redact(e.getKey()), f.missingEstimate));
                }
            }
        }
        List<ForecastResult.ScopeSummary> notListed = UnlistedScopes.forecast(unlisted, read, first, last, scopeUnpriced,
                successors, edge, horizon, holdout, prices, main);
        ForecastResult.Interval totalInterval = byScopesSummed(main, summaries, notListed, warnings, !successors.isEmpty());
        if (!notListed.isEmpty()) {
            warnings.add(UnlistedScopes.note(by, topGroups, unlisted.size(), groupCount, notListed, summaries.get(0)));
        }
        // after the last widening: the alerts read the final upper bounds (review r16b #1)
        budgeted.forEach((f, budget) -> alerts.addAll(BudgetAlerts.alerts(f, budget, beforeSilence)));
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
        priceChangeNotes(main, warnings);
        LocalDate monthOf = last.plusDays(1);
        if (!budgeted.isEmpty() && !(horizon.periodStart(monthOf).equals(monthOf.withDayOfMonth(1))
                && horizon.periodEnd(monthOf).equals(monthOf.withDayOfMonth(monthOf.lengthOfMonth())))) {
            // a monthly budget beside a quarter's total read as the quarter's budget, and the months after the first
            // were never checked (review r21f M3): each month is evaluated, and the note gives its figures
            List<String> months = new ArrayList<>();
            budgeted.forEach((f, b) -> months.add(BudgetAlerts.monthsNote(f, b)));
            warnings.add("budgets are monthly, while --horizon forecasts " + horizon.periodStart(monthOf) + " to "
                    + horizon.periodEnd(monthOf) + ": budget_usd in scopes is the monthly budget, not one for the "
                    + "period, beside that period's forecast_total_usd. Each month of the period is evaluated against "
                    + "it, from the month of the first forecast day (" + monthOf.toString().substring(0, 7) + "), and an "
                    + "alert of kind forecast names the month it is for; by month: " + String.join("; ", months));
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
        String why = covered != null ? "the log covers " + covered + ", less than one full day (under " + FULL_DAY_HOURS
                + " hours), so no day's spend is measured whole and a forecast from it would be a guess; month_to_date_usd "
                + "and daily are the spend actually logged"
                : mostlyUnpriced != null ? mostlyUnpriced + ", so the priced requests are too small a part of the traffic "
                + "for their forecast to stand for its spend; month_to_date_usd, daily, weekly and monthly are the priced "
                + "spend actually logged, a lower bound. " + (unpricedRequests == 0 ? "Log the calls' token usage (or their "
                + "cost)" : "Price those models with --prices FILE (see README, \"Prices\")" + (noUsage > 0 ? " and log "
                + "the token usage of the calls without it" : "")) + " to forecast the whole"
                : null;
        nullReason = covered != null ? "less than one full day of data" : mostlyUnpriced != null
                ? "more than " + Math.round(100 * MAX_UNPRICED_SHARE) + "% of the recent log (its requests or its estimated spend) is of "
                + (unpricedRequests == 0 ? "LLM calls without usage" : noUsage > 0 ? "models without a price or LLM calls without usage"
                : "models without a price") + "; see the notes" : null;
        if (why != null) {
            // a partial day, or a sliver of the traffic, is not the spend: a forecast from it would be a guess shown as a figure
            notEvaluated = true;
            warnings.removeIf(w -> w.startsWith("lo80, hi80, lo95 and hi95 are null")
                    || covered != null && (w.startsWith("the log's first day, ") || w.startsWith("the log's last day, ")
                    || w.startsWith("the log has ") && w.contains("under a week: too few for a trend")));
            warnings.add("forecast_total_usd, burn_rate_usd_per_day, method and the bounds lo80, hi80, lo95 and hi95 are null "
                    + "in forecast_total_interval, in scopes too, and forecast is empty: " + why + ". Budget alerts of kind "
                    + "forecast are not evaluated");
            List<ForecastResult.ScopeSummary> partial = summaries.stream().map(x -> new ForecastResult.ScopeSummary(
                    x.scope(), x.budgetUsd(), x.monthToDateUsd(), x.quarterToDateUsd(), null, ForecastResult.Interval.UNMEASURED,
                    x.backtestMape(), x.coverage80(), x.coverage95(), null)).toList();
            return new ForecastResult("total", last.toString(), main.days(), List.of(), main.monthToDate(),
                    quarterToDate(main), null, main.backtest.mape(), main.backtest.coverage80(), main.backtest.coverage95(),
                    alerts.stream().filter(x -> !"forecast".equals(x.kind())).toList(), ForecastResult.Interval.UNMEASURED,
                    // no model stands behind null figures: naming one read as if it had been fitted (review r21f L3)
                    main.periodStart.toString(), main.periodEnd.toString(), null, null, main.weeks(),
                    main.months(), partial, warnings, main.cumulative().stream().filter(c -> c.actualUsd() != null).toList(),
                    null, excluded);
        }
        return new ForecastResult("total", last.toString(), main.days(), rowsOfThePeriod(main, warnings), main.monthToDate(),
                quarterToDate(main), main.periodTotal, main.backtest.mape(), main.backtest.coverage80(), main.backtest.coverage95(), alerts, totalInterval, main.periodStart.toString(),
                main.periodEnd.toString(), main.burnRate(), main.prediction.describe(), main.weeks(), main.months(),
                summaries, warnings, main.cumulative(), null, excluded);
    }

    /**
     * With --by scopes that split the total (their month-to-date adds up to its own), the total's forecast is their sum
     * (review r16b #8): each series is fitted alone, and a step or a start in one scope reads differently in the total
     * it is a part of (r16b #8 T10: a team new on the last day, the total $21.35, its teams $21.00 + $5.95; review r15
     * #1 T6, #2 X2: the total outside its teams' sum). The interval holds the total's own and the fit's spread around the
     * sum, and at 95% any one scope at its own 80% bound (see ScopeForecast.moveTo). summaries.get(0), the total's, is
     * replaced when it moves. {@code replaced}: a scope was replaced by another on the last days (see {@link #successors}).
     */
    private ForecastResult.Interval byScopesSummed(ScopeForecast main, List<ForecastResult.ScopeSummary> summaries,
                                                   List<ForecastResult.ScopeSummary> notListed, List<String> warnings,
                                                   boolean replaced) {
        ForecastResult.ScopeSummary total = summaries.get(0);
        ForecastResult.Interval in = total.forecastTotalInterval();
        if (by == null || in.lo80() == null || total.forecastTotalUsd() == null) {
            return in;
        }
        double points = 0, mtd = 0, above = 0, below = 0;
        int scopes = 0;
        List<ForecastResult.ScopeSummary> every = new ArrayList<>(summaries.subList(1, summaries.size()));
        every.addAll(notListed);
        for (ForecastResult.ScopeSummary x : every) {
            if (x.scope().startsWith(by.id() + ":") && x.forecastTotalUsd() != null) {
                points += x.forecastTotalUsd();
                mtd += x.monthToDateUsd() == null ? 0 : x.monthToDateUsd();
                scopes++;
                ForecastResult.Interval xi = x.forecastTotalInterval();
                if (xi.lo80() != null) {
                    above = Math.max(above, xi.hi80() - x.forecastTotalUsd());
                    below = Math.max(below, x.forecastTotalUsd() - xi.lo80());
                }
            }
        }
        if (scopes < 2 || Math.abs(mtd - total.monthToDateUsd()) > 1e-6 * Math.max(1, total.monthToDateUsd())) {
            return in;
        }
        double own = main.periodTotal;
        ForecastResult.Interval moved = main.moveTo(points, above, below, replaced);
        if (Math.abs(points - own) >= 0.005) {
            // review r25f L6: the same log gave two totals with and without --by; the note says which and why
            warnings.add(String.format(java.util.Locale.ROOT, "forecast_total_usd is the sum of the --by %s scopes' "
                    + "forecasts, $%s; the total's own fit reads $%s, the forecast_total_usd of this log without --by. "
                    + "Each series is fitted alone, and a change in one %s (one that began, ended, stepped or spiked on "
                    + "the last days) reads differently in the total it is a part of, so with --by the sum, which reads "
                    + "each %s's own change, is the total's figure: forecast, cumulative and forecast_total_interval of "
                    + "the total are moved to that sum, the interval holding the total's own reading too, and at 95%% "
                    + "any one %s at its own 80%% bound", by.id(), Dollars.of(points), Dollars.of(own), by.id(), by.id(),
                    by.id()));
        }
        summaries.set(0, new ForecastResult.ScopeSummary(total.scope(), total.budgetUsd(), total.monthToDateUsd(),
                total.quarterToDateUsd(), main.periodTotal, moved, total.backtestMape(), total.coverage80(), total.coverage95(), total.method()));
        return moved;
    }

    /**
     * Names the dated prices inside the period that priced its days ahead, and what they moved the total by; with
     * --price-date, that they were not applied (every request, and every day ahead, is priced at that one date).
     */
    private void priceChangeNotes(ScopeForecast main, List<String> warnings) {
        List<String> inside = prices.changesInside(main.last);
        if (!inside.isEmpty()) {
            warnings.add("the price book has dated prices that took effect on the log's last " + PriceChanges.RECENT_DAYS
                    + " days (" + String.join("; ", inside) + "): the fit reads each day's tokens at the prices of "
                    + main.last + ", so the change is no dip, spike or new level of use; month_to_date_usd keeps what "
                    + "each day was priced at");
        }
        List<String> changes = prices.changes(main.last, main.periodEnd);
        if (changes.isEmpty()) {
            return;
        }
        if (prices.atOneDate()) {
            warnings.add("the price book has dated prices taking effect inside the period forecast (" + String.join("; ", changes)
                    + "): --price-date prices every request at one date, the days ahead too, so they are not applied");
            return;
        }
        warnings.add(Dollars.format("the price book has dated prices taking effect inside the "
                + "period forecast: %s. The days ahead from each are priced at it (each scope's tokens of the last %d "
                + "days, per model and kind, at that day's prices over those of %s), their bounds with them: "
                + "forecast_total_usd is $%.2f, $%.2f %s than at the prices of %s%s", String.join("; ", changes),
                PriceChanges.MIX_DAYS, main.last, main.periodTotal, Math.abs(main.repriced),
                main.repriced < 0 ? "less" : "more", main.last, by == Dimension.USER ? ". A --by user scope is scaled by "
                + "the total's mix (the log's charges name no user, so a user's own mix is unknown): its bounds reach its "
                + "days ahead at the ratio of any one model of that mix" : ""));
    }

    /**
     * The --by scopes replaced by another on the last days, each with its successor: the scope's requests stopped
     * (at least a week of them before) and the successor began (RecentRate's "began on the last days") on the day
     * after its last request or on that day, and spent on each day since, so the traffic moved and did not stop.
     */
    private Map<String, String> successors(Map<String, DailyActuals> byScope, LocalDate first, LocalDate last) {
        Map<String, String> out = new java.util.HashMap<>();
        if (by == null) {
            return out;
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        byScope.forEach((k, v) -> {
            if (k.startsWith(by.id() + ":")) {
                series.put(k, v.dense(first, last));
            }
        });
        series.forEach((a, ya) -> {
            int lastSpend = ya.length - 1;
            while (lastSpend >= 0 && !(ya[lastSpend] > 0)) {
                lastSpend--;
            }
            if (lastSpend < Forecaster.WEEK || lastSpend == ya.length - 1) {
                return;
            }
            for (var b : series.entrySet()) {
                int began = RecentRate.start(b.getValue());
                boolean spendsSince = began >= lastSpend && began <= lastSpend + 1;
                for (int t = lastSpend + 1; spendsSince && t < ya.length; t++) {
                    spendsSince = b.getValue()[t] > 0;
                }
                if (spendsSince && !b.getKey().equals(a)) {
                    out.put(a, b.getKey());
                    return;
                }
            }
        });
        return out;
    }

    /**
     * A scope silent on its last days while the log kept logging is read as ended (OutageDays.ofScope), but on one to
     * three days the end rule reads the silence both ways and the forecast keeps the level before it: the note said
     * "its forecast follows them" beside a continuing figure (review r21f M1: team:B $9.45, ended $3.85). The note
     * then says what the figure does and which bound holds the ended reading.
     */
    private static void endedNoteSaysWhatTheFigureDoes(String shown, ScopeForecast f, List<String> warnings) {
        String follows = "and its forecast follows them; if only its logging stopped, its figures understate its spend";
        double ended = f.actualBetween(f.periodStart, f.last);
        if (f.periodTotal <= ended + 0.005) {
            return;
        }
        ForecastResult.Interval in = f.periodInterval;
        String band = in.lo80() == null ? "no interval could be measured"
                : in.lo80() <= ended + 0.005 ? "its 80% band reaches down to that reading"
                : Dollars.format("its 80%% band reaches down to $%.2f", in.lo80());
        warnings.replaceAll(w -> w.startsWith(shown + ": no requests since ") && w.endsWith(follows)
                ? w.replace(follows, Dollars.format("but so few silent days do not tell an end "
                + "from a pause: its forecast, $%.2f for the period, takes the level before them, the spend ending "
                + "would give $%.2f and %s", f.periodTotal, ended, band)) : w);
    }

    /**
     * A budget's scope as the --by scopes are keyed: its value redacted as a group label is (review r17 #8: a budget on
     * user:leo@example.com was a second scope beside --by user's user:<email:…>, both with the same name).
     */
    private static String scopeKey(Budgets.Budget b) {
        return b.dimension() == null ? b.scope() : b.dimension() + ":" + Redactor.label(b.value());
    }

    static final int RECENT_DAYS = 7;

    /** Spend logged from the first day of the quarter of the first forecast day to the last day of data. */
    static double quarterToDate(ScopeForecast f) {
        return f.actualBetween(f.last.plusDays(1).with(java.time.temporal.IsoFields.DAY_OF_QUARTER, 1), f.last);
    }

    /**
     * The forecast rows, so that month_to_date (or the spend logged in the period) plus their sum is forecast_total_usd
     * (review r25f L1: a finance user summing --forecast-csv got $292.28 for a total of $297.28): the days ahead, and
     * before them each day of the period the log saw only part of, its row holding the spend the log missed (the rest
     * of a partial last day, a logging outage's estimate) at the point, as the period total counts it.
     */
    private static List<ForecastResult.Point> rowsOfThePeriod(ScopeForecast main, List<String> warnings) {
        List<ForecastResult.Point> rows = new ArrayList<>();
        LocalDate from = main.periodStart.isBefore(main.first) ? main.first : main.periodStart;
        // the period's missing days as the period total estimates them: each run from the period's first day
        double[] missing = main.missing((int) ChronoUnit.DAYS.between(main.first, from)).perDay();
        List<String> estimated = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(main.last); d = d.plusDays(1)) {
            int i = (int) ChronoUnit.DAYS.between(main.first, d);
            double unlogged = missing[i] + (d.equals(main.last) ? main.rest : 0);
            if (unlogged > 0) {
                rows.add(new ForecastResult.Point(d.toString(), unlogged, unlogged, unlogged, unlogged, unlogged));
                estimated.add(d.toString());
            }
        }
        if (!estimated.isEmpty()) {
            warnings.add("forecast (and --forecast-csv) has a row for " + (estimated.size() == 1 ? "the day " : "each of the days ")
                    + String.join(", ", estimated) + " before the first forecast day: the spend of the period the log did not see "
                    + "on " + (estimated.size() == 1 ? "it" : "them") + " (" + (main.rest > 0 ? "the hours after the log ends on "
                    + main.last + (estimated.size() > 1 ? "; " : "") : "") + (estimated.size() > (main.rest > 0 ? 1 : 0)
                    ? "the days the fit reads as missing, see the note on them" : "") + "), estimated as forecast_total_usd counts it, so that the spend logged in the period (month_to_date_usd; "
                    + "quarter_to_date_usd for a quarter) plus the rows' cost_usd is forecast_total_usd; its lo80 to hi95 "
                    + "are that estimate (forecast_total_interval holds an outage's error)");
        }
        rows.addAll(main.points);
        return rows;
    }

}
