package io.techopt.analyze.change;

import io.techopt.ingest.Timestamps;

import java.time.Instant;

/**
 * The two periods a cost change compares, each [from, until) in epoch ms (UTC): the baseline and the current one
 * (analyze's {@code --since}/{@code --until}). By default the baseline is the period of equal length just before.
 */
public record ChangePeriods(long baselineFrom, long baselineUntil, long currentFrom, long currentUntil) {
    public static final int BASELINE = 0, CURRENT = 1, NEITHER = -1;

    /**
     * @param spec  {@code B1..B2} (dates or ISO-8601 times, B2 exclusive) or null/empty for the period of equal length
     *              just before the current one
     * @param since the current period's start (epoch ms), Long.MIN_VALUE when --since was not given
     * @param until its end, exclusive, Long.MAX_VALUE when --until was not given
     * @throws IllegalArgumentException a usage error, with what to pass instead
     */
    public static ChangePeriods parse(String spec, long since, long until) {
        if (since == Long.MIN_VALUE || until == Long.MAX_VALUE) {
            throw new IllegalArgumentException("--compare-to needs the current period: pass --since DATE and --until DATE "
                    + "(e.g. --since 2025-02-01 --until 2025-03-01 --compare-to 2025-01-01..2025-02-01)");
        }
        if (spec == null || spec.isBlank()) {
            long len = until - since;
            return new ChangePeriods(since - len, since, since, until);
        }
        int dots = spec.indexOf("..");
        if (dots < 0 || spec.indexOf("..", dots + 2) >= 0) {
            throw new IllegalArgumentException("--compare-to must be B1..B2 (the baseline period, B2 exclusive; dates "
                    + "YYYY-MM-DD or ISO-8601 times), not '" + spec + "'");
        }
        long b0 = time(spec.substring(0, dots).trim(), spec);
        long b1 = time(spec.substring(dots + 2).trim(), spec);
        if (b0 >= b1) {
            throw new IllegalArgumentException("--compare-to " + spec + ": the baseline must start before it ends");
        }
        if (b0 < until && since < b1) {
            throw new IllegalArgumentException("--compare-to " + spec + " overlaps the current period " + Instant.ofEpochMilli(since)
                    + " to " + Instant.ofEpochMilli(until) + " (--since/--until): a request would count in both");
        }
        if (b0 >= until) {
            throw new IllegalArgumentException("--compare-to " + spec + ": the baseline is after the current period "
                    + Instant.ofEpochMilli(since) + " to " + Instant.ofEpochMilli(until) + " (--since/--until); the change goes "
                    + "from the earlier period (the baseline) to the later one: pass --since " + Instant.ofEpochMilli(b0)
                    + " --until " + Instant.ofEpochMilli(b1) + " --compare-to " + Instant.ofEpochMilli(since) + ".."
                    + Instant.ofEpochMilli(until));
        }
        return new ChangePeriods(b0, b1, since, until);
    }

    private static long time(String s, String spec) {
        try {
            return Timestamps.parse(s);
        } catch (Exception e) {
            throw new IllegalArgumentException("--compare-to must be B1..B2 with dates (YYYY-MM-DD) or ISO-8601 times, not '"
                    + spec + "'");
        }
    }

    /** Which period a request at {@code ts} belongs to. */
    public int of(long ts) {
        if (ts >= currentFrom && ts < currentUntil) {
            return CURRENT;
        }
        return ts >= baselineFrom && ts < baselineUntil ? BASELINE : NEITHER;
    }

    /** The window to read: both periods and what lies between them. */
    public long readFrom() {
        return Math.min(baselineFrom, currentFrom);
    }

    public long readUntil() {
        return Math.max(baselineUntil, currentUntil);
    }
}
