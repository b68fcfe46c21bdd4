package io.techopt.cli;

import io.techopt.TestSupport;
import io.techopt.report.Report;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every csv table of one command run: the run itself (its own csv, the main table, through the whole CLI), then the
 * report it wrote put through the same output step once with {@code --table list} and once per listed table, as
 * {@code --table NAME} would. The command's work is done once, not once per table: what a table holds does not
 * depend on the run that wrote it (the report is the same), and the CLI's reading of --table is tested on its own
 * (EveryCsvLoadsAsOneTableTest, ListingCsvTablesHasNoSideEffectTest).
 */
public final class CsvTablesOfOneRun {
    /** The run (exit code, its stdout and stderr), what --table list prints, and each table's csv by name, in that order. */
    public record Tables(TestSupport.Run run, String list, Map<String, String> csv) {
        public List<String> names() {
            return list.lines().toList();
        }
    }

    private CsvTablesOfOneRun() {
    }

    /** Runs {@code args} (a csv run, without --table) once; with --out each table is read from that file. */
    public static Tables of(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        TestSupport.Run run = new TestSupport.Run(code, out.toString(), err.toString());
        List<CommandLine> parsed = cl.getParseResult() == null ? List.of() : cl.getParseResult().asCommandLineList();
        Report report = !parsed.isEmpty() && parsed.get(parsed.size() - 1).getCommand() instanceof BaseCommand b ? b.written : null;
        if (report == null) {
            throw new AssertionError("no report written: exit " + code + "\n" + run.err());
        }
        BaseCommand command = (BaseCommand) parsed.get(parsed.size() - 1).getCommand();
        OutputOptions output = command.output();
        if (output.table != null) {
            throw new IllegalArgumentException("--table is chosen here, once per table: " + String.join(" ", args));
        }
        String list = render(command, report, OutputOptions.LIST, false);
        Map<String, String> csv = new LinkedHashMap<>();
        for (String name : list.lines().toList()) {
            csv.put(name, render(command, report, name, output.out != null));
        }
        return new Tables(run, list, csv);
    }

    private static String render(BaseCommand command, Report report, String table, boolean fromFile) {
        OutputOptions output = command.output();
        output.table = table;
        StringWriter stdout = new StringWriter();
        try (PrintWriter w = new PrintWriter(stdout)) {
            output.write(report, w, command.spec.commandLine(), command.csvMainTable());
            w.flush();
            return fromFile && !OutputOptions.LIST.equals(table) ? Files.readString(output.out) : stdout.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            output.table = null;
        }
    }
}
