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

/** The report of cache-warm calibrate: precision and recall by threshold, and the one recommended. */
public record CalibrationReport(CalibrationResult result) implements ResultReport<CalibrationResult> {
    public CalibrationReport {
        java.util.Objects.requireNonNull(result, "result");
    }

    /** The report a {@code cache-warm calibrate -f json} output holds, for {@code techopt render}: drawn from the JSON alone. */
    public static Report fromJson(com.fasterxml.jackson.databind.JsonNode doc) {
        return new CalibrationReport(io.techopt.report.ReportJson.read(doc, CalibrationResult.class));
    }

    @Override
    public ReportView view() {
        CalibrationResult r = result;
        List<List<Object>> rows = new ArrayList<>();
        for (CalibrationResult.Threshold t : r.thresholds()) {
            rows.add(Arrays.asList(t.threshold(), t.precision(), t.recall(), t.f1()));
        }
        List<Item> items = new ArrayList<>(List.of(Item.of("Pairs", r.pairs(), Kind.INT),
                Item.of("Duplicates", r.duplicates(), Kind.INT), Item.of("Embedder", r.embedder(), Kind.TEXT),
                Item.of("Check", r.guards() ? "cosine + false-hit guards" : "plain cosine", Kind.TEXT),
                Item.of("Minimum precision", r.minPrecision(), Kind.NUMBER)));
        items.add(Item.of("Recommended threshold", r.recommended() == null ? "none reaches the minimum precision"
                : String.format(java.util.Locale.ROOT, "%.3f (precision %.3f, recall %.3f)", r.recommended().threshold(),
                r.recommended().precision(), r.recommended().recall()), Kind.TEXT));
        for (var c : List.of(r.plainCosine(), r.guarded())) {
            items.add(Item.of(c == r.plainCosine() ? "Plain cosine at that bar" : "With guards at that bar", c == null ? "-"
                    : String.format(java.util.Locale.ROOT, "%.3f: precision %.3f, recall %.3f", c.threshold(), c.precision(), c.recall()), Kind.TEXT));
        }
        return new ReportView("techopt cache-warm calibrate", List.of(new ReportView.Summary("Summary", items),
                new ReportView.Table("thresholds", "Precision and recall by threshold", List.of(new Column("threshold", Kind.NUMBER),
                        new Column("precision", Kind.NUMBER), new Column("recall", Kind.NUMBER), new Column("f1", Kind.NUMBER)), rows),
                new ReportView.Chart("precision", "Precision by threshold", ReportView.ChartKind.LINE,
                        r.thresholds().stream().map(t -> String.format(java.util.Locale.ROOT, "%.3f", t.threshold())).toList(),
                        r.thresholds().stream().map(t -> t.precision() == null ? Double.NaN : t.precision()).toList(), Kind.NUMBER),
                ReportView.Notes.inCsv("Notes", r.notes(), "notes")));
    }
}
