package io.techopt.forecast;

import io.techopt.report.Fmt;
import io.techopt.report.Report;
import io.techopt.report.ReportView;
import io.techopt.report.ResultReport;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The cost-forecast report: the JSON model and how the text formats lay it out. */
public record ForecastReport(ForecastResult result, String nullReason) implements ResultReport<ForecastResult> {
    /** {@code nullReason}: why the forecast figures are null, for the headline (null: the short-history reason). */
    public ForecastReport {
        java.util.Objects.requireNonNull(result, "result");
        nullReason = nullReason == null ? "less than one full day of data" : nullReason;
    }

    public ForecastReport(ForecastResult result) {
        this(result, null);
    }

    /**
     * The report a {@code cost-forecast -f json} output holds, for {@code techopt render}, drawn from the JSON alone:
     * why the forecast figures are null is read from the warning that says so.
     */
    public static Report fromJson(com.fasterxml.jackson.databind.JsonNode doc) {
        return io.techopt.report.JsonSections.report(doc, ForecastResult.class, f -> new ForecastReport(f, nullReasonIn(f.warnings())));
    }

    /** The headline's reason for null forecast figures, from the warning CostForecaster writes then (null: none). */
    static String nullReasonIn(List<String> warnings) {
        String w = warnings.stream().filter(x -> x.startsWith("forecast_total_usd, burn_rate_usd_per_day")) // "and the bounds" or ", method and the bounds"
                .findFirst().orElse(null);
        if (w == null || w.contains(", less than one full day (under ")) {
            return null; // the constructor's own: less than one full day of data
        }
        // CostForecaster's words for a log mostly of unpriced models or calls without usage (its why names which)
        String what = w.contains("Log the calls' token usage (or their cost)") ? "LLM calls without usage"
                : w.contains(" and log the token usage of the calls without it") ? "models without a price or LLM calls without usage"
                : "models without a price";
        return "more than " + Math.round(100 * UnpricedShare.MAX_UNPRICED_SHARE) + "% of the recent log (its requests or its "
                + "estimated spend) is of " + what + "; see the notes";
    }

    @Override
    public ReportView view() {
        ForecastResult f = result;
        List<ReportView.Block> b = new ArrayList<>();
        ForecastResult.Interval i = f.forecastTotalInterval();
        List<Item> summary = new ArrayList<>(List.of(
                Item.of("Data", f.daily().get(0).date() + " to " + f.asOf() + " (" + f.daily().size() + " days)", Kind.TEXT),
                Item.of("Month to date", f.monthToDateUsd(), Kind.MONEY)));
        if (isQuarter(f.periodStart(), f.periodEnd())) {
            summary.add(Item.of("Quarter to date", f.quarterToDateUsd(), Kind.MONEY));
        }
        summary.addAll(List.of(
                Item.of("Burn rate (last 7 days)", f.burnRateUsdPerDay() == null ? "- (" + nullReason + ")"
                        : Fmt.money(f.burnRateUsdPerDay()) + " a day", Kind.TEXT),
                Item.of("Forecast total " + f.periodStart() + " to " + f.periodEnd(), (f.forecastTotalUsd() == null ? "- (" + nullReason + ")" : Fmt.money(f.forecastTotalUsd()))
                        + " (80%: " + money(i.lo80()) + " to " + money(i.hi80()) + "; 95%: " + money(i.lo95())
                        + " to " + money(i.hi95()) + ")", Kind.TEXT),
                Item.of("Backtest MAPE (rolling origin)", f.backtestMape(), Kind.PERCENT),
                Item.of("Backtest days inside the 80% / 95% bands", f.coverage80() == null ? "- (too little history)"
                        : Fmt.human(f.coverage80(), Kind.PERCENT) + " / " + Fmt.human(f.coverage95(), Kind.PERCENT), Kind.TEXT),
                Item.of("Model", f.method() == null ? "- (" + nullReason + ")" : f.method(), Kind.TEXT),
                Item.of("Alerts", f.alerts().size(), Kind.INT)));
        b.add(new ReportView.Summary("Summary", summary));

        List<List<Object>> alerts = new ArrayList<>();
        for (ForecastResult.Alert a : f.alerts()) {
            alerts.add(Arrays.asList(a.scope(), a.kind(), a.threshold(), a.expectedDate(), a.budgetUsd(), a.valueUsd(),
                    Boolean.toString(a.past())));
        }
        b.add(new ReportView.Table("alerts", "Budget alerts", List.of(new Column("scope", Kind.TEXT),
                new Column("kind", Kind.TEXT), new Column("threshold", Kind.PERCENT), new Column("expected_date", Kind.TEXT),
                new Column("budget_usd", Kind.MONEY), new Column("value_usd", Kind.MONEY), new Column("past", Kind.TEXT)), alerts));
        if (!f.alerts().isEmpty()) {
            b.add(new ReportView.Notes("What the alerts say", f.alerts().stream().map(ForecastResult.Alert::message).toList()));
        }

        // a quarter's forecast beside the quarter's spend so far, not the month's alone (review r26f LOW-5)
        boolean quarter = isQuarter(f.periodStart(), f.periodEnd());
        List<List<Object>> scopes = new ArrayList<>();
        for (ForecastResult.ScopeSummary s : f.scopes()) {
            List<Object> row = new ArrayList<>(Arrays.asList(s.scope(), s.budgetUsd(), s.monthToDateUsd()));
            if (quarter) {
                row.add(s.quarterToDateUsd());
            }
            row.addAll(Arrays.asList(s.forecastTotalUsd(), s.forecastTotalInterval().lo80(), s.forecastTotalInterval().hi80(),
                    s.backtestMape()));
            scopes.add(row);
        }
        List<Column> scopeColumns = new ArrayList<>(List.of(new Column("scope", Kind.TEXT), new Column("budget_usd", Kind.MONEY),
                new Column("month_to_date_usd", Kind.MONEY)));
        if (quarter) {
            scopeColumns.add(new Column("quarter_to_date_usd", Kind.MONEY));
        }
        scopeColumns.addAll(List.of(new Column("forecast_total_usd", Kind.MONEY), new Column("lo80", Kind.MONEY),
                new Column("hi80", Kind.MONEY), new Column("backtest_mape", Kind.PERCENT)));
        b.add(new ReportView.Table("scopes", "Scopes", scopeColumns, scopes));

        b.add(chart());
        b.add(cumulativeChart());
        List<List<Object>> points = new ArrayList<>();
        for (ForecastResult.Point p : f.forecast()) {
            points.add(Arrays.asList(p.date(), p.costUsd(), p.lo80(), p.hi80(), p.lo95(), p.hi95()));
        }
        b.add(new ReportView.Table("forecast", "Daily forecast", List.of(new Column("date", Kind.TEXT),
                new Column("cost_usd", Kind.MONEY), new Column("lo80", Kind.MONEY), new Column("hi80", Kind.MONEY),
                new Column("lo95", Kind.MONEY), new Column("hi95", Kind.MONEY)), points));
        b.add(periods("monthly", "Monthly actuals", "month", f.monthly()));
        b.add(periods("weekly", "Weekly actuals (weeks start on Monday)", "week", f.weekly()));
        List<List<Object>> days = new ArrayList<>();
        for (ForecastResult.Day d : f.daily()) {
            days.add(Arrays.asList(d.date(), d.costUsd()));
        }
        b.add(new ReportView.Table("daily", "Daily actuals", List.of(new Column("date", Kind.TEXT),
                new Column("cost_usd", Kind.MONEY)), days));
        List<String> notes = new ArrayList<>(f.warnings());
        if (f.webhook() != null) {
            notes.add("webhook: " + f.webhook().status() + " after " + f.webhook().attempts() + " attempt(s)"
                    + (f.webhook().httpStatus() == null ? "" : ", HTTP " + f.webhook().httpStatus()));
        }
        if (!notes.isEmpty()) {
            // csv carries them too: a blank forecast cell there says nothing of why (a mostly unpriced log, a partial day)
            b.add(ReportView.Notes.inCsv("Notes", notes, "notes"));
        }
        return new ReportView("techopt cost-forecast", b);
    }

    /** Money, or "-" for a bound that cannot be measured. */
    private static String money(Double v) {
        return Fmt.human(v, Kind.MONEY);
    }

    private static boolean isQuarter(String start, String end) {
        if (start == null || end == null) {
            return false;
        }
        java.time.LocalDate s = java.time.LocalDate.parse(start);
        return s.get(java.time.temporal.IsoFields.DAY_OF_QUARTER) == 1 && java.time.LocalDate.parse(end).equals(s.plusMonths(3).minusDays(1));
    }

    private static boolean isMonth(java.time.LocalDate start, java.time.LocalDate end) {
        return start.getDayOfMonth() == 1 && end.equals(start.withDayOfMonth(start.lengthOfMonth()));
    }

    /** The period's running total, against the total's budget when the period is a month. */
    private ReportView.BandChart cumulativeChart() {
        ForecastResult f = result;
        List<String> labels = new ArrayList<>();
        List<Double> actual = new ArrayList<>(), forecast = new ArrayList<>(), lo = new ArrayList<>(), hi = new ArrayList<>();
        for (ForecastResult.Cumulative c : f.cumulative()) {
            labels.add(c.date().substring(5));
            actual.add(c.actualUsd() == null ? Double.NaN : c.actualUsd());
            forecast.add(c.forecastUsd() == null ? Double.NaN : c.forecastUsd());
            lo.add(c.lo80() == null ? Double.NaN : c.lo80());
            hi.add(c.hi80() == null ? Double.NaN : c.hi80());
        }
        // cumulative runs over the period: a monthly budget is a line to read it against only when the period is a month
        boolean month = f.periodStart() == null || f.periodEnd() == null || isMonth(java.time.LocalDate.parse(f.periodStart()),
                java.time.LocalDate.parse(f.periodEnd()));
        List<Item> lines = !month ? List.of() : f.scopes().stream().filter(s -> s.scope().equals("total") && s.budgetUsd() != null)
                .map(s -> Item.of("monthly budget", s.budgetUsd(), Kind.MONEY)).toList();
        return new ReportView.BandChart("month_running_total", month ? "This month's running total against the budget"
                : "The running total of " + f.periodStart() + " to " + f.periodEnd(), labels, actual, forecast, lo, hi, lines);
    }

    private static ReportView.Table periods(String id, String title, String col, List<ForecastResult.Period> ps) {
        List<List<Object>> rows = new ArrayList<>();
        for (ForecastResult.Period p : ps) {
            rows.add(Arrays.asList(p.start(), p.costUsd(), p.days()));
        }
        return new ReportView.Table(id, title, List.of(new Column(col, Kind.TEXT), new Column("cost_usd", Kind.MONEY),
                new Column("days", Kind.INT)), rows);
    }

    /** The last 60 days of actuals, then the forecast with its 80% band, and the total budget's daily share. */
    private ReportView.BandChart chart() {
        ForecastResult f = result;
        List<String> labels = new ArrayList<>();
        List<Double> actual = new ArrayList<>(), forecast = new ArrayList<>(), lo = new ArrayList<>(), hi = new ArrayList<>();
        List<ForecastResult.Day> days = f.daily().subList(Math.max(0, f.daily().size() - 60), f.daily().size());
        for (ForecastResult.Day d : days) {
            labels.add(d.date().substring(5));
            actual.add(d.costUsd());
            forecast.add(Double.NaN);
            lo.add(Double.NaN);
            hi.add(Double.NaN);
        }
        for (ForecastResult.Point p : f.forecast()) {
            if (p.date().compareTo(f.asOf()) <= 0) {
                continue; // a day the log saw part of is in the actuals already; its row holds only what the log missed
            }
            labels.add(p.date().substring(5));
            actual.add(Double.NaN);
            forecast.add(p.costUsd());
            lo.add(p.lo80() == null ? Double.NaN : p.lo80());
            hi.add(p.hi80() == null ? Double.NaN : p.hi80());
        }
        List<Item> lines = new ArrayList<>();
        for (ForecastResult.ScopeSummary s : f.scopes()) {
            if (s.scope().equals("total") && s.budgetUsd() != null) {
                // the monthly budget as an even daily allowance, comparable with daily spend
                int len = java.time.LocalDate.parse(f.asOf()).plusDays(1).lengthOfMonth();
                lines.add(Item.of(String.format(Locale.ROOT, "budget/day (of %s a month)", Fmt.money(s.budgetUsd())),
                        s.budgetUsd() / len, Kind.MONEY));
            }
        }
        return new ReportView.BandChart("actual_vs_forecast", "Daily cost: actual and forecast", labels, actual, forecast,
                lo, hi, lines);
    }
}
