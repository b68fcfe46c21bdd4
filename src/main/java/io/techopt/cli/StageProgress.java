package io.techopt.cli;

import io.techopt.core.RedactingWriter;
import io.techopt.route.Progress;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A long run's progress on stderr, never in a report: on a terminal one line redrawn a few times a second; otherwise
 * (a CI log, a file) a line when each stage starts, at each quarter and when it ends, so a log stays short.
 */
final class StageProgress implements Progress {
    private final PrintWriter err;
    private final boolean terminal;
    private final String command;
    private final long start = System.nanoTime();
    private String stage;
    private int quarter;
    private long lastDraw;

    StageProgress(PrintWriter err, boolean terminal, String command) {
        this.err = err;
        this.terminal = terminal;
        this.command = command;
    }

    @Override
    public synchronized void at(String stage, long done, long total) {
        long now = System.nanoTime();
        boolean newStage = !stage.equals(this.stage);
        int q = total <= 0 ? 4 : (int) Math.min(4, 4 * done / total);
        String text = String.format(Locale.ROOT, "techopt: %s: %s %,d/%,d (%d%%), %d s", command, stage, done, total,
                total <= 0 ? 100 : 100 * done / total, (now - start) / 1_000_000_000L);
        if (terminal) {
            if (newStage || done >= total || now - lastDraw > 250_000_000L) {
                RedactingWriter.progress(err, text);
                lastDraw = now;
            }
        } else if (newStage || q > quarter) {
            err.println(text);
            err.flush();
        }
        if (newStage) {
            this.stage = stage;
        }
        quarter = q;
    }

    /** Clears the terminal's progress line before the report or an error is written. */
    synchronized void end() {
        if (terminal && stage != null) {
            RedactingWriter.progress(err, "");
        }
    }
}
