package io.techopt.cli;

import io.techopt.core.RedactingWriter;
import io.techopt.core.Redactor;
import io.techopt.ingest.StrictInputException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;

/** Entry point: runs a command and maps failures to the exit codes of cli.md, never with a stack trace. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * ingest shares the readers' input options: its help hides the window it refuses (its refusal still explains), says
     * what its --store is (review r21 L8) and offers no standard input.
     */
    private static void ingestsOwnHelp(CommandLine.Model.CommandSpec ingest) {
        // rebuilt in their order: an option added back would go to the end of the help
        for (CommandLine.Model.OptionSpec o : new java.util.ArrayList<>(ingest.options())) {
            ingest.remove(o);
            String name = o.longestName();
            ingest.addOption(name.equals("--since") || name.equals("--until") ? o.toBuilder().hidden(true).build()
                    : name.equals("--store") ? o.toBuilder().description("The usage store to append to (docs/store.md), created if new.").build()
                    : o);
        }
        // nor standard input, which it refuses: a store skips a log it already holds by its content
        for (CommandLine.Model.PositionalParamSpec p : new java.util.ArrayList<>(ingest.positionalParameters())) {
            ingest.remove(p);
            ingest.addPositional(p.toBuilder().description("Log files (.jsonl, .jsonl.gz, .json, .csv) or directories (every log file inside).").build());
        }
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TechoptCommand());
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true));
        giveEverySubcommandTheVersion(cl);
        ingestsOwnHelp(cl.getSubcommands().get("ingest").getCommandSpec());
        cl.setExecutionExceptionHandler(Main::onFailure);
        // Messages leave through the redacting boundary too, whichever stream the caller set.
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cl.setExecutionStrategy(parsed -> {
            ColorOption color = colorOption(parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1).getCommandSpec());
            boolean colorErr = color != null ? color.stderr() : ColorOption.autoColor(Terminal.stderrIsTerminal());
            for (CommandLine c : parsed.asCommandLineList()) {
                c.setErr(RedactingWriter.forMessages(c.getErr(), colorErr));
            }
            // a --table the format cannot honour is a usage error before any log is read
            if (parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1).getCommand() instanceof BaseCommand b
                    && b.output() != null) {
                b.output().checkTable(b.spec.commandLine());
                if (OutputOptions.LIST.equals(b.output().table)) {
                    b.withoutSideEffects();
                }
            }
            try {
                int code = run.execute(parsed);
                if (parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1).getCommand() instanceof BaseCommand b) {
                    b.endProgress(true);
                }
                return code;
            } finally {
                parsed.asCommandLineList().forEach(c -> c.getErr().flush());
            }
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            // picocli's message quotes the argument as typed: it leaves through the message boundary too
            // --color as far as it was read (picocli sets options as it meets them), else auto
            ColorOption color = colorOption(ex.getCommandLine().getCommandSpec());
            PrintWriter err = RedactingWriter.forMessages(ex.getCommandLine().getErr(),
                    color != null ? color.stderr() : ColorOption.autoColor(Terminal.stderrIsTerminal()));
            if (ex.getCommandLine().getCommand() instanceof BaseCommand b) {
                b.endProgress(false);
            }
            RedactingWriter.error(err, "techopt: " + Redactor.redact(ex.getMessage()));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return BaseCommand.USAGE;
        });
        return cl;
    }

    /** A subcommand's --version printed nothing: picocli does not hand the root's version provider down. */
    private static void giveEverySubcommandTheVersion(CommandLine cl) {
        cl.getSubcommands().values().forEach(sub -> {
            sub.getCommandSpec().version(new String[0]).versionProvider(new TechoptCommand.Version());
            giveEverySubcommandTheVersion(sub);
        });
    }

    public static int run(String... args) {
        try {
            return commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println(io.techopt.core.Printable.escape(Redactor.redact(outOfMemoryMessage(e, args, Runtime.getRuntime().maxMemory()))));
            return BaseCommand.RUNTIME;
        }
    }

    /** Says which memory ran out (the JVM's reason: heap space, metaspace, direct buffers...), its limit, and which command ran. */
    static String outOfMemoryMessage(OutOfMemoryError e, String[] args, long maxHeapBytes) {
        String command = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                command = a;
                break;
            }
        }
        String reason = e.getMessage() == null ? "Java heap space" : e.getMessage();
        boolean heap = reason.contains("heap") || reason.contains("GC overhead") || reason.contains("array size");
        String what = heap ? "the Java heap is full (" + reason + ", -Xmx limit "
                + (maxHeapBytes == Long.MAX_VALUE ? "none" : (maxHeapBytes >> 20) + " MB") + ")" : reason + " ran out";
        return "techopt: out of memory" + (command == null ? "" : " in '" + command + "'") + ": " + what
                + "; run with more, e.g. TECHOPT_JAVA_OPTS=-Xmx2g, or give it less input at once";
    }

    /** The --color mixin of a command (inside its OutputOptions, or its own); null for a command without one. */
    static ColorOption colorOption(CommandLine.Model.CommandSpec spec) {
        for (CommandLine.Model.CommandSpec m : spec.mixins().values()) {
            if (m.userObject() instanceof ColorOption c) {
                return c;
            }
            ColorOption inner = colorOption(m);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    private static int onFailure(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (cl.getCommand() instanceof BaseCommand b) {
            b.endProgress(false);
        }
        PrintWriter err = cl.getErr();
        if (ex instanceof StrictInputException s) {
            RedactingWriter.error(err, "techopt: bad input at " + Redactor.redact(s.line().toString()) + " (--strict)");
            return BaseCommand.BAD_INPUT;
        }
        if (ex instanceof io.techopt.ingest.NothingReadException n) {
            RedactingWriter.error(err, "techopt: " + Redactor.redact(n.getMessage()));
            return BaseCommand.BAD_INPUT;
        }
        if (ex instanceof IllegalArgumentException) {
            RedactingWriter.error(err, "techopt: " + Redactor.redact(ex.getMessage()));
            return BaseCommand.USAGE;
        }
        if (ex instanceof NoSuchFileException nf) {
            RedactingWriter.error(err, "techopt: no such file or directory: " + Redactor.redact(nf.getFile()));
            return BaseCommand.RUNTIME;
        }
        if (ex instanceof java.io.UncheckedIOException u) {
            RedactingWriter.error(err, "techopt: " + Redactor.redact(String.valueOf(u.getCause().getMessage())));
            return BaseCommand.RUNTIME;
        }
        if (ex instanceof IOException) {
            RedactingWriter.error(err, "techopt: " + Redactor.redact(String.valueOf(ex.getMessage())));
            if (System.getenv("TECHOPT_DEBUG") != null) {
                ex.printStackTrace(err); // the cause's whole text, e.g. DuckDB's with its SQL (DuckDbErrors)
            }
            return BaseCommand.RUNTIME;
        }
        RedactingWriter.error(err, "techopt: internal error: " + ex.getClass().getSimpleName() + ": " + Redactor.redact(String.valueOf(ex.getMessage())));
        if (System.getenv("TECHOPT_DEBUG") != null) {
            ex.printStackTrace(err);
        } else {
            err.println("(set TECHOPT_DEBUG=1 for a stack trace)");
        }
        return BaseCommand.RUNTIME;
    }
}
