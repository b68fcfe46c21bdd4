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

    /** Writes the report in the chosen format to --out or stdout. */
    final void write(Report report) throws IOException {
        output().write(report, out());
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
