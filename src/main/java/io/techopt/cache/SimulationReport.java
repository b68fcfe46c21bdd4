package io.techopt.cache;

import io.techopt.report.Report;
import io.techopt.report.ResultReport;
import io.techopt.report.ReportView;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The report of cache-warm simulate on a log: hits and savings by cache layer. */
public record SimulationReport(SimulationResult result) implements ResultReport<SimulationResult> {
    public SimulationReport {
        java.util.Objects.requireNonNull(result, "result");
    }

    /** The report a {@code cache-warm simulate -f json} output holds, for {@code techopt render}: drawn from the JSON alone. */
    public static Report fromJson(com.fasterxml.jackson.databind.JsonNode doc) {
        return io.techopt.report.JsonSections.report(doc, SimulationResult.class, SimulationReport::new);
    }

    @Override
    public ReportView view() {
        SimulationResult r = result;
        List<List<Object>> layers = new ArrayList<>();
        for (SimulationResult.Layer l : r.layers()) {
            layers.add(Arrays.asList(l.layer(), l.config(), l.hits(), l.savedUsd()));
        }
        List<List<Object>> skipped = new ArrayList<>();
        for (SimulationResult.Skipped s : r.skipped()) {
            skipped.add(Arrays.asList(s.reason(), s.requests()));
        }
        SimulationResult.Semantic sem = r.semantic();
        List<Item> items = new ArrayList<>(List.of(Item.of("Requests", r.requests(), Kind.INT),
                Item.of("Looked up", r.lookups(), Kind.INT), Item.of("Hit rate", r.hitRate(), Kind.PERCENT),
                Item.of("Cost", r.costUsd(), Kind.MONEY), Item.of("Saved", r.savedUsd(), Kind.MONEY),
                Item.of("Saved share", r.savedShare(), Kind.PERCENT), Item.of("Latency saved", r.latencySavedMs(), Kind.MS)));
        SimulationResult.Adaptive ad = sem.adaptive();
        if (sem.enabled() && ad != null) {
            // the figures the notes explain (review r22 L3): no threshold to calibrate, the bound instead
            items.add(Item.of("Semantic policy", String.format(java.util.Locale.ROOT, "adaptive, max error %.3f: a hit is "
                    + "served only within that bound (no single threshold to calibrate)", ad.maxError()), Kind.TEXT));
            items.add(Item.of("Adaptive explorations", String.format(java.util.Locale.ROOT, "%,d answered as logged, %,d of "
                    + "them verified against the entry's answer", ad.explorations(), ad.verified()), Kind.TEXT));
            items.add(Item.of("Served answer differs", ad.servedAnswerDiffers(), Kind.INT));
            items.add(Item.of("Adaptive outcomes", String.format(java.util.Locale.ROOT, "%,d at the end, %,d restored from --index",
                    ad.outcomes(), ad.outcomesRestored()), Kind.TEXT));
        } else if (sem.enabled()) {
            items.add(Item.of("Semantic hits expected wrong", sem.expectedFalseHits() == null ? "not calibrated"
                    : String.format(java.util.Locale.ROOT, "%.1f (%.1f%% of semantic hits, %s)", sem.expectedFalseHits(),
                    100 * sem.falseHitRate(), sem.calibration()), Kind.TEXT));
        }
        return new ReportView("techopt cache-warm simulate", List.of(new ReportView.Summary("Summary", items),
                new ReportView.Table("layers", "Hits by layer", List.of(new Column("layer", Kind.TEXT), new Column("config", Kind.TEXT),
                        new Column("hits", Kind.INT), new Column("saved_usd", Kind.MONEY)), layers),
                new ReportView.Table("skipped", "Kept out of the cache (multi-turn: out of its semantic layer only)", List.of(new Column("reason", Kind.TEXT), new Column("requests", Kind.INT)), skipped),
                ReportView.Notes.inCsv("Notes", r.notes(), "notes")));
    }
}
