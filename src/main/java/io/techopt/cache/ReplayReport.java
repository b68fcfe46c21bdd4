package io.techopt.cache;

import io.techopt.report.ResultReport;
import io.techopt.report.ReportView;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The report of cache-warm simulate --pairs: the replay of labelled pairs against static thresholds. */
public record ReplayReport(ReplayResult result) implements ResultReport<ReplayResult> {
    public ReplayReport {
        java.util.Objects.requireNonNull(result, "result");
    }

    @Override
    public ReportView view() {
        ReplayResult r = result;
        ReplayResult.Outcome o = r.result();
        ReplayResult.Outcome b = r.bestStatic();
        String policy = r.policy().threshold() == null
                ? String.format(java.util.Locale.ROOT, "adaptive, max error %.3f", r.policy().maxError())
                : String.format(java.util.Locale.ROOT, "static, threshold %.3f", r.policy().threshold());
        List<Item> items = new ArrayList<>(List.of(Item.of("Pairs", r.data().pairs(), Kind.INT),
                Item.of("Questions", r.data().questions(), Kind.INT), Item.of("Classes", r.data().classes(), Kind.INT),
                Item.of("Queries", r.queries(), Kind.INT), Item.of("Servable", r.servable(), Kind.INT),
                Item.of("Seed", r.seed(), Kind.INT), Item.of("Embedder", r.embedder(), Kind.TEXT),
                Item.of("Policy", policy, Kind.TEXT), Item.of("Hits", o.hits(), Kind.INT),
                Item.of("Correct hits", o.correctHits(), Kind.INT), Item.of("Error rate", o.errorRate(), Kind.PERCENT),
                Item.of("Hit rate", o.hitRate(), Kind.PERCENT), Item.of("Explorations", o.explorations(), Kind.INT),
                Item.of("Model calls", o.modelCalls(), Kind.INT),
                Item.of("Best static within the bound", b == null ? "none" : String.format(java.util.Locale.ROOT,
                        "%.3f: error %.4f, hit rate %.4f", b.threshold(), b.errorRate(), b.hitRate()), Kind.TEXT),
                Item.of("Hit rate over best static", r.hitRateOverBestStatic(), Kind.NUMBER)));
        List<List<Object>> rows = new ArrayList<>();
        for (ReplayResult.Outcome t : r.staticSweep()) {
            rows.add(Arrays.asList(t.threshold(), t.hits(), t.correctHits(), t.errorRate(), t.hitRate()));
        }
        return new ReportView("techopt cache-warm simulate --pairs", List.of(new ReportView.Summary("Summary", items),
                new ReportView.Table("static_sweep", "Static thresholds on the same replay", List.of(new Column("threshold", Kind.NUMBER),
                        new Column("hits", Kind.INT), new Column("correct_hits", Kind.INT), new Column("error_rate", Kind.PERCENT),
                        new Column("hit_rate", Kind.PERCENT)), rows),
                ReportView.Notes.inCsv("Notes", r.notes(), "notes")));
    }
}
