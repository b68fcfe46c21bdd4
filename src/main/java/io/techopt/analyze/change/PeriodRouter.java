package io.techopt.analyze.change;

import io.techopt.core.LogRecord;
import io.techopt.ingest.ForwardingSink;
import io.techopt.ingest.RecordSink;

/**
 * Reads both periods in one pass: every record goes to the {@link ChangeCollector}, and only those of the current
 * period to the rest of analyze and into ingest's counts ({@link #counted}), so analyze sees and counts exactly what
 * {@code --since/--until} alone would give it. Every span goes on: the latency map takes a trace whole when its first
 * span starts in the current period (--since/--until) and leaves it out whole otherwise (a span-by-span cut would
 * leave half traces).
 */
final class PeriodRouter extends ForwardingSink {
    private final ChangeCollector change;
    private final RecordSink baseline;

    /** {@code baseline}: the baseline period's records, for the figures a stand-alone analyze of it gives. */
    PeriodRouter(RecordSink current, ChangeCollector change, RecordSink baseline) {
        super(current);
        this.change = change;
        this.baseline = baseline;
    }

    private boolean inCurrent(LogRecord r) {
        return change.periods().of(r.timestampMs) == ChangePeriods.CURRENT;
    }

    @Override
    public LogRecord prepare(LogRecord r) {
        return inCurrent(r) ? next.prepare(r) : r;
    }

    @Override
    public boolean counted(LogRecord r) {
        return inCurrent(r);
    }

    @Override
    public void accept(LogRecord r) {
        change.accept(r);
        int period = change.periods().of(r.timestampMs);
        if (period == ChangePeriods.CURRENT) {
            next.accept(r);
        } else if (period == ChangePeriods.BASELINE) {
            baseline.accept(r);
        }
    }
}
