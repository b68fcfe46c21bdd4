package io.techopt.analyze;

import io.techopt.core.Saving;
import io.techopt.report.Report;
import io.techopt.report.ResultReport;
import io.techopt.report.ReportView;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The analyze-logs report: its JSON model and how the text formats lay it out. */
public record AnalyzeReport(AnalyzeResult result) implements ResultReport<AnalyzeResult> {
    public AnalyzeReport {
        java.util.Objects.requireNonNull(result, "result");
    }

    /**
     * The report a {@code analyze -f json} output holds, for {@code techopt render}: its view is drawn from the JSON
     * alone. The ingest object is analyze's summary already (the counts it shows); the latency section is cli's to add
     * back, as it adds it; the --plan and --compare-to sections are not redrawn yet, so a JSON holding one (or the
     * latency section, here) is refused rather than shown without it.
     */
    public static Report fromJson(com.fasterxml.jackson.databind.JsonNode doc) {
        com.fasterxml.jackson.databind.node.ObjectNode o = ((com.fasterxml.jackson.databind.node.ObjectNode) doc).deepCopy();
        for (String section : List.of("plan", "latency", "change")) {
            if (o.has(section)) {
                throw new IllegalArgumentException("render does not draw analyze's '" + section
                        + "' section yet; render the JSON without it, or run analyze again with the format you want");
            }
        }
        o.remove("ingest");
        return new AnalyzeReport(io.techopt.report.ReportJson.read(o, AnalyzeResult.class));
    }

    @Override
    public ReportView view() {
        AnalyzeResult r = result;
        List<ReportView.Block> b = new ArrayList<>();
        List<Item> s = new ArrayList<>();
        if (r.period() != null) {
            s.add(Item.of("Period", r.period().first().substring(0, 10) + " to " + r.period().last().substring(0, 10)
                    + " (" + r.period().days() + " days)", Kind.TEXT));
        }
        s.add(Item.of("Requests", r.requests(), Kind.INT));
        s.add(Item.of("Cost", r.costUsd(), Kind.MONEY));
        // no request: no rate to show (csv leaves it empty, JSON null)
        s.add(Item.of("Errors", r.errors() + " (" + (r.requests() == 0 ? "-" : pct((double) r.errors() / r.requests())) + ")", Kind.TEXT));
        s.add(Item.of("Bad lines skipped", r.badLines(), Kind.INT));
        s.add(Item.of("Input tokens (full rate)", r.tokens().input(), Kind.INT));
        s.add(Item.of("Cache read tokens", r.tokens().cacheRead(), Kind.INT));
        s.add(Item.of("Cache write tokens", r.tokens().cacheWrite(), Kind.INT));
        // the 1-hour writes are part of them at a dearer rate (review r27n LOW-10: only JSON showed them)
        s.add(Item.of("of which 1-hour cache writes", r.tokens().cacheWrite1h(), Kind.INT));
        s.add(Item.of("Output tokens", r.tokens().output(), Kind.INT));
        s.add(Item.of("Reasoning tokens (part of output)", r.tokens().reasoning(), Kind.INT));
        s.add(Item.of("Latency p50 / p95 / p99", ms(r.latencyMs().p50()) + " / " + ms(r.latencyMs().p95()) + " / "
                + ms(r.latencyMs().p99()), Kind.TEXT));
        s.add(Item.of("Exact repeat rate", r.repeats().exactRepeatRate(), Kind.PERCENT));
        if (r.sessions().sessions() > 0) {
            s.add(Item.of("Sessions (calls mean / p95 / max)", r.sessions().sessions() + " ("
                    + String.format(Locale.ROOT, "%.1f", r.sessions().callsPerSessionMean()) + " / "
                    + String.format(Locale.ROOT, "%.0f", r.sessions().callsPerSessionP95()) + " / "
                    + r.sessions().callsPerSessionMax() + ")", Kind.TEXT));
        }
        if (r.billing().loggedCostUsd() != null) {
            s.add(Item.of("Billed in log vs recomputed", io.techopt.report.Fmt.money(r.billing().loggedCostUsd())
                    + " vs " + io.techopt.report.Fmt.money(r.billing().recomputedCostUsd()) + " (difference "
                    + io.techopt.report.Fmt.money(r.billing().differenceUsd()) + "; "
                    + r.billing().requestsWithLoggedCost() + " requests logged a cost)", Kind.TEXT));
        }
        if (r.batchApi().requests() > 0) {
            s.add(Item.of("Batch API: realized saving", io.techopt.report.Fmt.money(r.batchApi().savedUsd()) + " on "
                    + r.batchApi().requests() + (r.batchApi().requests() == 1 ? " request (" : " requests (") + io.techopt.report.Fmt.money(r.batchApi().costUsd())
                    + " paid vs " + io.techopt.report.Fmt.money(r.batchApi().costAtStandardUsd()) + " at standard rates)", Kind.TEXT));
        }
        if (r.estimatedRequests() > 0) {
            s.add(Item.of("Requests with estimated tokens", r.estimatedRequests(), Kind.INT));
        }
        if (r.duplicateRequestIds() > 0) {
            s.add(Item.of("Repeated request_id (counted once)", r.duplicateRequestIds(), Kind.INT));
        }
        b.add(new ReportView.Summary("Summary", s));

        List<List<Object>> models = new ArrayList<>();
        for (AnalyzeResult.ModelRow m : r.byModel()) {
            models.add(Arrays.asList(m.model(), m.requests(), m.costUsd(), m.costUsd() == null ? null : share(m.costUsd()),
                    m.inputTokens(), m.cacheReadTokens(), m.cacheWriteTokens(), m.cacheWrite1hTokens(), m.outputTokens(),
                    m.reasoningTokens(),
                    m.latencyMs().p50(), m.latencyMs().p95(),
                    m.errorRate(), m.priceKey() == null ? "UNPRICED" : m.priceKey(), m.priceEffective()));
        }
        b.add(new ReportView.Table("by_model", "By model", List.of(col("model"), num("requests", Kind.INT),
                num("cost_usd", Kind.MONEY), num("share", Kind.PERCENT), num("input_tokens", Kind.INT),
                num("cache_read_tokens", Kind.INT), num("cache_write_tokens", Kind.INT), num("cache_write_1h_tokens", Kind.INT),
                num("output_tokens", Kind.INT), num("reasoning_tokens", Kind.INT), num("p50_ms", Kind.MS),
                num("p95_ms", Kind.MS), num("error_rate", Kind.PERCENT), col("price_key"), col("price_effective")), models,
                // the report's totals (csv's last row), as in the JSON: its latency is over every request, not a sum
                Arrays.asList("(total)", r.requests(), r.costUsd(), r.costUsd() == null ? null : share(r.costUsd()),
                        r.tokens().input(), r.tokens().cacheRead(), r.tokens().cacheWrite(), r.tokens().cacheWrite1h(),
                        r.tokens().output(), r.tokens().reasoning(),
                        r.latencyMs().p50(), r.latencyMs().p95(), r.requests() == 0 ? null : (double) r.errors() / r.requests(), null, null)));

        List<List<Object>> levers = new ArrayList<>();
        for (Saving v : r.savings()) {
            levers.add(Arrays.asList(v.lever(), v.usd(), v.shareOfCost(), v.requests()));
        }
        b.add(new ReportView.Table("savings", "Savings levers", List.of(col("lever"), num("usd", Kind.MONEY),
                num("share_of_cost", Kind.PERCENT), num("requests", Kind.INT)), levers));
        List<String> assumptions = new ArrayList<>();
        for (Saving v : r.savings()) {
            for (String a : v.assumptions()) {
                assumptions.add(v.lever() + ": " + a);
            }
        }
        // in csv too, as its own table: the JSON has them in savings[].assumptions (review h12d #10)
        b.add(ReportView.Notes.inCsv("Assumptions behind the levers", assumptions, "savings_assumptions"));

        for (AnalyzeResult.GroupTable g : r.groups()) {
            List<Column> cols = new ArrayList<>();
            for (String d : g.by()) {
                cols.add(col(d));
            }
            cols.addAll(List.of(num("requests", Kind.INT), num("cost_usd", Kind.MONEY), num("share", Kind.PERCENT),
                    num("input_tokens", Kind.INT), num("cache_read_tokens", Kind.INT), num("cache_write_tokens", Kind.INT),
                    num("cache_write_1h_tokens", Kind.INT), num("output_tokens", Kind.INT), num("reasoning_tokens", Kind.INT),
                    num("p50_ms", Kind.MS),
                    num("p95_ms", Kind.MS), num("error_rate", Kind.PERCENT)));
            List<List<Object>> rows = new ArrayList<>();
            for (AnalyzeResult.GroupRow row : g.rows()) {
                List<Object> cells = new ArrayList<>(row.key().values());
                cells.addAll(Arrays.asList(row.requests(), row.costUsd(), row.costShare(), row.inputTokens(),
                        row.cacheReadTokens(), row.cacheWriteTokens(), row.cacheWrite1hTokens(), row.outputTokens(),
                        row.reasoningTokens(),
                        row.latencyMs().p50(), row.latencyMs().p95(), row.errorRate()));
                rows.add(cells);
            }
            String id = "by_" + String.join("_", g.by());
            // --group-by model would take the name of the report's own by_model table (csv needs unique names)
            id = id.equals("by_model") ? "group_by_model" : id;
            b.add(new ReportView.Table(id, "By " + String.join(" + ", g.by()), cols, rows));
        }

        if (!r.unpricedModels().isEmpty()) {
            List<List<Object>> rows = new ArrayList<>();
            for (AnalyzeResult.Unpriced u : r.unpricedModels()) {
                rows.add(Arrays.asList(u.model(), u.requests(), u.inputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(),
                        u.outputTokens(), u.reasoningTokens()));
            }
            b.add(new ReportView.Table("unpriced_models", "Unpriced models (excluded from cost)", List.of(col("model"),
                    num("requests", Kind.INT), num("input_tokens", Kind.INT), num("cache_read_tokens", Kind.INT),
                    num("cache_write_tokens", Kind.INT), num("output_tokens", Kind.INT), num("reasoning_tokens", Kind.INT)), rows));
        }
        if (!r.topErrors().isEmpty()) {
            List<List<Object>> rows = new ArrayList<>();
            for (AnalyzeResult.ErrorMessage e : r.topErrors()) {
                rows.add(Arrays.asList(e.message(), e.count()));
            }
            b.add(new ReportView.Table("top_errors", "Most frequent errors", List.of(col("message"), num("requests", Kind.INT)), rows));
        }

        if (r.daily().size() > 1 && r.costUsd() != null) {
            // the series is on the calendar (zero-filled), so each step of the x axis is one day, week, month or year
            b.add(new ReportView.Chart("cost_by_day", "Cost by " + (r.dailyResolution() == null ? "day" : r.dailyResolution()),
                    ReportView.ChartKind.LINE,
                    r.daily().stream().map(AnalyzeResult.Day::date).toList(),
                    r.daily().stream().map(AnalyzeResult.Day::costUsd).toList(), Kind.MONEY));
        }
        if (!r.daily().isEmpty()) {
            String unit = r.dailyResolution() == null ? "day" : r.dailyResolution();
            List<List<Object>> rows = new ArrayList<>();
            for (AnalyzeResult.Day d : r.daily()) {
                rows.add(Arrays.asList(d.date(), d.requests(), d.costUsd(), d.inputTokens(), d.cacheReadTokens(),
                        d.cacheWriteTokens(), d.cacheWrite1hTokens(), d.outputTokens(), d.reasoningTokens()));
            }
            b.add(new ReportView.Table("daily", unit.equals("day") ? "Daily spend (every calendar day)"
                    : "Spend by " + unit + " (the range is too long for one row a day)", List.of(col(unit),
                    num("requests", Kind.INT), num("cost_usd", Kind.MONEY), num("input_tokens", Kind.INT),
                    num("cache_read_tokens", Kind.INT), num("cache_write_tokens", Kind.INT), num("cache_write_1h_tokens", Kind.INT),
                    num("output_tokens", Kind.INT), num("reasoning_tokens", Kind.INT)), rows));
        }
        List<AnalyzeResult.ModelRow> priced = r.byModel().stream().filter(m -> m.costUsd() != null).limit(15).toList();
        if (!priced.isEmpty()) {
            b.add(new ReportView.Chart("cost_by_model", "Cost by model", ReportView.ChartKind.BAR,
                    priced.stream().map(AnalyzeResult.ModelRow::model).toList(),
                    priced.stream().map(AnalyzeResult.ModelRow::costUsd).toList(), Kind.MONEY));
        }
        if (!r.latencyHistogram().isEmpty()) {
            b.add(new ReportView.Chart("latency_distribution", "Latency distribution (requests per bin)",
                    ReportView.ChartKind.HISTOGRAM,
                    r.latencyHistogram().stream().map(x -> String.format(Locale.ROOT, "%.0f-%.0f ms", x.fromMs(), x.toMs())).toList(),
                    r.latencyHistogram().stream().map(x -> (double) x.requests()).toList(), Kind.INT));
        }

        List<String> notes = new ArrayList<>(r.warnings());
        for (AnalyzeResult.BadLineRow bl : r.badLineSamples()) {
            notes.add("bad line " + bl.file() + ":" + bl.line() + ": " + bl.reason());
        }
        if (r.badLines() > r.badLineSamples().size()) {
            notes.add("… and " + (r.badLines() - r.badLineSamples().size()) + " more bad lines");
        }
        notes.add("read: " + String.join(", ", r.inputs().stream().map(i -> i.file() + " (" + i.format() + ")").toList()));
        notes.add("prices: " + String.join(" + ", r.pricing().catalogs()) + "; priced at " + r.pricing().priceDate());
        b.add(ReportView.Notes.inCsv("Notes", notes, "notes"));
        return new ReportView("techopt analyze: where the money goes", b);
    }

    private Double share(double usd) {
        return result.costUsd() != null && result.costUsd() > 0 ? usd / result.costUsd() : 0.0;
    }

    private static Column col(String name) {
        return new Column(name, Kind.TEXT);
    }

    private static Column num(String name, Kind k) {
        return new Column(name, k);
    }

    private static String pct(double d) {
        return String.format(Locale.ROOT, "%.1f%%", d * 100);
    }

    private static String ms(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%,.0f ms", d);
    }
}
