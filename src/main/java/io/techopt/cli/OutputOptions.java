package io.techopt.cli;

import io.techopt.core.AtomicOutput;
import io.techopt.core.RedactingWriter;
import io.techopt.report.OutputFormat;
import io.techopt.report.Renderer;
import io.techopt.report.Report;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Shared output options: format, destination, quiet. */
public final class OutputOptions {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", completionCandidates = CompletionValues.Formats.class,
            description = "table, json, csv, markdown or html (default: from --out's extension, else table on a terminal and json otherwise).")
    String format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the report to FILE atomically (temp file, then rename).")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress or warnings on stderr, except one line when input or money was left out "
            + "(skipped lines, unpriced requests); the report keeps every warning.")
    boolean quiet;

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
        return Terminal.stdoutIsTerminal() ? OutputFormat.TABLE : OutputFormat.JSON;
    }

    void write(Report report, PrintWriter stdout) throws IOException {
        OutputFormat f = resolveFormat();
        boolean color = out == null && Terminal.colorAllowed();
        Renderer r = Renderer.forFormat(f, color);
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
