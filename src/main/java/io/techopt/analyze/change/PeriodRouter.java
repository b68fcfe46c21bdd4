package io.techopt.analyze.change;

import io.techopt.core.LogRecord;
import io.techopt.ingest.IngestStats;
import io.techopt.ingest.RecordSink;

/**
 * Reads both periods in one pass: every record goes to the {@link ChangeCollector}, and only those of the current
 * period to the rest of analyze, which so sees exactly what {@code --since/--until} alone would give it. A replay
 * trace's relative times stay anchored at {@code --since}, as without {@code --compare-to}.
 */
public final class PeriodRouter implements RecordSink {
    private final RecordSink current;
    private final ChangeCollector change;
    private long outside;
    private long outsideSpans;

    public PeriodRouter(RecordSink current, ChangeCollector change) {
        this.current = current;
        this.change = change;
    }

    @Override
    public void prepare(LogRecord r) {
        if (r.relativeTime) {
            // ingest anchored the trace's offsets at the start of what it read, the baseline's; --since anchors them
            r.timestampMs += change.periods().currentFrom() - change.periods().readFrom();
        }
        if (change.periods().of(r.timestampMs) == ChangePeriods.CURRENT) {
            current.prepare(r);
        }
    }

    @Override
    public void accept(LogRecord r) {
        change.accept(r);
        if (change.periods().of(r.timestampMs) == ChangePeriods.CURRENT) {
            current.accept(r);
        } else {
            outside++;
        }
    }

    @Override
    public boolean wantsSpans() {
        return current.wantsSpans();
    }

    /** Spans of the current period (and malformed ones, reported whatever their time) go on; the others are counted. */
    @Override
    public void acceptSpan(io.techopt.ingest.Span s) {
        if (s.problem() != null || change.periods().of(Math.floorDiv(s.startNs(), 1_000_000L)) == ChangePeriods.CURRENT) {
            current.acceptSpan(s);
        } else {
            outsideSpans++;
        }
    }

    /**
     * Counts the records read only for the baseline (or between the periods) as outside the window, as they are for
     * the rest of the report: ingest's counts then match a run without {@code --compare-to}.
     */
    public void fixCounts(IngestStats stats) {
        stats.records -= outside;
        stats.filtered += outside;
        outside = 0;
        String read = java.time.Instant.ofEpochMilli(change.periods().readFrom()).toString();
        String since = java.time.Instant.ofEpochMilli(change.periods().currentFrom()).toString();
        stats.warnings.replaceAll(w -> w.contains("offsets in ms from the start of a replay trace; anchored at " + read)
                ? w.replace("anchored at " + read, "anchored at " + since) : w);
        stats.spansOutsidePeriod += outsideSpans;
        outsideSpans = 0;
    }
}
