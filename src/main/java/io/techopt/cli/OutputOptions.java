package io.techopt.cli;

import io.techopt.core.AtomicOutput;
import io.techopt.core.RedactingWriter;
import io.techopt.report.CsvRenderer;
import io.techopt.report.OutputFormat;
import io.techopt.report.Renderer;
import io.techopt.report.Report;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Shared output options: format, destination, quiet, and which table csv writes. */
public final class OutputOptions {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", completionCandidates = CompletionValues.Formats.class,
            description = "table, json, csv, markdown or html (default: from --out's extension, else table on a terminal and json otherwise).")
    String format;

    Path out;

    /** '-' is stdout, as for every FILE; a device or FIFO is written straight through (see AtomicOutput#isStream). */
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the report to FILE atomically (temp file, then rename); "
            + "'-' is stdout, and a device or FIFO (/dev/stdout, a named pipe) is written straight through, never replaced.")
    void setOut(Path out) {
        this.out = out.toString().equals("-") ? null : out;
    }

    @Option(names = {"-q", "--quiet"}, description = "No progress or warnings on stderr, except one line when input or money was left out "
            + "(skipped lines, unpriced requests); the report keeps every warning.")
    boolean quiet;

    @Option(names = "--table", paramLabel = "NAME", completionCandidates = CompletionValues.CsvTables.class,
            description = "The csv table to write (default: the command's main one); 'list' prints this report's table "
                    + "names, one a line, and writes no report. Implies --format csv; a usage error with another format.")
    String table;

    @picocli.CommandLine.Mixin
    ColorOption color = new ColorOption();

    static final String LIST = "list";

    /** --table belongs to csv: with another format it is a usage error, said before any work is done. */
    void checkTable(CommandLine cl) {
        if (table == null) {
            return;
        }
        OutputFormat f;
        try {
            f = resolveFormat();
        } catch (IllegalArgumentException e) {
            // an unknown --format, said here as the usage error it is
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        if (f != OutputFormat.CSV) {
            throw new CommandLine.ParameterException(cl, "--table picks one of the tables of --format csv, not of "
                    + f.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    OutputFormat resolveFormat() {
        if (format != null) {
            return OutputFormat.parse(format);
        }
        if (out != null) {
            OutputFormat f = OutputFormat.fromFileName(out.getFileName().toString());
            if (f != null) {
                return f;
            }
        }
        if (table != null) {
            // --table alone asks for csv: no need to say -f csv too
            return OutputFormat.CSV;
        }
        return Terminal.stdoutIsTerminal() ? OutputFormat.TABLE : OutputFormat.JSON;
    }

    /**
     * Writes the report; {@code csvMain} is the table csv writes by default (null, or a table this report lacks: its
     * first). {@code --table list} prints the table names instead; an unknown name is a usage error naming them.
     */
    void write(Report report, PrintWriter stdout, CommandLine cl, String csvMain) throws IOException {
        checkTable(cl);
        OutputFormat f = resolveFormat();
        boolean color = out == null && f == OutputFormat.TABLE && this.color.stdout();
        Renderer chosen = Renderer.forFormat(f, color);
        if (f == OutputFormat.CSV) {
            List<String> names = CsvRenderer.tableNames(report.view().printable(), csvMain);
            if (LIST.equals(table)) {
                RedactingWriter rw = f.redactingWriter(stdout, false);
                for (String n : names) {
                    rw.write(n + "\n");
                }
                rw.finish();
                return;
            }
            if (table != null && !names.contains(table)) {
                throw new CommandLine.ParameterException(cl, "--table: no table '" + table + "' in this report; its tables: "
                        + String.join(", ", names) + " (or 'list')");
            }
            chosen = new CsvRenderer(table, csvMain);
        }
        Renderer r = chosen;
        // Every report leaves through the redacting boundary, whatever its renderer did.
        if (out != null) {
            AtomicOutput.write(out, w -> {
                RedactingWriter rw = f.redactingWriter(w, false);
                r.render(report, rw);
                rw.finish();
            });
        } else {
            RedactingWriter rw = f.redactingWriter(stdout, color);
            r.render(report, rw);
            rw.finish();
        }
    }
}
