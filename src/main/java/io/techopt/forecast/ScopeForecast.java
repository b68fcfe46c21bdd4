package io.techopt.forecast;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.techopt.forecast.CostForecaster.*;
import static io.techopt.forecast.EdgeDays.*;

/**
 * One scope's series, its fit and calibrated forecast, the period total with the forecast spend of its missing days,
 * and its daily, weekly, monthly and cumulative figures.
 */
final class ScopeForecast {
    final String scope;
    /** The spend logged per day, and the series the model fits (partial first and last days scaled to full ones). */
    final double[] y, fit;
    /** The estimated spend of the last day after the log ends (0 when the last day is whole). */
    final double rest;
    /**
     * {@link #rest} where the last day is in the period, else 0: a period that starts after it (--horizon 30d, a log
     * ending on a month's last day) holds no row for it (fe19b: the total counted $0.39 of November 14 in November 15
     * to December 14).
     */
    final double restInPeriod;
    final LocalDate first, last, periodStart, periodEnd;
    final Forecast model;
    final Prediction prediction;
    final Forecaster.Backtest backtest;
    /** The refits, for the estimates of missing days before the period (earlier months' outages). */
    final Forecaster.Result result;
    final List<ForecastResult.Point> points = new ArrayList<>();
    /** The forecast spend of the period's missing days beyond what they logged, and its 80%/95% half-widths squared. */
    double missingEstimate, missing80, missing95;
    /** The part of missingEstimate on outage days the log logged spend after (not a silent tail): a pause would not bill it. */
    double pausedEstimate;
    int missingDays;
    /** The period's forecast; for the total under --by, the scopes' sum once {@link #moveTo} ran. */
    double periodTotal;
    /** What moveTo added to the period total, spread evenly over the days left. */
    private double moved;
    /** The final interval of the period total: the end rule's reading, and for the total the --by scopes' sum (see widen). */
    ForecastResult.Interval periodInterval;
    /** The 80% and 95% upper bounds of the period total from the fit's errors alone, before any widening. */
    private double fitHi80, fitHi95;
    /** The 80% lower bound from the fit's errors (and a sparse log's count of days) alone, before any widening. */
    private double fitLo80;
    /** Days from the day after the log to the period's end. */
    private final int periodDays;

    /** @param outage per day, what the fit multiplies the day's spend by: NaN for an outage's missing days, over 1 for a day it cut short */
    ScopeForecast(String scope, double[] y, double[] outage, int stoppedFrom, double[] edge, LocalDate first, LocalDate last,
                  Horizon horizon, int holdout, PriceChanges prices) {
        this(scope, y, outage, stoppedFrom, edge, first, last, horizon, holdout, prices, 1);
    }

    /** @param logShare the log's share of days with spend, under 1 when it has spend on few days (see {@link #logShare}) */
    ScopeForecast(String scope, double[] y, double[] outage, int stoppedFrom, double[] edge, LocalDate first, LocalDate last,
                  Horizon horizon, int holdout, PriceChanges prices, double logShare) {
        this(scope, y, outage, stoppedFrom, edge, first, last, horizon, holdout, prices, logShare, null);
    }

    /** @param requests the requests per day, as y (null: not known) */
    ScopeForecast(String scope, double[] y, double[] outage, int stoppedFrom, double[] edge, LocalDate first, LocalDate last,
                  Horizon horizon, int holdout, PriceChanges prices, double logShare, long[] requests) {
        this(scope, y, outage, stoppedFrom, edge, first, last, horizon, holdout, prices, logShare, requests, null);
    }

    /** @param log the total's forecast this is a --by scope of (null: this is the total, or none is known) */
    ScopeForecast(String scope, double[] y, double[] outage, int stoppedFrom, double[] edge, LocalDate first, LocalDate last,
                  Horizon horizon, int holdout, PriceChanges prices, double logShare, long[] requests, ScopeForecast log) {
        this.scope = scope;
        this.requests = requests;
        this.y = y;
        this.fit = y.clone();
        int n = y.length;
        // the history at the prices of its last day: a dated price change inside it is no level change (review r23f N1)
        double[] repricedAt = prices.historyAtPricesOf(scope, first, last);
        for (int i = 0; i < n; i++) {
            fit[i] *= outage[i]; // an outage's days are missing values (NaN), not zero spend
            fit[i] *= i < repricedAt.length ? repricedAt[i] : 1;
        }
        // the first day is filled in before it serves as a neighbour of the last
        fit[0] += n > 1 && edge[0] <= MAX_MISSING_SHARE ? missingSpend(y[0], edge[0], neighbourMean(fit, 1, Math.min(n - 1, 8)), Double.NaN) : 0;
        if (n > 1 && edge[0] > MAX_MISSING_SHARE) {
            fit[0] = Double.NaN; // a first day of a few late hours: missing (the period total keeps what it logged)
        }
        if (n > 1 && edge[1] > MAX_MISSING_SHARE) {
            fit[n - 1] = Double.NaN; // a last day of a few minutes: missing, its estimate is the forecast's
        }
        this.rest = n > 1 && !Double.isNaN(fit[n - 1]) ? missingSpend(y[n - 1], edge[1], neighbourMean(fit, Math.max(0, n - 8), n - 1), fit[n - 2]) : 0;
        this.restAtItsRate = rest > 0 ? y[n - 1] * edge[1] / (1 - edge[1]) : 0;
        this.burstLastShare = edge.length > 2 && !Double.isNaN(fit[n - 1]) ? edge[2] : 0;
        fit[n - 1] += rest;
        this.first = first;
        this.last = last;
        LocalDate next = last.plusDays(1);
        periodStart = horizon.periodStart(next);
        periodEnd = horizon.periodEnd(next);
        restInPeriod = last.isBefore(periodStart) ? 0 : rest;
        int h = (int) ChronoUnit.DAYS.between(last, periodEnd);
        LocalDate monthEnd = next.withDayOfMonth(next.lengthOfMonth());
        int calibrate = Math.max(h, (int) ChronoUnit.DAYS.between(last, monthEnd));
        Forecaster.Result r = Forecaster.forecast(fit, holdout, calibrate, stoppedFrom, first.getDayOfWeek().getValue(), logShare);
        this.result = r;
        this.prediction = r.prediction();
        this.model = prediction.model();
        this.backtest = r.backtest();
        this.price = prices.ratios(scope, last, calibrate);
        double sum = 0, atPricesAsOf = 0;
        boolean bands = prediction.spreadMeasured();
        periodDays = h;
        for (int k = 1; k <= h; k++) {
            sum += prediction.mean(k) * price(k);
            atPricesAsOf += prediction.mean(k);
        }
        repriced = sum - atPricesAsOf;
        dailyPoints(); // the fit's bands, for newLevelTotal; raised once the final interval is known
        // the period's missing days (an outage, a quiet tail, a last day of minutes) are spend the provider bills
        // though the log did not see it: each run's forecast from the fit on the days before it, less the spend
        // logged on its days, with its error (review h12d #1, #4, #5)
        int from = (int) Math.max(0, ChronoUnit.DAYS.between(first, periodStart));
        Missing period = missing(from);
        double est = 0;
        for (double v : period.perDay()) {
            est += v;
        }
        double var80 = period.var80(), var95 = period.var95();
        missingDays = period.days();
        missingEstimate = est;
        missing80 = var80;
        missing95 = var95;
        double actual = actualBetween(periodStart, last);
        newScopeDays = newScopeOfEvents(log, h);
        double s80 = Math.sqrt(Math.pow(halfOfSumAtPrices(h, 80), 2) + var80);
        double s95 = Math.sqrt(Math.pow(halfOfSumAtPrices(h, 95), 2) + var95);
        double l80 = Math.sqrt(Math.pow(prediction.lowerHalfOfSum(h, 80) * priceOfSum(h), 2) + var80);
        double l95 = Math.sqrt(Math.pow(prediction.lowerHalfOfSum(h, 95) * priceOfSum(h), 2) + var95);
        periodTotal = actual + restInPeriod + est + sum;
        tailRun = tailRun(prediction.spikes(), n);
        tail = prediction.tail;
        tailRatio = tailRatio(prediction.tailRatio);
        newLevelTotal = newLevelTotal();
        // one to three last days far from their typical, up or down, are an incident (a dip, a logging gap) or a new
        // level, which nothing after them tells apart: the forecast takes the level before them, the interval reaches
        // the new level's reading on the side it lies (review r14 #1, r15 #1, #2)
        double reach = tail > 0 && !Double.isNaN(newLevelTotal) ? newLevelTotal : Double.NaN;
        double up = Double.isNaN(reach) ? Double.NEGATIVE_INFINITY : reach, down = Double.isNaN(reach) ? Double.POSITIVE_INFINITY : reach;
        double up95 = Double.NEGATIVE_INFINITY;
        if (prediction.burst && tail > 0 && !Double.isNaN(newLevelTotal)) {
            down = Math.min(down, tail >= Forecaster.WEEK ? newLevel(h) : burstAtTheLogsShare(h));
            if (tail < Forecaster.WEEK && burstOfEvents(h)) {
                // a day's requests, not a burst: such a day on every day left is no reading one request supports
                // (review r24f M2: one $6 request ending a sparse log, 80% to $102 = $6 on all 16 days left)
                up = burstEvents80;
                up95 = burstEvents95;
            }
        }
        // four to six last days at a new level: the forecast takes it, the interval reaches the level before them
        oldLevelTotal = oldLevelTotal();
        if (oldLevelTotal > periodTotal) {
            up = Math.max(up, oldLevelTotal);
        } else if (oldLevelTotal < periodTotal) {
            down = Math.min(down, oldLevelTotal);
        }
        if (model instanceof RecentRate young && young.wholeLog() && n > 1 && !Double.isNaN(fit[n - 1])) {
            // a log under a week: its last day's level continuing is a reading as its mean is, which the 80% band
            // holds (review r21f H1: 6 days growing 5% a day, "growth stops" outside a band 0.34 wide)
            double atLast = periodTotal + (fit[n - 1] - young.rate()) * h * priceOfSum(h);
            up = Math.max(up, atLast);
            down = Math.min(down, atLast);
        }
        double[][] mixRange = prices.unknownMixRange(scope, last, calibrate);
        if (mixRange != null) {
            // a scope whose own token mix is unknown (a user) may be on any one model of the total's mix: its bounds
            // reach the days ahead at that model's ratio (review r23f N4)
            for (int side = 0; side < 2; side++) {
                double at = periodTotal - sum;
                for (int k = 1; k <= h; k++) {
                    at += prediction.mean(k) * (k <= mixRange[side].length ? mixRange[side][k - 1] : price(k));
                }
                up = Math.max(up, at);
                down = Math.min(down, at);
            }
        }
        if (model instanceof RecentRate young && young.share() < 1) {
            // a scope new on the last days of a sparse log: its spend since continuing every day is a reading too,
            // unless its day held a day's requests of the log: then, as for the total's (see burstOfEvents), the most
            // days with spend the days left hold (review r24g M2: team x's one $6 request, 80% to $102, the total's $24)
            // (its sums' upper half-widths are the count's, see countHalf)
            if (newScopeDays != null) {
                newScopeEventDays80 = newScopeDays.mostDays(h, 80);
            } else {
                up = Math.max(up, periodTotal + (young.everyDayRate() - young.rate()) * h * priceOfSum(h));
            }
        }
        // an outage inside the period that spend came back after is a logging gap or a pause, which nothing tells
        // apart: the lower bounds reach the spend logged with its days at $0 (review r21f M5: 10 silent days opening
        // November were imputed in full, $21.00 with a zero-width band, while a pause reads $14.00). A silent tail
        // has its own note (the forecast overstates if spend really stopped).
        int seen = n - 1;
        while (seen > 0 && Double.isNaN(fit[seen])) {
            seen--;
        }
        for (int d = from; d < seen; d++) {
            pausedEstimate += period.perDay()[d];
        }
        if (pausedEstimate > 0.005) {
            down = Math.min(down, periodTotal - pausedEstimate);
        }
        if (silentTail() >= Forecaster.WEEK) {
            // a week or more without requests before as of, read as an outage, may as well be spend that stopped: the
            // lower bounds reach the spend logged (review r25f M1: 7 silent days, 95% [277.38, 303.22] for $67.08 logged)
            down = Math.min(down, actual);
        }
        sparse = bands && stoppedFrom >= n ? SparseDays.of(fit) : null; // spend that stopped holds no count of days
        double lo80 = Math.max(actual, periodTotal - l80), lo95 = Math.max(actual, periodTotal - l95);
        if (sparse != null) {
            // a log with spend on few days: the days left hold at least a count of days with spend (see SparseDays)
            double at80 = Math.min(periodTotal, actual + restInPeriod + sparse.floorOfSum(h, 80) * priceOfSum(h));
            double at95 = Math.min(periodTotal, actual + restInPeriod + sparse.floorOfSum(h, 95) * priceOfSum(h));
            sparseRaised = at95 > lo95 || at80 > lo80;
            sparseFloor80 = at80;
            sparseFloor95 = at95;
            lo80 = Math.max(lo80, at80);
            lo95 = Math.min(lo80, Math.max(lo95, at95));
            // no day with spend in the days left as likely as the band's lower tail: "no more spend" is a reading the
            // band holds, its lower bounds reach it, spread over the days as a widening (review r21f M7: a log with
            // spend on 2 of its last 28 days, a 55% chance of none in 8 days, had lo80 at 1.4 more requests)
            if (sparse.fewestDays(h, 80) == 0) {
                sparseLowered = at80 < lo80;
                down = Math.min(down, at80);
            }
        }
        fitLo80 = lo80;
        fitHi80 = periodTotal + s80;
        fitHi95 = periodTotal + s95;
        widen(!bands ? ForecastResult.Interval.UNMEASURED
                : new ForecastResult.Interval(Math.max(actual, Math.min(down, lo80)), Math.max(up, periodTotal + s80),
                Math.max(actual, Math.min(down, lo95)), Math.max(Math.max(up, up95), periodTotal + s95)));
    }

    /**
     * Sets the period total's final interval; the daily bands, cumulative and the budget alerts read it from here. What
     * its upper bounds hold over the fit's own (the end rule's new level, the --by scopes' sum) is spread evenly over
     * the days left: each day's hi80 and hi95 is raised by an equal share, so cumulative's last hi80 is the total's
     * (review r16b #1: an alert on the bound before widening let a $33.60 upper bound pass a $30 budget).
     */
    void widen(ForecastResult.Interval interval) {
        periodInterval = interval;
        dailyPoints();
    }

    /**
     * Moves the period total to {@code total}, the --by scopes' sum (review r16b #8: the total read a team new on the
     * last day as a one-off, $21.35, its teams added up to $26.95): the days left each take an equal share of the move,
     * and the fit's own bands move with it. The interval then holds the total's own, the moved fit's bands, and at 95%
     * any one scope at its own 80% bound with the others at their points ({@code above}, {@code below}: the widest
     * such distance up and down). When a scope was replaced by another on the last days ({@code replaced}), the split
     * reads what the total's own end rule cannot tell apart (a drop that may be an incident): the total's own
     * interval is left out, and the scopes' spread around their sum stands for it at 80% too. Returns the final interval.
     */
    ForecastResult.Interval moveTo(double total, double above, double below, boolean replaced) {
        ForecastResult.Interval in = replaced ? new ForecastResult.Interval(total - below, total + above, total - below,
                total + above) : periodInterval;
        double d = total - periodTotal, actual = actualBetween(periodStart, last);
        moved += d;
        periodTotal = total;
        fitLo80 += d;
        fitHi80 += d;
        fitHi95 += d;
        double lo80 = Math.max(actual, Math.min(in.lo80(), fitLo80)), hi80 = Math.max(in.hi80(), fitHi80);
        ForecastResult.Interval out = new ForecastResult.Interval(lo80, hi80,
                Math.max(actual, Math.min(Math.min(in.lo95(), lo80), total - below)),
                Math.max(Math.max(in.hi95(), hi80), Math.max(fitHi95, total + above)));
        widen(out);
        return out;
    }

    /** The scope another took over from on the last days (see {@link #replacedBy}; null: it was not). */
    private String replacedBy;

    /**
     * This --by scope ended on the last days while {@code successor} began on them and spends on each day it is silent
     * (every request moved to another model, a team's work to another): nothing is left to forecast for it, so its
     * days left are $0 and its period total is what it spent (review r16b #7: gpt-4o replaced by gpt-4o-mini on the
     * last day kept its old $24.36, a finance user saw money on a model no longer used). The successor's own forecast
     * carries the traffic, so the --by total reads the replacement (see CostForecaster's byScopesSummed).
     */
    void replacedBy(String successor) {
        replacedBy = successor;
        double actual = actualBetween(periodStart, last);
        periodTotal = actual + restInPeriod + missingEstimate;
        fitLo80 = periodTotal;
        fitHi80 = periodTotal + Math.sqrt(missing80);
        fitHi95 = periodTotal + Math.sqrt(missing95);
        widen(periodInterval.lo80() == null ? periodInterval
                : new ForecastResult.Interval(periodTotal, fitHi80, periodTotal, fitHi95));
    }

    String replacedBy() {
        return replacedBy;
    }

    /** The forecast spend of the k-th day after the log: the fit's at that day's prices, with its share of a move to the scopes' sum. */
    double mean(int k) {
        return replacedBy != null ? 0 : prediction.mean(k) * price(k) + (k <= periodDays ? moved / periodDays : 0);
    }

    /** The fit's half-width of the sum of the first k days left, at their prices (0 for a scope replaced by another). */
    private double halfOfSum(int k, int level) {
        return replacedBy != null ? 0 : halfOfSumAtPrices(k, level);
    }

    /** The fit's half-width of the sum of the first k days left at their prices, as the budget alerts read it (0 for k <= 0). */
    double halfOfSumAtPrices(int k, int level) {
        return k <= 0 ? 0 : Math.min(prediction.halfOfSum(k, level) * priceOfSum(k), countHalf(k, level));
    }

    /** A scope new on a sparse log's last day read as events (see {@link #newScopeOfEvents}; null: not such a scope). */
    private SparseDays newScopeDays;

    /**
     * For such a scope, the upper half-width of the sum of the first k days left: the most days with spend they hold at
     * the level's tail, over the log's share, each at its day's spend. Its fit (no errors to calibrate on) takes its
     * days as fully correlated, every day spending or none: the every-day reading this replaces. Infinite otherwise.
     */
    private double countHalf(int k, int level) {
        if (newScopeDays == null || !(model instanceof RecentRate young)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(0, newScopeDays.mostDays(k, level) - young.share() * k) * young.everyDayRate() * priceOfSum(k);
    }

    /** Per day left, its prices over those of the last day (see PriceChanges): the fit forecasts at the history's prices. */
    private final double[] price;
    /** What the dated price changes inside the period moved the period total by (0: none). */
    final double repriced;

    /** The k-th day's price ratio (1 when no dated change reaches it). */
    double price(int k) {
        return k >= 1 && k <= price.length ? price[k - 1] : price.length == 0 ? 1 : price[price.length - 1];
    }

    /** The price ratio of the sum of the first k days left: their ratios weighted by the fit's forecast of each. */
    private double priceOfSum(int k) {
        double at = 0, raw = 0, plain = 0;
        for (int i = 1; i <= k; i++) {
            double m = Math.max(0, prediction.mean(i));
            at += m * price(i);
            raw += m;
            plain += price(i);
        }
        return raw > 0 ? at / raw : k > 0 ? plain / k : 1;
    }

    /** What the final 80% (or 95%) upper bound adds over the fit's own to the sum of the first k days left. */
    double raise(int k, int level) {
        Double hi = level == 80 ? periodInterval.hi80() : periodInterval.hi95();
        if (hi == null || periodDays <= 0) {
            return 0;
        }
        return Math.max(0, hi - (level == 80 ? fitHi80 : fitHi95)) * Math.min(k, periodDays) / periodDays;
    }

    /** What the final 80% lower bound takes off the fit's own from the sum of the first k days left (spread as raise). */
    double drop(int k) {
        Double lo = periodInterval.lo80();
        return lo == null || periodDays <= 0 ? 0 : Math.max(0, fitLo80 - lo) * Math.min(k, periodDays) / periodDays;
    }

    private void dailyPoints() {
        points.clear();
        boolean bands = prediction.spreadMeasured();
        for (int k = 1; k <= periodDays; k++) {
            double m = mean(k), h80 = replacedBy != null ? 0 : prediction.half(k, 80) * price(k),
                    h95 = replacedBy != null ? 0 : prediction.half(k, 95) * price(k);
            double up80 = periodInterval == null ? 0 : raise(k, 80) - raise(k - 1, 80);
            double up95 = periodInterval == null ? 0 : raise(k, 95) - raise(k - 1, 95);
            double down80 = periodInterval == null ? 0 : drop(k) - drop(k - 1);
            // a sparse log's day without spend is its likeliest day: its lower bound is $0 (review r21f M7)
            double lo80 = sparse != null && sparse.chanceOfNone(1) > 0.10 ? 0 : Math.max(0, m - h80 - down80);
            // the 95% band holds the 80% one however the two were widened
            points.add(bands ? new ForecastResult.Point(last.plusDays(k).toString(), m, lo80, m + h80 + up80,
                    Math.min(lo80, Math.max(0, Math.min(m - h95, m - h80 - down80))), Math.max(m + h95 + up95, m + h80 + up80)) : new ForecastResult.Point(last.plusDays(k).toString(), m, null, null, null, null));
        }
    }

    /** A burst ending a sparse log (see Forecaster#sparseBurst): the period total had spend gone back to the rate before it. */
    double burstOneOff = Double.NaN;
    /** The log's share of days with spend the burst's forecast spends on (NaN: no burst). */
    double burstShare = Double.NaN;

    /**
     * Moves the forecast of a sparse log ending in a burst from the rate before it (the fit left the burst out) to the
     * burst's mean on the log's share of days with spend: the log spends on few days, and a day with spend may be a
     * day like the burst's, as a scope new on a sparse log's last day spends (see RecentRate#ofSparseLog); neither
     * extreme, spend back at the old rate (the returned total, the lower bounds reach it) nor the burst on every day
     * (the upper bounds reach it), is the point (review r23f N3).
     */
    private double burstAtTheLogsShare(int h) {
        SparseDays days = SparseDays.of(fit);
        double oneOff = periodTotal;
        if (days == null || h <= 0) {
            return oneOff;
        }
        double level = 0;
        for (int t = fit.length - tail; t < fit.length; t++) {
            level += fit[t] / tail;
        }
        double share = (days.withSpend + 0.5) / (days.window + 1), d = 0;
        for (int k = 1; k <= h; k++) {
            d += share * level * price(k) - mean(k);
        }
        burstOneOff = oneOff;
        burstShare = share;
        moved += d;
        periodTotal += d;
        dailyPoints();
        return oneOff;
    }

    /**
     * Moves the forecast of a sparse log ending in a week or more of spend far above its days with spend (see
     * SpikeRule#LEVEL_DAYS) to that run's level every day: a week of such days is a new level, not a burst on the log's
     * share of days. Returns the total had spend gone back to the rate before it, which the lower bounds reach.
     */
    private double newLevel(int h) {
        double oneOff = periodTotal;
        if (h <= 0) {
            return oneOff;
        }
        double d = newLevelTotal - periodTotal;
        burstOneOff = oneOff;
        burstShare = 1;
        moved += d;
        periodTotal += d;
        dailyPoints();
        return oneOff;
    }

    /** The requests per day, as y (null: not known). */
    private final long[] requests;
    /** The burst's days held at most twice the requests of the log's typical day with spend (see {@link #burstOfEvents}). */
    boolean burstEvents;
    /** Then: the most days with spend among the days left at the 80% and 95% upper tails, and the period totals they give. */
    int burstEventDays80;
    double burstEvents80 = Double.NaN, burstEvents95 = Double.NaN;

    /**
     * True when the burst is one day (see Forecaster#sparseBurst; two or more are a job that may go on) that held at most twice the requests of the median day
     * with spend in the {@link SparseDays#WINDOW} days before them (the spend rule's 2x): dearer requests, a day's
     * events, not spend at a new rate (LangFuse's fixtures: 2 requests after days of 1). Such a day comes on the log's share of days with spend (the point, as burstAtTheLogsShare spends it); its
     * upper reading is the most days with spend the days left hold at the interval's tail, each at the burst's level,
     * not the burst on every day (review r24f M2: one $6 request, hi80 $102 for readings up to ~$24; LiteLLM's
     * fixtures, one request on the last day, hi80 at that request on all 8 days left).
     */
    private boolean burstOfEvents(int h) {
        int n = fit.length;
        SparseDays days = SparseDays.of(fit);
        if (requests == null || requests.length != n || days == null || h <= 0 || Double.isNaN(burstShare)) {
            return false;
        }
        if (tail > 1) {
            // a dearer request on each of the last days is a job that may go on, not events on the log's share of days
            // (review r24g M1: one $6 request on each of 3 days held the band to $55, the job going on gives $115)
            return false;
        }
        double typical = typicalRequests(fit, requests, n - tail);
        if (Double.isNaN(typical)) {
            return false;
        }
        double level = 0;
        for (int t = n - tail; t < n; t++) {
            if (requests[t] > (SpikeRule.SPIKE_REL + 1) * Math.max(1, typical)) {
                return false; // over twice the requests a day with spend holds, as the burst's spend is: a burst
            }
            level += fit[t] / tail;
        }
        burstEvents = true;
        burstEventDays80 = days.mostDays(h, 80);
        double more80 = 0, more95 = 0;
        for (int j = 1; j <= h; j++) {
            more80 += ((double) burstEventDays80 / h - burstShare) * level * price(j);
            more95 += ((double) days.mostDays(h, 95) / h - burstShare) * level * price(j);
        }
        burstEvents80 = periodTotal + Math.max(0, more80);
        burstEvents95 = periodTotal + Math.max(0, more95);
        return true;
    }

    /** A scope new on a sparse log's last day read as events: the most days with spend left at the 80% tail (-1: not). */
    int newScopeEventDays80 = -1;

    /**
     * The median count of requests of the days with spend among the {@link SparseDays#WINDOW} logged days before day
     * {@code before}; NaN: none had spend.
     */
    private static double typicalRequests(double[] fit, long[] requests, int before) {
        long[] held = new long[SparseDays.WINDOW];
        int k = 0, seen = 0;
        for (int t = before - 1; t >= 0 && seen < SparseDays.WINDOW; t--) {
            if (!Double.isNaN(fit[t])) {
                seen++;
                if (fit[t] > 0) {
                    held[k++] = requests[t];
                }
            }
        }
        if (k == 0) {
            return Double.NaN;
        }
        long[] sorted = java.util.Arrays.copyOf(held, k);
        java.util.Arrays.sort(sorted);
        return k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2.0;
    }

    /**
     * The total's count of days with spend when this scope began on the log's last days with spend on one day only
     * (RecentRate#ofSparseLog) and that day held at most twice the requests of the log's median day with spend in the
     * {@link SparseDays#WINDOW} days before it, as {@link #burstOfEvents} reads the total's day; null otherwise.
     */
    private SparseDays newScopeOfEvents(ScopeForecast log, int h) {
        int start = RecentRate.start(fit);
        if (!(model instanceof RecentRate young) || young.share() >= 1 || log == null || log.sparse == null || log.requests == null || requests == null || h <= 0 || start < 0
                || log.requests.length != fit.length || requests.length != fit.length) {
            return null;
        }
        double typical = typicalRequests(log.fit, log.requests, start);
        if (Double.isNaN(typical)) {
            return null;
        }
        long own = 0;
        for (int t = start; t < fit.length; t++) {
            own = Math.max(own, requests[t]);
        }
        return own > (SpikeRule.SPIKE_REL + 1) * Math.max(1, typical) ? null : log.sparse;
    }

    /** Days ending the series that are a possible new level, up or down (see Forecaster#endRun; 0: none). */
    final int tail;
    /** Those days' spend over their weekdays' typical (NaN: no tail). */
    final double tailRatio;
    /** The count of days with spend, for a log with spend on few days (null: not such a log, or no bands). */
    final SparseDays sparse;

    /**
     * The share of days with spend of a log with spend on few days, for its scopes: the posterior mean of the share
     * under Jeffreys' prior, as {@link SparseDays} reads it; 1 for any other log (or no total's forecast).
     */
    static double logShare(ScopeForecast total) {
        SparseDays d = total == null ? null : total.sparse;
        return d == null ? 1 : (d.withSpend + 0.5) / (d.window + 1);
    }
    /** True when that count raised a lower bound of the period total above the fit's errors' own. */
    boolean sparseRaised;
    /** True when no day with spend in the days left is as likely as the 80% lower tail and that lowered the bounds. */
    boolean sparseLowered;
    /** The period totals that count gives at the lower tails of the 80% and 95% intervals. */
    double sparseFloor80, sparseFloor95;

    /** Days far above their typical that end the series (spikes the fit left out; 0: the last day is none). */
    final int tailRun;
    /** The period total if every day left spends as the tail run's days did on average (NaN: no tail run). */
    final double newLevelTotal;

    private static int tailRun(int[] spikes, int n) {
        int run = 0;
        for (int i = spikes.length - 1; i >= 0 && spikes[i] == n - 1 - run; i--) {
            run++;
        }
        return run;
    }

    /** The share of a burst's last day after the log ended, measured on too few whole days to fill it in (0: none). */
    private final double burstLastShare;

    /** The rest of a partial last day at the rate its logged hours spent, uncapped (0: the last day is whole). */
    private final double restAtItsRate;

    /** The period total if every day left spends at the level before a step ending the series (NaN: no such step). */
    final double oldLevelTotal;

    private double oldLevelTotal() {
        double ratio = prediction.endShiftRatio;
        if (prediction.endShift == 0 || !(ratio > 0) || points.isEmpty()) {
            return Double.NaN;
        }
        double ahead = 0;
        for (ForecastResult.Point p : points) {
            ahead += p.costUsd();
        }
        return periodTotal + (1 / ratio - 1) * ahead;
    }

    /**
     * The end rule's last days over what the fit expects of them (its forecast of the same weekdays a week on: the fit
     * left them out), so the new level's reading scales the days left on the base they are forecast from. The spike
     * rule's typical is the median of two or so same weekdays, noisy on its own (review r18f G: two Mondays 4% above
     * the fit's read a tripled last Monday of a 2%-noise weekly log as 2.78x, an 80% band to $32.25 for $32.90);
     * {@code spikeRatio} (that rule's) when the fit expects nothing of them.
     */
    private double tailRatio(double spikeRatio) {
        int n = fit.length;
        if (tail == 0 || !Double.isFinite(spikeRatio)) {
            return spikeRatio;
        }
        double logged = 0, expected = 0;
        for (int t = n - tail; t < n; t++) {
            logged += fit[t];
            expected += prediction.mean(t - n + 1 + Forecaster.WEEK);
        }
        return expected > 0 && logged >= 0 ? logged / expected : spikeRatio;
    }

    private double newLevelTotal() {
        int n = fit.length;
        if (points.isEmpty()) {
            return Double.NaN;
        }
        if (tail > 0 && Double.isFinite(tailRatio)) {
            // every day left spends as the tail did against its weekday's typical: a weekly pattern keeps its shape
            // (review r15 I2: a flat mean of a Friday and a Saturday put the weekdays under the new level)
            double ahead = 0;
            for (ForecastResult.Point p : points) {
                ahead += p.costUsd();
            }
            // a partial last day's rest at the rate its hours were logged, not capped as the point's is: the cap at
            // 1.25x its neighbours read a doubling on the last days of a log ending at noon as 1.86x, $31.80 for $33.60
            // (review r16b #9)
            double logged = 0;
            for (int t = n - tail; t < n; t++) {
                logged += fit[t];
            }
            double ratio = logged > 0 ? tailRatio * (logged - rest + restAtItsRate) / logged : tailRatio;
            tailWeekdaysOnly = tailAtTheOtherWeekdaysLevel();
            if (tailWeekdaysOnly) {
                // the tail's weekdays came up to the level the other weekdays already spend at: the weekly pattern
                // flattened, only those weekdays go on raised (review r25f M2: a weekend at weekday level raised
                // every weekday by its 2.5x, hi80 $534.64 for $293.98 with weekends at weekday level)
                ahead = 0;
                int k = 0;
                for (ForecastResult.Point p : points) {
                    ahead += coversWeekdayOf(++k) ? p.costUsd() : 0;
                }
            }
            return periodTotal + (restInPeriod > 0 ? restAtItsRate - rest : 0) + (ratio - 1) * ahead;
        }
        if (tailRun == 0) {
            return Double.NaN;
        }
        double level = 0, partial = prediction.burst ? burstLastShare : 0;
        for (int t = n - tailRun; t < n; t++) {
            // a burst's partial last day at the rate of the hours it covers (review r24f M3: six hours of $1 read as
            // a $6 day, an 80% bound of $343 for $457 going on)
            level += (t == n - 1 ? fit[t] / (1 - partial) : fit[t]) / tailRun;
        }
        double total = periodTotal + fit[n - 1] * partial / (1 - partial);
        int k = 0;
        for (ForecastResult.Point p : points) {
            total += level * price(++k) - p.costUsd();
        }
        return total;
    }

    /** True when the tail reading raises only the days left on the tail's weekdays (see tailAtTheOtherWeekdaysLevel). */
    boolean tailWeekdaysOnly;

    /** A weekday under this share of the others' level is a low one (a weekend); a tail day over their level by its inverse is above it. */
    static final double WEEKDAY_LEVEL_BAND_LOW = 0.8;

    /** True when day k ahead falls on the weekday of one of the tail's days. */
    private boolean coversWeekdayOf(int k) {
        return Math.floorMod(k + tail - 1, Forecaster.WEEK) < tail;
    }

    /**
     * True when every tail day rose from a weekday the fit expects well below the weekdays it does not cover (a
     * weekend) to no more than their level: the weekly pattern flattened, which says nothing of the other weekdays.
     */
    private boolean tailAtTheOtherWeekdaysLevel() {
        int n = fit.length;
        if (tail >= Forecaster.WEEK || !(tailRatio > 1)) {
            return false;
        }
        double others = 0;
        for (int k = 1; k <= Forecaster.WEEK; k++) {
            others += coversWeekdayOf(k) ? 0 : prediction.mean(k) / (Forecaster.WEEK - tail);
        }
        for (int t = n - tail; t < n; t++) {
            double expected = prediction.mean(t - n + 1 + Forecaster.WEEK);
            if (!(expected < WEEKDAY_LEVEL_BAND_LOW * others) || fit[t] > others / WEEKDAY_LEVEL_BAND_LOW) {
                return false;
            }
        }
        return true;
    }

    /**
     * What the hours a partial edge day misses would have held: its own spend scaled by the share missing (this keeps
     * the day's weekday), but from no more than 1.25 times what its neighbours spend in the hours it has, so that one
     * heavy request ending a log is a spike, not a day whose other hours held 3x as much. A whole day next to it that
     * spent at that rate bears the rate out: up to its spend over as many hours (review r16b #9: a doubling on the
     * last two days of a log ending at noon, its rest capped at 1.25x, put the point $0.20 under the old reading).
     */
    private static double missingSpend(double logged, double missingShare, double neighbourMean, double wholeDayBeside) {
        if (missingShare <= 0) {
            return 0;
        }
        double expectedLogged = (1 - missingShare) * neighbourMean;
        double cap = Math.max(EDGE_SPEND_CAP * expectedLogged, Double.isNaN(wholeDayBeside) ? 0 : (1 - missingShare) * wholeDayBeside);
        double base = neighbourMean > 0 ? Math.min(logged, cap) : logged;
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

    /**
     * Running total over the period forecast, actual then forecast: its last row is forecast_total_usd and its 80%
     * interval (review r23f L-a: under --horizon quarter it stopped at the first month's end).
     */
    List<ForecastResult.Cumulative> cumulative() {
        return running(periodStart, periodEnd);
    }

    /** Running total over the month of the first forecast day (the first month's figures of a longer horizon). */
    List<ForecastResult.Cumulative> firstMonth() {
        LocalDate monthStart = last.plusDays(1).withDayOfMonth(1);
        return running(monthStart, monthStart.withDayOfMonth(monthStart.lengthOfMonth()));
    }

    /** Running total from {@code from} (the spend logged, then forecast) to {@code to} (a day the fit was calibrated to). */
    private List<ForecastResult.Cumulative> running(LocalDate from, LocalDate to) {
        List<ForecastResult.Cumulative> out = new ArrayList<>();
        double cum = 0;
        for (LocalDate d = from; !d.isAfter(last); d = d.plusDays(1)) {
            cum += d.isBefore(first) ? 0 : y[(int) ChronoUnit.DAYS.between(first, d)];
            out.add(new ForecastResult.Cumulative(d.toString(), cum, null, null, null));
        }
        // the period's missing days are before the first forecast day: counted when the running total starts with it
        double restRun = last.isBefore(from) ? 0 : rest;
        double mean = cum + restRun + (periodStart.equals(from) ? missingEstimate : 0);
        double extra = periodStart.equals(from) ? missing80 : 0;
        int firstForecast = out.size();
        double before = mean;
        for (int k = 1; !last.plusDays(k).isAfter(to); k++) {
            mean += mean(k);
            double half = Math.sqrt(Math.pow(halfOfSum(k, 80), 2) + extra);
            double below = Math.sqrt(Math.pow(replacedBy != null ? 0 : prediction.lowerHalfOfSum(k, 80) * priceOfSum(k), 2) + extra);
            boolean bands = prediction.spreadMeasured();
            double lower = Math.max(cum, mean - below);
            if (sparse != null) {
                lower = Math.max(lower, Math.min(mean, cum + restRun + sparse.floorOfSum(k, 80) * priceOfSum(k)));
            }
            out.add(new ForecastResult.Cumulative(last.plusDays(k).toString(), null, mean,
                    bands ? Math.max(cum, lower - drop(k)) : null, bands ? mean + half + raise(k, 80) : null));
        }
        runningTotalBounds(out, firstForecast, before);
        return out;
    }

    /**
     * Makes the forecast rows of cumulative (from index {@code from}; {@code before}: the running total before them) a
     * running total's bounds. Each day's bounds come from the errors of sums of that many days, calibrated apart, and a
     * sparse log's count of days and the widening's equal shares move them apart again: a lower bound fell (review r23f
     * L-b: 87.77 then 73.00) and the first one lay above month-to-date plus that day's own lo80. The first row holds that
     * day's band; then each bound is at most the next one's, so neither falls and the last stays the interval's: lower
     * bounds only widen, and a running total under the next day's upper bound is under it now (spend is never negative).
     */
    private void runningTotalBounds(List<ForecastResult.Cumulative> out, int from, double before) {
        if (from >= out.size() || out.get(from).lo80() == null || points.isEmpty() || points.get(0).lo80() == null) {
            return;
        }
        ForecastResult.Cumulative first = out.get(from);
        ForecastResult.Point day = points.get(0);
        out.set(from, new ForecastResult.Cumulative(first.date(), null, first.forecastUsd(),
                Math.min(first.lo80(), before + day.lo80()),
                Math.max(first.hi80(), before + day.hi80())));
        for (int i = out.size() - 2; i >= from; i--) {
            ForecastResult.Cumulative c = out.get(i), next = out.get(i + 1);
            out.set(i, new ForecastResult.Cumulative(c.date(), null, c.forecastUsd(), Math.min(c.lo80(), next.lo80()),
                    Math.min(c.hi80(), next.hi80())));
        }
    }

    /**
     * The missing days (NaN in the fit: a logging outage's, a quiet tail's, a last day of minutes) from day {@code from}
     * on, a run begun before it cut there: per day the spend it would have held beyond what it logged (each run's
     * forecast from the fit on the days before it), the runs' 80% and 95% half-widths of their sums squared, and how
     * many days. From day 1 they are the estimates of earlier months' outages; from the period's first day, what the
     * period total adds.
     */
    Missing missing(int from) {
        int n = fit.length;
        double[] est = new double[n];
        double var80 = 0, var95 = 0;
        int days = 0;
        for (int i = Math.max(1, from); i < n; ) {
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
            if (p.spreadMeasured()) {
                var80 += Math.pow(p.halfOfSum(j - i, 80), 2);
                var95 += Math.pow(p.halfOfSum(j - i, 95), 2);
            }
            days += j - i;
            i = j;
        }
        return new Missing(est, var80, var95, days);
    }

    /** The days without spend logged that end the series when the fit reads any of them as missing (0: none such). */
    private int silentTail() {
        int quiet = 0;
        boolean missing = false;
        for (int t = y.length - 1; t >= 0 && y[t] == 0; t--) {
            quiet++;
            missing |= Double.isNaN(fit[t]);
        }
        return missing ? quiet : 0;
    }

    /** Per day, the forecast spend of a missing day beyond what it logged (0 on other days); its sums' variances. */
    record Missing(double[] perDay, double var80, double var95, int days) {
    }

    /** Per day, the spend a missing day would have held beyond what it logged, from the series' first missing run on. */
    private double[] missingEstimates;

    double[] missingEstimates() {
        if (missingEstimates == null) {
            missingEstimates = missing(1).perDay();
        }
        return missingEstimates;
    }

}
