package io.techopt.cli;

import io.techopt.core.AtomicOutput;
import io.techopt.samples.SampleGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.zip.GZIPOutputStream;

/** Only a parent for generate: it runs nothing itself, so it is no BaseCommand (it has no output, no exit code). */
@Command(name = "samples", mixinStandardHelpOptions = true, description = "Sample logs for trying techopt, tests and benchmarks.",
        subcommands = SamplesCommand.Generate.class)
public final class SamplesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: generate");
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, description = "Write a realistic canonical log (reproducible from --seed).")
    static final class Generate extends BaseCommand {
        @Option(names = "--requests", paramLabel = "N", defaultValue = "3000", description = "Requests to write (default: ${DEFAULT-VALUE}).")
        int requests;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--days", paramLabel = "D", defaultValue = "30", description = "Days covered (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--start", paramLabel = "DATE", defaultValue = "2026-10-01", description = "First day, UTC (default: ${DEFAULT-VALUE}).")
        String start;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true,
                description = "Output file; .gz compresses. Written atomically.")
        Path out;

        @picocli.CommandLine.Mixin
        ColorOption color;

        /** It writes a log, not a report: no --format, report --out or --quiet (Main checks for null). */
        @Override
        OutputOptions output() {
            return null;
        }

        @Override
        public Integer call() throws IOException {
            if (requests < 1 || days < 1) {
                throw new IllegalArgumentException("--requests and --days must be at least 1");
            }
            LocalDate first = LocalDate.parse(start);
            // a 200k-request log takes seconds: a bar on a terminal, one summary line in a CI log (as the commands)
            AtomicOutput.writeStream(out, raw -> {
                OutputStream os = out.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
                new SampleGenerator(seed).generate(requests, days, first, os, progress());
                if (os instanceof GZIPOutputStream gz) {
                    gz.finish();
                }
            });
            endProgress(true);
            info("wrote " + WrittenFiles.describe(out) + ", " + String.format(java.util.Locale.ROOT, "%,d", requests) + " requests");
            return OK;
        }
    }
}
