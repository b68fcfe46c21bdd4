package io.techopt.analyze.change;

import io.techopt.core.LogRecord;
import io.techopt.ingest.RecordSink;
import io.techopt.ingest.Span;

/**
 * Reads both periods in one pass: every record goes to the {@link ChangeCollector}, and only those of the current
 * period to the rest of analyze and into ingest's counts ({@link #counted}), so analyze sees and counts exactly what
 * {@code --since/--until} alone would give it.
 */
final class PeriodRouter implements RecordSink {
    private final RecordSink current;
    private final ChangeCollector change;
    private long outsideSpans;

    PeriodRouter(RecordSink current, ChangeCollector change) {
        this.current = current;
        this.change = change;
    }

    private boolean inCurrent(LogRecord r) {
        return change.periods().of(r.timestampMs) == ChangePeriods.CURRENT;
    }

    @Override
    public void prepare(LogRecord r) {
        if (inCurrent(r)) {
            current.prepare(r);
        }
    }

    @Override
    public boolean counted(LogRecord r) {
        return inCurrent(r);
    }

    @Override
    public void accept(LogRecord r) {
        change.accept(r);
        if (inCurrent(r)) {
            current.accept(r);
        }
    }

    @Override
    public boolean wantsSpans() {
        return current.wantsSpans();
    }

    /** Spans of the current period (and malformed ones, reported whatever their time) go on; the others are counted. */
    @Override
    public void acceptSpan(Span s) {
        if (s.problem() != null || change.periods().of(Math.floorDiv(s.startNs(), 1_000_000L)) == ChangePeriods.CURRENT) {
            current.acceptSpan(s);
        } else {
            outsideSpans++;
        }
    }

    /** Spans read only for the baseline (or between the periods), left out of the current period's latency map. */
    long outsideSpans() {
        return outsideSpans;
    }
}
