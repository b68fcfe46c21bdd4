package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.techopt.stats.Measured;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code latency} section of analyze's JSON (analyze-logs.schema.json), built by {@link LatencyMap#finish}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LatencyResult(String method, String headline, long traces, long spans, double wallMs, Double costUsd,
                            List<StageRow> stages, List<TraceRow> slowestTraces, long malformedSpans,
                            List<LatencyMap.Sample> malformedSpanSamples, long tracesBeyondLimit, long spansBeyondLimit,
                            long repeatedSpans, long spansOutsidePeriod, List<String> notes) {

    static final String METHOD = "wall time: each instant of a trace (first span start to last span end) goes to the "
            + "leaf spans active then (spans with no active child), split evenly between them; instants with no span "
            + "active are 'untraced'; shares sum time over traces, median_trace_share_of_wall is the median of each "
            + "trace's own share. critical path (Jaeger's method): from a span's end backwards, the child that finished "
            + "last, then the child that finished last by that child's start, and so on (a child still running then is "
            + "off the path; a child sticking out of its parent (clock skew) keeps that time: the parent is taken to last as long "
            + "as its children); what no child covers is the span's own time; between "
            + "roots, the root running at the cursor. Both add up to each trace's wall time. Cost: priced LLM calls (and "
            + "embeddings, under retrieval) of the trace. Stages from gen_ai.operation.name, Langfuse observation type, "
            + "gen_ai usage, gen_ai.tool.name, db.system, then the span name";

    /** p50 and p95 (numpy's linear method), null when there is nothing to measure. */
    public record Pair(Double p50, Double p95) {
        static Pair of(double[] p) {
            return new Pair(Measured.nullIfNaN(p[0]), Measured.nullIfNaN(p[1]));
        }
    }

    /** One stage over every trace: its wall and critical-path time and shares, its cost, its percentiles. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StageRow(String stage, Long spans, double wallMs, Double shareOfWall, Double medianTraceShareOfWall,
                           double criticalPathMs,
                           Double shareOfCriticalPath, Double costUsd, Double shareOfCost, Pair spanMs, Pair perTraceMs) {
    }

    /** One trace: its wall time, and per stage its share of wall time, of the critical path and of cost. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TraceRow(String traceId, long spans, double wallMs, Double costUsd, long unpricedCalls,
                           Map<String, Double> wallShare, Map<String, Double> criticalPathShare,
                           Map<String, Double> costShare) {
        static TraceRow of(String id, int spans, TraceBreakdown b, double[] stageCost, double cost, int unpriced,
                           boolean costShares, boolean hasCalls) {
            Map<String, Double> wall = new LinkedHashMap<>(), cp = new LinkedHashMap<>(), cs = new LinkedHashMap<>();
            long w = b.wallTimeNs();
            for (Stage s : Stage.values()) {
                wall.put(s.key, w == 0 ? null : b.wallNs[s.ordinal()] / w);
                cp.put(s.key, w == 0 ? null : b.criticalNs[s.ordinal()] / w);
                if (s != Stage.UNTRACED) {
                    cs.put(s.key, costShares ? stageCost[s.ordinal()] / cost : null);
                }
            }
            Double traceCost = !hasCalls ? Double.valueOf(0.0) : unpriced == 0 ? Double.valueOf(cost) : null;
            return new TraceRow(id, spans, w / 1e6, traceCost, unpriced, wall, cp, cs);
        }
    }

    static Double share(double part, double whole) {
        return whole > 0 ? part / whole : null;
    }

    /**
     * "LLM calls: X% of latency, Y% of cost" over every trace (wall time and cost summed over the traces), with
     * "(median trace M%)" after the latency share when the median trace's share differs from it (one long trace, or a
     * few, weigh the summed share: the median gives each trace one vote).
     */
    static String headline(List<StageRow> stages, long unpricedCalls, long noUsageCalls) {
        StageRow llm = stages.get(Stage.LLM.ordinal());
        String median = pct(llm.medianTraceShareOfWall());
        return "LLM calls: " + pct(llm.shareOfWall()) + " of latency"
                + (llm.medianTraceShareOfWall() == null || median.equals(pct(llm.shareOfWall())) ? ""
                : " (median trace " + median + ")") + ", " + pct(llm.shareOfCost()) + " of cost"
                + (unpricedCalls + noUsageCalls == 0 ? "" : " (priced calls only: " + String.join(", ", java.util.stream.Stream.of(
                        unpricedCalls == 0 ? null : unpricedCalls + " unpriced", noUsageCalls == 0 ? null : noUsageCalls + " without usage")
                        .filter(java.util.Objects::nonNull).toList()) + ")");
    }

    static String pct(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
}
