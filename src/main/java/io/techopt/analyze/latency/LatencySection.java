package io.techopt.analyze.latency;

import io.techopt.report.JsonRenderer;
import io.techopt.report.Report;
import io.techopt.report.ReportView;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The latency map as a section of analyze's report: its {@code latency} JSON key and its blocks in every other format. */
public final class LatencySection {
    private LatencySection() {
    }

    /** {@code report} with the latency section added after its own blocks. */
    public static Report on(Report report, LatencyResult r) {
        return report.with(o -> o.set("latency", JsonRenderer.mapper().valueToTree(r)), v -> withBlocks(v, r));
    }

    static ReportView withBlocks(ReportView v, LatencyResult r) {
        List<ReportView.Block> b = new ArrayList<>(v.blocks());
        b.addAll(blocks(r));
        return new ReportView(v.title(), b);
    }

    static List<ReportView.Block> blocks(LatencyResult r) {
        List<ReportView.Block> b = new ArrayList<>();
        List<Item> s = new ArrayList<>();
        s.add(Item.of("Headline", r.headline(), Kind.TEXT));
        s.add(Item.of("Traces", r.traces(), Kind.INT));
        s.add(Item.of("Spans", r.spans(), Kind.INT));
        s.add(Item.of("Wall time, all traces", r.wallMs(), Kind.MS));
        s.add(Item.of("Cost in traces", r.costUsd(), Kind.MONEY));
        LatencyResult.StageRow llm = r.stages().get(Stage.LLM.ordinal());
        s.add(Item.of("LLM calls' share of the critical path", llm.shareOfCriticalPath(), Kind.PERCENT));
        if (r.malformedSpans() > 0) {
            s.add(Item.of("Malformed spans (skipped)", r.malformedSpans(), Kind.INT));
        }
        List<Object> summaryRow = Arrays.asList(r.headline(), r.traces(), r.spans(), r.wallMs(), r.costUsd(),
                llm.shareOfWall(), llm.shareOfCost(), llm.shareOfCriticalPath(), r.malformedSpans(), r.tracesBeyondLimit());
        b.add(new ReportView.Summary("Latency bottleneck map (traces)", s, new ReportView.Table("latency_summary",
                "Latency bottleneck map", List.of(new Column("headline", Kind.TEXT), new Column("traces", Kind.INT),
                new Column("spans", Kind.INT), new Column("wall_ms", Kind.MS), new Column("cost_usd", Kind.MONEY),
                new Column("llm_share_of_wall", Kind.PERCENT), new Column("llm_share_of_cost", Kind.PERCENT),
                new Column("llm_share_of_critical_path", Kind.PERCENT), new Column("malformed_spans", Kind.INT),
                new Column("traces_beyond_limit", Kind.INT)), List.of(summaryRow))));

        List<List<Object>> stages = new ArrayList<>();
        for (LatencyResult.StageRow st : r.stages()) {
            stages.add(Arrays.asList(st.stage(), st.spans(), st.wallMs(), st.shareOfWall(), st.medianTraceShareOfWall(),
                    st.criticalPathMs(),
                    st.shareOfCriticalPath(), st.costUsd(), st.shareOfCost(),
                    st.spanMs() == null ? null : st.spanMs().p50(), st.spanMs() == null ? null : st.spanMs().p95(),
                    st.perTraceMs().p50(), st.perTraceMs().p95()));
        }
        b.add(new ReportView.Table("latency_stages", "Where the time and money go, by stage (all traces)", List.of(
                new Column("stage", Kind.TEXT), new Column("spans", Kind.INT), new Column("wall_ms", Kind.MS),
                new Column("share_of_wall", Kind.PERCENT), new Column("median_trace_share_of_wall", Kind.PERCENT),
                new Column("critical_path_ms", Kind.MS),
                new Column("share_of_critical_path", Kind.PERCENT), new Column("cost_usd", Kind.MONEY),
                new Column("share_of_cost", Kind.PERCENT), new Column("span_p50_ms", Kind.MS),
                new Column("span_p95_ms", Kind.MS), new Column("per_trace_p50_ms", Kind.MS),
                new Column("per_trace_p95_ms", Kind.MS)), stages));
        b.add(new ReportView.Chart("latency_share_by_stage", "Share of traced wall time by stage", ReportView.ChartKind.BAR,
                r.stages().stream().map(LatencyResult.StageRow::stage).toList(),
                r.stages().stream().map(st -> st.shareOfWall() == null ? 0.0 : st.shareOfWall()).toList(), Kind.PERCENT));

        List<Column> cols = new ArrayList<>(List.of(new Column("trace_id", Kind.TEXT), new Column("spans", Kind.INT),
                new Column("wall_ms", Kind.MS), new Column("cost_usd", Kind.MONEY)));
        for (Stage st : Stage.values()) {
            cols.add(new Column(st.key + "_wall", Kind.PERCENT));
        }
        for (Stage st : Stage.values()) {
            cols.add(new Column(st.key + "_critical", Kind.PERCENT));
        }
        cols.add(new Column("llm_cost", Kind.PERCENT));
        List<List<Object>> rows = new ArrayList<>();
        for (LatencyResult.TraceRow t : r.slowestTraces()) {
            List<Object> row = new ArrayList<>(Arrays.asList(t.traceId(), t.spans(), t.wallMs(), t.costUsd()));
            for (Stage st : Stage.values()) {
                row.add(t.wallShare().get(st.key));
            }
            for (Stage st : Stage.values()) {
                row.add(t.criticalPathShare().get(st.key));
            }
            row.add(t.costShare().get(Stage.LLM.key));
            rows.add(row);
        }
        b.add(new ReportView.Table("latency_traces", "Slowest traces: share of wall time, of the critical path and of cost",
                cols, rows));
        List<String> notes = new ArrayList<>();
        notes.add("method: " + r.method());
        notes.addAll(r.notes());
        b.add(ReportView.Notes.inCsv("Latency map notes", notes, "latency_notes"));
        return b;
    }
}
