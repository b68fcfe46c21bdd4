package io.techopt.cache;

import io.techopt.core.Redactor;
import io.techopt.report.Report;
import io.techopt.report.ResultReport;
import io.techopt.report.ReportView;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The report of cache-warm itself: what was selected and written, and what was not cached. */
public record WarmReport(WarmResult result) implements ResultReport<WarmResult> {
    public WarmReport {
        java.util.Objects.requireNonNull(result, "result");
    }

    /** The report a {@code cache-warm -f json} output holds, for {@code techopt render}: drawn from the JSON alone. */
    public static Report fromJson(com.fasterxml.jackson.databind.JsonNode doc) {
        return io.techopt.report.JsonSections.report(doc, WarmResult.class, WarmReport::new);
    }

    @Override
    public ReportView view() {
        WarmResult r = result;
        List<List<Object>> top = new ArrayList<>();
        for (WarmResult.Top t : r.top()) {
            top.add(Arrays.asList(t.model(), t.question(), t.count(), t.avgCostUsd(), t.score()));
        }
        List<List<Object>> skipped = new ArrayList<>();
        for (SimulationResult.Skipped s : r.skipped()) {
            skipped.add(Arrays.asList(s.reason(), s.requests()));
        }
        WarmResult.Written w = r.written();
        String written = r.dryRun() ? "nothing (--dry-run)" : String.join(", ", new ArrayList<>(List.of(
                w.l1Snapshot() == null ? "" : "L1 snapshot " + w.l1Snapshot(), w.redis() == null ? "" : "Redis " + w.redis(),
                w.semantic() == null ? "" : "semantic " + w.semantic() + (w.semanticResumedFrom() > 0
                        ? " (resumed after " + w.semanticResumedFrom() + ")" : ""))).stream().filter(s -> !s.isEmpty()).toList());
        List<Item> items = new ArrayList<>(List.of(
                Item.of("Requests", r.requests(), Kind.INT), Item.of("Cacheable prompts", r.candidates(), Kind.INT),
                Item.of("Selected", r.selected(), Kind.INT), Item.of("Written", written.isEmpty() ? "no target given" : written, Kind.TEXT),
                Item.of("Expected saving per day", r.expectedSavingUsdPerDay(), Kind.MONEY)));
        if (r.generate() != null) {
            items.add(Item.of("Generated", generated(r.generate()), Kind.TEXT));
        }
        return new ReportView("techopt cache-warm", List.of(new ReportView.Summary("Summary", items),
                new ReportView.Table("top", "Top entries", List.of(new Column("model", Kind.TEXT), new Column("question", Kind.TEXT),
                        new Column("count", Kind.INT), new Column("avg_cost_usd", Kind.MONEY), new Column("score", Kind.NUMBER)), top),
                new ReportView.Table("skipped", "Not cached", List.of(new Column("reason", Kind.TEXT), new Column("requests", Kind.INT)), skipped),
                ReportView.Notes.inCsv("Notes", r.notes(), "notes")));
    }

    /** --generate in one line: what was asked and answered, retried, failed, spent, and why the rest was not asked. */
    static String generated(WarmResult.Generate g) {
        if (g.asked() == null) {
            return String.format(java.util.Locale.ROOT, "%d prompts need an answer, %d of them in the last run's snapshot; asking the "
                            + "rest would cost at most $%.6f (cap $%s; --dry-run asks nothing)", g.needingAnswer(), g.reused(), g.worstCaseUsd(), java.math.BigDecimal.valueOf(g.maxUsd()).stripTrailingZeros().toPlainString());
        }
        return String.format(java.util.Locale.ROOT, "%d of %d prompts answered at %s, %d from the last run's snapshot (%d asked, %d retries, %d failed, %d cut at max_tokens, "
                        + "%d kept out), $%.6f of $%s spent; not asked: %d by the cap, %d after a failure, %d unpriced",
                g.generated() + g.reused(), g.needingAnswer(), g.endpoint(), g.reused(), g.asked(), g.retries(), g.failed(), g.truncated(), g.refused(), g.spentUsd(),
                java.math.BigDecimal.valueOf(g.maxUsd()).stripTrailingZeros().toPlainString(), g.stoppedByCap(), g.stoppedByFailure(), g.unpriced());
    }

    /** A question as a report may show it: secrets redacted, clipped. */
    public static String shown(String q) {
        String s = Redactor.redact(q).replaceAll("\\s+", " ").trim();
        return s.length() > 80 ? s.substring(0, 79) + "…" : s;
    }
}
