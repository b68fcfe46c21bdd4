package io.techopt.cli;

import io.techopt.core.Progress;
import io.techopt.core.RedactingWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's progress on stderr, never in a report. On a terminal ({@link Mode#BARS}: stderr a tty, TERM not dumb) a step
 * that lasts past half a second gets a bar (me.tongfei:progressbar: percent, count or MB, elapsed / ETA, rate),
 * redrawn through the message boundary and replaced by one line when the step ends. Elsewhere ({@link Mode#SUMMARY}: a
 * CI log, a file, TERM=dumb) nothing while it runs, no carriage return or escape, and one summary line at the end when
 * the steps took long enough to be worth a line. Under -q ({@link Mode#SILENT}) nothing.
 */
final class ProgressBars implements Progress {
    enum Mode { BARS, SUMMARY, SILENT }

    /** A step shorter than this draws no bar: a quick run's stderr stays as it was. */
    private static final long SHOW_AFTER_NANOS = 500_000_000L;
    /** The summary line is written when the steps took this long in all (ms; a property so a test can lower it). */
    static final String SUMMARY_AFTER_PROPERTY = "techopt.progress.summaryAfterMs";
    private static final int MAX_SUMMARY_STEPS = 8;

    private final PrintWriter err;
    private final Mode mode;
    private final String command;
    private final java.util.function.IntSupplier width;
    private int columns;
    private final List<Step> steps = new ArrayList<>();
    private Step current;
    private ProgressBar bar;
    private boolean finished;

    private static final class Step {
        final String name;
        final boolean bytes;
        final long start;
        long end;
        /** Its bar gave way to its line: a later report of the same step draws nothing more. */
        boolean ended;
        long done;
        long total;

        Step(String name, boolean bytes, long start) {
            this.name = name;
            this.bytes = bytes;
            this.start = start;
            this.end = start;
        }
    }

    ProgressBars(PrintWriter err, Mode mode, String command, int width) {
        this(err, mode, command, () -> width);
    }

    /** {@code width}: the terminal's columns, asked once, when the first bar is drawn. */
    ProgressBars(PrintWriter err, Mode mode, String command, java.util.function.IntSupplier width) {
        this.err = err;
        this.mode = mode;
        this.command = command;
        this.width = width;
    }

    /** The mode for this process: bars on a terminal that can redraw a line, a summary elsewhere, nothing under -q. */
    static Mode mode(boolean quiet) {
        return mode(quiet, Terminal.stderrIsTerminal(), System.getenv("TERM"));
    }

    static Mode mode(boolean quiet, boolean stderrIsTerminal, String term) {
        if (quiet) {
            return Mode.SILENT;
        }
        return stderrIsTerminal && !"dumb".equals(term) ? Mode.BARS : Mode.SUMMARY;
    }

    @Override
    public void at(String stage, long done, long total) {
        update(stage, done, total, false);
    }

    @Override
    public void bytes(String stage, long done, long total) {
        update(stage, done, total, true);
    }

    private synchronized void update(String stage, long done, long total, boolean bytes) {
        if (mode == Mode.SILENT || finished) {
            return;
        }
        long now = System.nanoTime();
        // a new name starts the next step, and so does the same name starting over from 0 (a log read a second time;
        // never a late report of a step done, which worker threads may send out of order)
        if (current == null || !current.name.equals(stage) || (current.ended && done == 0)) {
            endStep();
            current = new Step(stage, bytes, now);
            steps.add(current);
        }
        current.done = Math.max(current.done, done);
        current.total = total;
        current.end = now;
        boolean complete = total >= 0 && current.done >= total;
        if (mode == Mode.BARS) {
            if (bar == null && !current.ended && !complete && now - current.start >= SHOW_AFTER_NANOS) {
                bar = open(current, now);
            }
            if (bar != null) {
                if (total >= 0 && total != bar.getMax()) {
                    bar.maxHint(total);
                }
                bar.stepTo(current.done);
                if (complete) {
                    endStep(); // done: its clock stops here, not at the next step
                }
            }
        }
        current.ended |= complete;
    }

    private ProgressBar open(Step s, long now) {
        DecimalFormat rate = new DecimalFormat(s.bytes ? "#,##0.0" : "#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        if (columns == 0) {
            columns = width.getAsInt();
            // Ctrl-C while a bar is drawn: the line is erased, so the shell's prompt does not start on it
            Runtime.getRuntime().addShutdownHook(new Thread(() -> finish(false), "techopt-progress-end"));
        }
        // redacted before the bar cuts it (a cut secret is no longer recognised), and short enough to leave room for the bar
        String task = io.techopt.core.Redactor.redact(s.name);
        int maxTask = Math.max(20, columns / 3);
        if (task.length() > maxTask) {
            int head = io.techopt.core.Printable.cutPoint(task, maxTask / 2);
            task = task.substring(0, head) + "…" + task.substring(task.length() - (maxTask - head - 1));
        }
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(s.total < 0 ? -1 : s.total)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .showSpeed(rate)
                .startsFrom(s.done, Duration.ofNanos(now - s.start))
                // the bar leaves through the message boundary: redacted, escaped, then \r and erase-line
                .setConsumer(new DelegatingProgressBarConsumer(text -> RedactingWriter.progress(err, text), columns));
        if (s.bytes) {
            b.setUnit(" MB", 1_000_000L);
        }
        return b.build();
    }

    /** Closes the current step: its bar (if shown) gives way to one line saying what it did. */
    private void endStep() {
        if (current != null) {
            current.ended = true;
        }
        if (bar != null) {
            bar.close();
            bar = null;
            RedactingWriter.progress(err, "");
            err.println("techopt: " + current.name + ": " + describe(current));
            err.flush();
        }
    }

    /**
     * After the work, before the report is written or a failure told: ends the bar; without a terminal writes the
     * summary line when the steps took long enough ({@code ok}: the run succeeded). Idempotent.
     */
    synchronized void finish(boolean ok) {
        if (finished || mode == Mode.SILENT) {
            finished = true;
            return;
        }
        finished = true;
        if (mode == Mode.BARS) {
            if (bar != null) {
                bar.close();
                bar = null;
                RedactingWriter.progress(err, "");
                if (ok) {
                    err.println("techopt: " + current.name + ": " + describe(current));
                }
            }
            return;
        }
        if (!ok || steps.isEmpty()) {
            return;
        }
        long took = steps.get(steps.size() - 1).end - steps.get(0).start;
        if (took / 1_000_000L < Long.getLong(SUMMARY_AFTER_PROPERTY, 2000L)) {
            return;
        }
        StringBuilder line = new StringBuilder("techopt: ").append(command).append(": ");
        int shown = steps.size() <= MAX_SUMMARY_STEPS ? steps.size() : MAX_SUMMARY_STEPS - 1;
        for (int i = 0; i < shown; i++) {
            line.append(i == 0 ? "" : "; ").append(steps.get(i).name).append(' ').append(describe(steps.get(i)));
        }
        if (shown < steps.size()) {
            // ingest of a directory is a step a log: the line stays a line
            long rest = steps.stream().skip(shown).mapToLong(x -> x.end - x.start).sum();
            line.append("; ").append(steps.size() - shown).append(" more steps in ").append(duration(rest));
        }
        if (steps.size() > 1) {
            line.append("; ").append(duration(took)).append(" in all");
        }
        err.println(line);
        err.flush();
    }

    /** "52.4 MB in 4.1 s (12.7 MB/s)", "1,319 of 1,319 in 2 min 3 s (11/s)". */
    static String describe(Step s) {
        double secs = (s.end - s.start) / 1e9;
        String amount, rate;
        if (s.bytes) {
            amount = String.format(Locale.ROOT, "%,.1f MB", s.done / 1e6);
            rate = rate(s.done / 1e6 / secs) + " MB/s";
        } else if (s.total == 1) {
            return "in " + duration(s.end - s.start); // one piece of work: a count says nothing
        } else {
            amount = s.total >= 0 ? String.format(Locale.ROOT, "%,d of %,d", s.done, s.total) : String.format(Locale.ROOT, "%,d", s.done);
            rate = rate(s.done / secs) + "/s";
        }
        return amount + " in " + duration(s.end - s.start) + (secs >= 0.05 && s.done > 0 ? " (" + rate + ")" : "");
    }

    /** A rate with two significant digits at least: a slow one reads "0.5/s" or "0.028 MB/s", never 0 (review r22 L4). */
    static String rate(double perSecond) {
        if (perSecond >= 100 || perSecond == 0) {
            return String.format(Locale.ROOT, "%,.0f", perSecond);
        }
        if (perSecond >= 1) {
            return String.format(Locale.ROOT, "%.1f", perSecond);
        }
        return new java.math.BigDecimal(perSecond).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /** "< 1 ms" and "45 ms" under 0.1 s (a tenth of a second would read 0.0 s), "4.1 s", "2 min 3 s", "1 h 5 min". */
    static String duration(long nanos) {
        double s = nanos / 1e9;
        if (nanos < 1_000_000L) {
            return "< 1 ms";
        }
        if (s < 0.1) {
            return (nanos / 1_000_000L) + " ms";
        }
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long whole = Math.round(s);
        return whole < 3600 ? String.format(Locale.ROOT, "%d min %d s", whole / 60, whole % 60)
                : String.format(Locale.ROOT, "%d h %d min", whole / 3600, whole % 3600 / 60);
    }
}
