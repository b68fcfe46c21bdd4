package io.techopt.forecast;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** The {@code cost-forecast --format json} model; keys are snake_case and stable. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"scope", "as_of", "daily", "forecast", "month_to_date_usd", "quarter_to_date_usd", "forecast_total_usd", "backtest_mape",
        "coverage80", "coverage95", "alerts"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ForecastResult(
        String scope,
        String asOf,
        List<Day> daily,
        List<Point> forecast,
        double monthToDateUsd,
        /** Spend logged from the first day of the quarter of the first forecast day to as of. */
        @JsonInclude(JsonInclude.Include.ALWAYS) Double quarterToDateUsd,
        /** Null (key present, a warning says why) when the log covers less than one full day. */
        @JsonInclude(JsonInclude.Include.ALWAYS) Double forecastTotalUsd,
        /** Null (key present, a warning says why) when the history is too short for a backtest; so are the coverages. */
        @JsonInclude(JsonInclude.Include.ALWAYS) Double backtestMape,
        /** Share of backtest days inside the 80% / 95% intervals. */
        @JsonProperty("coverage80") @JsonInclude(JsonInclude.Include.ALWAYS) Double coverage80,
        @JsonProperty("coverage95") @JsonInclude(JsonInclude.Include.ALWAYS) Double coverage95,
        List<Alert> alerts,
        Interval forecastTotalInterval,
        String periodStart,
        String periodEnd,
        /** Null (key present, a warning says why) when the log covers less than one full day. */
        @JsonInclude(JsonInclude.Include.ALWAYS) Double burnRateUsdPerDay,
        /** Null (key present) with the forecast figures: no model stands behind them. */
        @JsonInclude(JsonInclude.Include.ALWAYS) String method,
        List<Period> weekly,
        List<Period> monthly,
        List<ScopeSummary> scopes,
        List<String> warnings,
        List<Cumulative> cumulative,
        Webhook webhook,
        /** Days with requests left out of the series as stray or far outside the log's range (a warning says why). */
        List<String> excludedDays) {

    /** Money is rounded half-even to a billionth of a dollar, once, as every output writes it: float residue of sums
     *  (24.999999999999996) is no figure, and a sub-cent log's figures keep their digits (review r25f L4). */
    public ForecastResult {
        monthToDateUsd = usd(monthToDateUsd);
        quarterToDateUsd = usd(quarterToDateUsd);
        forecastTotalUsd = usd(forecastTotalUsd);
        burnRateUsdPerDay = usd(burnRateUsdPerDay);
    }

    /** The digits money keeps in every cost-forecast output (USD). */
    static final int USD_SCALE = 9;

    static double usd(double v) {
        return Double.isFinite(v) ? new java.math.BigDecimal(v).setScale(USD_SCALE, java.math.RoundingMode.HALF_EVEN).doubleValue() : v;
    }

    static Double usd(Double v) {
        return v == null ? null : usd(v.doubleValue());
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Day(String date, double costUsd) {
        public Day {
            costUsd = usd(costUsd);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    /** The bounds are null (keys present, a warning says why) when the fit measures no spread. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Point(String date, double costUsd, Double lo80, Double hi80, Double lo95, Double hi95) {
        public Point {
            costUsd = usd(costUsd);
            lo80 = usd(lo80);
            hi80 = usd(hi80);
            lo95 = usd(lo95);
            hi95 = usd(hi95);
        }
    }

    /** Running total over the budget month: actual to the last day of data, then forecast with its 80% interval. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Cumulative(String date, Double actualUsd, Double forecastUsd, Double lo80, Double hi80) {
        public Cumulative {
            actualUsd = usd(actualUsd);
            forecastUsd = usd(forecastUsd);
            lo80 = usd(lo80);
            hi80 = usd(hi80);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Interval(Double lo80, Double hi80, Double lo95, Double hi95) {
        /** Float residue of sums that cancel (1.282e-12 for an ended scope, review r23f L-f) rounds to $0, not a bound. */
        public Interval {
            lo80 = usd(lo80);
            hi80 = usd(hi80);
            lo95 = usd(lo95);
            hi95 = usd(hi95);
        }

        /** Figures closer to $0 than this are float residue (no request costs so little). */
        static final double RESIDUE = 1e-9;

        /** Bounds that cannot be measured: every key present, every value null. */
        public static final Interval UNMEASURED = new Interval(null, null, null, null);
    }

    /** A week (starting Monday) or a calendar month of actual spend; partial when the data covers only part of it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Period(String start, double costUsd, int days) {
        public Period {
            costUsd = usd(costUsd);
        }
    }

    /**
     * kind: "actual" (month-to-date spend passed threshold x budget on expected_date) or "forecast" (the
     * month-end forecast's 80% upper bound exceeds the budget; expected_date is when spend is expected to cross).
     * past: about a completed month before the one evaluated, an overrun that already happened: reported, but no
     * --fail-on-alert failure (a gate red all month for what nobody can fix any more).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Alert(String scope, String kind, double threshold, String expectedDate, double budgetUsd,
                        double valueUsd, boolean past, String message) {
        public Alert {
            budgetUsd = usd(budgetUsd);
            valueUsd = usd(valueUsd);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ScopeSummary(String scope, Double budgetUsd, Double monthToDateUsd, Double quarterToDateUsd,
                               Double forecastTotalUsd, Interval forecastTotalInterval, Double backtestMape,
                               @JsonProperty("coverage80") Double coverage80,
                               @JsonProperty("coverage95") Double coverage95, String method) {
        public ScopeSummary {
            budgetUsd = usd(budgetUsd);
            monthToDateUsd = usd(monthToDateUsd);
            quarterToDateUsd = usd(quarterToDateUsd);
            forecastTotalUsd = usd(forecastTotalUsd);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Webhook(String status, int attempts, Integer httpStatus) {
    }

    /** A result with no excluded days. */
    public ForecastResult(String scope, String asOf, List<Day> daily, List<Point> forecast, double monthToDateUsd,
                          double forecastTotalUsd, Double backtestMape, Double coverage80, Double coverage95,
                          List<Alert> alerts, Interval forecastTotalInterval, String periodStart, String periodEnd,
                          double burnRateUsdPerDay, String method, List<Period> weekly, List<Period> monthly,
                          List<ScopeSummary> scopes, List<String> warnings, List<Cumulative> cumulative, Webhook webhook) {
        this(scope, asOf, daily, forecast, monthToDateUsd, null, forecastTotalUsd, backtestMape, coverage80, coverage95, alerts,
                forecastTotalInterval, periodStart, periodEnd, burnRateUsdPerDay, method, weekly, monthly, scopes, warnings,
                cumulative, webhook, List.of());
    }

    public ForecastResult withWebhook(Webhook w) {
        return new ForecastResult(scope, asOf, daily, forecast, monthToDateUsd, quarterToDateUsd, forecastTotalUsd, backtestMape, coverage80,
                coverage95, alerts,
                forecastTotalInterval, periodStart, periodEnd, burnRateUsdPerDay, method, weekly, monthly, scopes,
                warnings, cumulative, w, excludedDays);
    }
}
