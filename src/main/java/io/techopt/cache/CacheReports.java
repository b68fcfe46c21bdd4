package io.techopt.cache;

import io.techopt.core.Redactor;
import io.techopt.report.Report;
import io.techopt.report.ReportView;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The report models of cache-warm: calibrate, simulate and the warm itself. */
public final class CacheReports {
    private CacheReports() {
    }

    /** The reports cache-warm's -f json outputs hold, for {@code techopt render}: drawn from the JSON alone. */
    public static Report warmFromJson(com.fasterxml.jackson.databind.JsonNode doc) {
        return io.techopt.report.JsonSections.withIngestAndPrices(doc,
                warm(io.techopt.report.JsonSections.model(doc, WarmResult.class)));
    }

    public static Report simulationFromJson(com.fasterxml.jackson.databind.JsonNode doc) {
        return io.techopt.report.JsonSections.withIngestAndPrices(doc,
                simulation(io.techopt.report.JsonSections.model(doc, SimulationResult.class)));
    }

    public static Report calibrationFromJson(com.fasterxml.jackson.databind.JsonNode doc) {
        return calibration(io.techopt.report.ReportJson.read(doc, CalibrationResult.class));
    }

    public static Report calibration(CalibrationResult r) {
        return new Report() {
            public Object json() {
                return r;
            }

            public ReportView view() {
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
        };
    }

    public static Report simulation(SimulationResult r) {
        return new Report() {
            public Object json() {
                return r;
            }

            public ReportView view() {
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
        };
    }

    public static Report replay(ReplayResult r) {
        return new Report() {
            public Object json() {
                return r;
            }

            public ReportView view() {
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
        };
    }

    public static Report warm(WarmResult r) {
        return new Report() {
            public Object json() {
                return r;
            }

            public ReportView view() {
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
        };
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
