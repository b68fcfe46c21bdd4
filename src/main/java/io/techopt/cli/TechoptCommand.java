package io.techopt.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@Command(name = "techopt", mixinStandardHelpOptions = true, versionProvider = TechoptCommand.Version.class,
        description = "Offline cost analysis and optimization of LLM API usage.",
        subcommands = {AnalyzeCommand.class, AbReportCommand.class, BudgetCommand.class, CompressCommand.class,
                CostForecastCommand.class, RouteSimCommand.class, CacheWarmCommand.class, IngestCommand.class,
                RenderCommand.class, SamplesCommand.class,
                GenerateCompletionCommand.class},
        footer = {"", "Exit codes:", "  0 success", "  1 runtime failure (I/O, an engine unreachable)", "  2 usage error",
                "  3 bad input under --strict, or non-empty input of which no request could be read", "  4 an alert fired"})
public final class TechoptCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: see 'techopt --help'");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TechoptCommand.class.getPackage().getImplementationVersion();
            // techopt.version: the build's own run, from target/classes (its man pages), has no jar manifest
            return new String[]{"techopt " + (v == null ? System.getProperty("techopt.version", "dev") : v), "Java " + System.getProperty("java.version")};
        }
    }
}
