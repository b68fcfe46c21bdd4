package io.techopt.cli;

import io.techopt.report.Report;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * What every command shares: its picocli spec, the exit codes of {@code ../shared/spec/cli.md}, where the report and
 * the messages go, and how a message is worded ("techopt: warning: ..."). stderr is behind the redacting boundary
 * ({@link Main#commandLine}), so a message is never a way out for a secret. A command reading a log extends
 * {@link LogCommand}; a new one copies {@code cli/BudgetCommand.java}.
 */
abstract class BaseCommand implements Callable<Integer> {
    /** Exit codes (cli.md): ok; runtime failure; usage error; bad input under --strict or nothing readable; an alert fired. */
    static final int OK = 0, RUNTIME = 1, USAGE = 2, BAD_INPUT = 3, ALERT = 4;

    @Spec
    CommandSpec spec;

    /** The report's format and destination (a mixin declared by the subclass, so that it keeps its place in --help). */
    abstract OutputOptions output();

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A count option of 0 or less is a usage error (exit 2), never silently read as 1. */
    final int atLeastOne(String option, int value) {
        if (value < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " must be at least 1 (got " + value + ")");
        }
        return value;
    }

    /** -q: no progress or warnings on stderr, except where input or money was left out. */
    final boolean quiet() {
        return output().quiet;
    }

    /**
     * The table {@code --format csv} writes when no --table is given: what a spreadsheet user of this command wants
     * first (README, Output). Null: the report's first table.
     */
    String csvMainTable() {
        return null;
    }

    /**
     * {@code --table list} prints the names of the report's csv tables and nothing else: what the command would write,
     * post or exit with besides its report (a webhook, --focus-csv, a cache, a store, exit 4) is turned off before it
     * runs (review: listing the tables posted the webhook and could exit 4). Commands with such options override this.
     */
    void withoutSideEffects() {
    }

    private ProgressBars progress;

    /**
     * This run's progress port for the long steps (core.Progress): bars on a terminal, one summary line in a log,
     * nothing under -q. Engines and services get it passed in; they never know the terminal.
     */
    final synchronized ProgressBars progress() {
        if (progress == null) {
            ProgressBars.Mode mode = ProgressBars.mode(output() != null && quiet());
            progress = new ProgressBars(err(), mode, spec.qualifiedName().replaceFirst("^techopt ", ""),
                    Terminal::columns);
        }
        return progress;
    }

    /** The work is done (or failed): the bar gives way, the summary line is written; before the report or the error. */
    final synchronized void endProgress(boolean ok) {
        if (progress != null) {
            progress.finish(ok);
        }
    }

    /** The report this run wrote (null until then): a test renders its other csv tables from it instead of running again. */
    Report written;

    /** Writes the report in the chosen format to --out or stdout (--table list: only the csv table names, to stdout). */
    final void write(Report report) throws IOException {
        written = report;
        endProgress(true);
        output().write(report, out(), spec.commandLine(), csvMainTable());
        if (output().out != null && !OutputOptions.LIST.equals(output().table)) {
            wrote(output().out);
        }
    }

    /**
     * An output of this run onto a file it reads (named, through a link, or the file standard output is redirected to)
     * would replace that input once read: a usage error before anything is read or written (review r22 H1: `render
     * an.json -o an.json`, or `--out` onto the --prices or --budget file, exited 0 and replaced it).
     */
    final void refuseWritesOntoReads(java.util.Map<String, java.nio.file.Path> reads, java.util.Map<String, java.nio.file.Path> writes)
            throws java.io.IOException {
        java.util.Map<String, java.nio.file.Path> all = new java.util.LinkedHashMap<>(writes);
        OutputOptions o = output();
        if (o != null && (o.out == null || o.out.toString().equals("-"))) {
            java.nio.file.Path stdout = stdoutFile();
            if (stdout != null) {
                all.put("standard output, redirected to", stdout);
            }
        }
        for (var r : reads.entrySet()) {
            java.nio.file.Path in = r.getValue();
            if (in == null || in.toString().equals("-") || !java.nio.file.Files.isRegularFile(in)) {
                continue;
            }
            for (var w : all.entrySet()) {
                java.nio.file.Path out = w.getValue();
                if (out != null && !out.toString().equals("-") && java.nio.file.Files.isRegularFile(out)
                        && java.nio.file.Files.isSameFile(out, in)) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), w.getKey() + " " + out + " is "
                            + r.getKey() + " " + in + ", which this run reads: writing there would replace it; choose another file");
                }
            }
        }
    }

    /** The file standard output is redirected to, when it is one (null for a terminal, a pipe, or off Linux). */
    static java.nio.file.Path stdoutFile() {
        try {
            java.nio.file.Path to = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/1"));
            return to.isAbsolute() && java.nio.file.Files.isRegularFile(to) ? to.toRealPath() : null;
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** One stderr line per file written, so that a CI log shows what a run left behind (none under -q; stdout is no file). */
    final void wrote(java.nio.file.Path written) {
        if (!quiet() && !written.toString().equals("-")) {
            err().println("techopt: wrote " + WrittenFiles.describe(written));
        }
    }

    /** A warning on stderr, said even under -q (callers check {@link #quiet()} where -q silences it). */
    final void warn(String message) {
        err().println("techopt: warning: " + message);
    }

    /** A message on stderr that is not a warning (a summary, a failure's reason). */
    final void info(String message) {
        err().println("techopt: " + message);
    }
}
