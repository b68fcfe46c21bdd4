package io.techopt.cli;

import io.techopt.core.Charges;
import io.techopt.core.Dimension;
import io.techopt.core.Redactor;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.RecordSink;
import io.techopt.analyze.AnalyzeOptions;
import io.techopt.analyze.SpendAnalysis;
import io.techopt.analyze.latency.LatencyMap;
import io.techopt.forecast.AlertGate;
import io.techopt.forecast.Budgets;
import io.techopt.forecast.CostForecaster;
import io.techopt.forecast.PriceChanges;
import io.techopt.forecast.FocusCsv;
import io.techopt.forecast.ForecastReport;
import io.techopt.forecast.ForecastResult;
import io.techopt.forecast.Horizon;
import io.techopt.forecast.Webhook;
import io.techopt.pricing.PriceBook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

@Command(name = "cost-forecast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Daily, weekly and monthly spend, a month-end (or quarter, or N-day) forecast with 80%% and 95%% "
                + "intervals, budget alerts, and FOCUS CSV for finance.",
                "--until DATE ends the data (exclusive): the forecast starts on DATE."},
        footer = {"", "Budget file (YAML):", "  budgets:", "    - {scope: total, monthly_usd: 500}",
                "    - {scope: \"team:support\", monthly_usd: 200}"})
public final class CostForecastCommand extends LogCommand {
    @Option(names = "--horizon", paramLabel = "H", defaultValue = "month", completionCandidates = CompletionValues.Horizons.class,
            description = "month, quarter or Nd (e.g. 30d): how far to forecast (default: ${DEFAULT-VALUE}).")
    String horizon;

    @Option(names = "--budget", paramLabel = "FILE", description = "Monthly budgets per scope (YAML).")
    Path budget;

    @Option(names = "--holdout", paramLabel = "DAYS", defaultValue = "14",
            description = "Days of the rolling-origin backtest (default: ${DEFAULT-VALUE}).")
    int holdout;

    @Option(names = "--by", paramLabel = "DIM", completionCandidates = CompletionValues.ForecastDimensions.class,
            description = "Also forecast each team, model, user or provider (the top --top by cost listed; the total counts every one).")
    String by;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Groups listed with --by (default: ${DEFAULT-VALUE}); the others are forecast and counted, not listed.")
    int top;

    @Option(names = "--fail-on-alert", description = "Exit with code 4 when an alert fires (needs --budget).")
    boolean failOnAlert;

    @Option(names = "--webhook", paramLabel = "URL",
            description = "Post alerts to a Slack-compatible webhook (or set TECHOPT_WEBHOOK_URL); the URL is never printed.")
    String webhook;

    @Option(names = "--focus-csv", paramLabel = "FILE", description = "Write FOCUS 1.2 cost and usage rows: per day x provider x model x team, one row per token kind "
                    + "and SKU price (ListUnitPrice per 1M tokens x PricingQuantity = ListCost).")
    Path focusCsv;

    @Option(names = "--billing-account-id", paramLabel = "ID",
            description = "FOCUS BillingAccountId of the --focus-csv rows (default: " + FocusCsv.UNASSIGNED + ").")
    String billingAccountId;

    @Option(names = "--billing-account-name", paramLabel = "NAME",
            description = "FOCUS BillingAccountName of the --focus-csv rows (default: " + FocusCsv.UNASSIGNED + ").")
    String billingAccountName;

    @Option(names = "--forecast-csv", paramLabel = "FILE", description = "Write the daily forecast: date, forecast, lo80, hi80, lo95, hi95.")
    Path forecastCsv;

    /** --table list: no webhook, not even TECHOPT_WEBHOOK_URL's. */
    private boolean listingOnly;

    @Override
    void withoutSideEffects() {
        failOnAlert = false;
        webhook = null;
        listingOnly = true;
        focusCsv = null;
        forecastCsv = null;
    }

    /** csv's main table: the daily forecast with its 80% and 95% intervals. */
    @Override
    String csvMainTable() {
        return "forecast";
    }

    @Override
    public Integer call() throws Exception {
        atLeastOne("--top", top);
        atLeastOne("--holdout", holdout);
        Horizon h = Horizon.parse(horizon);
        if (webhook != null) {
            Webhook.validate(webhook, "--webhook");
        } else if (System.getenv("TECHOPT_WEBHOOK_URL") != null) {
            Webhook.validate(System.getenv("TECHOPT_WEBHOOK_URL"), "TECHOPT_WEBHOOK_URL");
        }
        if (failOnAlert && budget == null) {
            // alerts come only from budgets: a CI gate without one could never fail
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--fail-on-alert needs --budget FILE: alerts fire "
                    + "only against budgets, so without one it could never fail");
        }
        List<Budgets.Budget> budgets = budget == null ? List.of() : Budgets.load(budget);
        Dimension byDim = by == null ? null : Dimension.parse(by);
        if (byDim == Dimension.DAY || byDim == Dimension.SESSION || byDim == Dimension.TASK_TYPE) {
            throw new IllegalArgumentException("--by is team, model, user or provider");
        }
        List<List<Dimension>> groupBys = new ArrayList<>(CostForecaster.groupBys(budgets, byDim));
        PriceBook book = prices.load();
        // on a store, sums alone: it hands over last copies only, so nothing is kept per request (#14); raw logs of more
        // requests than the heap holds are read through a temporary store
        boolean onStore = readsAStore();
        SpendAnalysis analyzer = SpendAnalysis.of(book, new AnalyzeOptions(groupBys, prices.date(),
                AnalyzeOptions.DEFAULT_BATCHABLE, Integer.MAX_VALUE, AnalyzeOptions.DEFAULT_CACHE_TTL_MS), onStore);
        // the latency map's count of LLM calls without usage, as analyze reports them: requests of unknown cost (a
        // store counted them at ingest)
        LatencyMap latency = new LatencyMap(book, prices.date(), 1).period(input.window()[0], input.window()[1]);
        IngestStats stats = read(onStore ? analyzer : RecordSink.both(analyzer, latency));
        analyzer.finishSpend(stats);
        java.util.SortedMap<LocalDate, Long> withoutUsage = storedCallsWithoutUsage != null
                ? storedCallsWithoutUsage // counted from the spans at ingest
                : latency.finishForCallsWithoutUsageByDay();
        if (!quiet()) {
            // a price used before its date changes every figure: say so where the user looks, not only in the report
            analyzer.pricesUsed().warnings().forEach(w -> warn(Redactor.redact(w)));
        }
        LocalDate asOf = input.until == null ? null
                : java.time.Instant.ofEpochMilli(input.toIngestOptions().untilMs() - 1).atZone(ZoneOffset.UTC).toLocalDate();
        CostForecaster forecaster = new CostForecaster(h, holdout, budgets, byDim, top)
                .withPrices(PriceChanges.of(analyzer.charges(), book, prices.date()));
        ForecastResult result = forecaster.forecast(analyzer.dailySpend(), asOf, analyzer::firstRequestFrom,
                analyzer.lastRequest(), withoutUsage);
        if (focusCsv != null) {
            FocusCsv.Account account = new FocusCsv.Account(billingAccountId, billingAccountName);
            if (!quiet() && (account.id().equals(FocusCsv.UNASSIGNED) || account.name().equals(FocusCsv.UNASSIGNED))) {
                warn("--focus-csv without --billing-account-id or --billing-account-name: the missing one is written as '"
                        + FocusCsv.UNASSIGNED + "'");
            }
            Charges charges = analyzer.charges();
            FocusCsv.write(focusCsv, charges, account);
            wrote(focusCsv);
            if (charges.unpricedRequests() > 0 && !quiet()) {
                warn("--focus-csv: " + charges.unpricedRequests()
                        + " requests of models without a price (" + String.join(", ", charges.unpricedModels())
                        + ") are not in the file: a FOCUS usage row needs a list unit price; add their prices with --prices FILE");
            }
        }
        if (forecastCsv != null) {
            FocusCsv.writeForecast(forecastCsv, result);
            wrote(forecastCsv);
        }
        String url = listingOnly ? null : webhook != null ? webhook : System.getenv("TECHOPT_WEBHOOK_URL");
        if (url != null && !result.alerts().isEmpty()) {
            result = result.withWebhook(Webhook.defaults().post(url, Webhook.message(result.alerts(), result)));
            if (!quiet() && result.webhook().status().equals("sent")) {
                // where it went, as a CI log can show it: the host only, never the path, query or user part (tokens)
                info("posted " + result.alerts().size() + " alert" + (result.alerts().size() == 1 ? "" : "s") + " to the webhook at "
                        + Webhook.host(url) + Webhook.explain(result.webhook()));
            }
        }
        write(withIngestAndPrices(new ForecastReport(result, forecaster.nullReason()), stats, analyzer.duplicateRequestIds(),
                analyzer.pricesUsed()));
        if (result.webhook() != null && !result.webhook().status().equals("sent")) {
            info("webhook at " + Webhook.host(url) + " " + result.webhook().status() + " after " + result.webhook().attempts() + " attempt(s)"
                    + Webhook.explain(result.webhook()));
            return RUNTIME;
        }
        if (!failOnAlert) {
            return OK;
        }
        AlertGate gate = AlertGate.of(result, forecaster); // a CI log shows why, even under -q
        gate.lines().forEach(this::info);
        return switch (gate.outcome()) {
            case ALERT -> ALERT;
            case UNEVALUATED -> USAGE;
            case PASS -> OK;
        };
    }

    @Override
    boolean readsLargeLogsThroughAStore() {
        return true;
    }

    @Override
    java.util.Map<String, java.nio.file.Path> readsBesideTheLogs() {
        java.util.Map<String, java.nio.file.Path> r = super.readsBesideTheLogs();
        if (budget != null) {
            r.put("--budget", budget);
        }
        return r;
    }

    @Override
    java.util.Map<String, java.nio.file.Path> writes() {
        java.util.Map<String, java.nio.file.Path> w = super.writes();
        w.put("--focus-csv", focusCsv);
        w.put("--forecast-csv", forecastCsv);
        return w;
    }
}
