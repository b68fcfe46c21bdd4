package io.techopt.analyze.change;

import io.techopt.analyze.AnalyzeOptions;
import io.techopt.analyze.AnalyzeResult;
import io.techopt.analyze.Analyzer;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.PriceBook;
import io.techopt.report.Report;

import java.io.IOException;
import java.time.LocalDate;

/**
 * analyze {@code --compare-to}, all of it behind two calls: {@link #read} reads the log once over both periods,
 * feeding the current period's records to the rest of analyze and counting only them in ingest's figures (as
 * {@code --since/--until} alone does), and {@link #on} adds the {@code change} section to the finished report.
 */
public final class CostChange {
    /** Reads the log over [from, until) into {@code sink} (the command's own reading, with its options and warnings). */
    @FunctionalInterface
    public interface Reader {
        IngestStats read(long from, long until, RecordSink sink) throws IOException;
    }

    private final ChangeCollector collector;
    /** The baseline period's records as a stand-alone analyze --since B1 --until B2 would hold them (its costs). */
    private final Analyzer baseline;

    private CostChange(ChangeCollector collector, Analyzer baseline) {
        this.collector = collector;
        this.baseline = baseline;
    }

    /**
     * @param spec  {@code B1..B2}, or empty for the period of equal length just before the current one
     * @param since the current period's start (Long.MIN_VALUE when --since was not given: a usage error)
     * @throws IllegalArgumentException a usage error, saying what to pass instead
     */
    public static CostChange of(PriceBook book, LocalDate priceDate, String spec, long since, long until) {
        return new CostChange(new ChangeCollector(book, priceDate, ChangePeriods.parse(spec, since, until)),
                new Analyzer(book, new AnalyzeOptions(java.util.List.of(), priceDate, AnalyzeOptions.DEFAULT_BATCHABLE, 1,
                        AnalyzeOptions.DEFAULT_CACHE_TTL_MS)));
    }

    /** Reads both periods; {@code current} (and the returned counts) see only the current period's records. */
    public IngestStats read(RecordSink current, Reader reader) throws IOException {
        PeriodRouter router = new PeriodRouter(current, collector, baseline);
        ChangePeriods p = collector.periods();
        IngestStats stats = reader.read(p.readFrom(), p.readUntil(), router);
        collector.logCovers(stats.firstRequestMs, stats.lastRequestMs);
        return stats;
    }

    /**
     * The report with its {@code change} section, whose current cost and by_model current costs are the report's own
     * {@code reportCost} and {@code reportByModel} (model as logged -> its cost_usd).
     */
    public Report on(Report report, Double reportCost, java.util.Map<String, Double> reportByModel) {
        return on(report, reportCost, reportByModel, java.util.Map.of());
    }

    /** {@link #on(Report, Double, java.util.Map)} with by_team's current costs the report's team figures ({@code reportByTeam}). */
    public Report on(Report report, Double reportCost, java.util.Map<String, Double> reportByModel,
                     java.util.Map<String, Double> reportByTeam) {
        AnalyzeResult base = baseline.finish(new IngestStats());
        java.util.Map<String, Double> baseByModel = new java.util.HashMap<>();
        base.byModel().forEach(m -> baseByModel.put(m.model(), m.costUsd()));
        return ChangeSection.on(report, collector.finish().withCurrentCosts(reportCost, reportByModel, reportByTeam)
                .withBaselineCosts(base.costUsd(), baseByModel, baseline.costByTeam()));
    }
}
