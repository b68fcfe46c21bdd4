package io.techopt.cli;

import io.techopt.ingest.IngestOptions;
import io.techopt.ingest.InputFormat;
import io.techopt.ingest.Timestamps;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** Shared input options: which logs, in which format, over which time window. */
public final class InputOptions {
    // 0..*: cache-warm's subcommands run without its FILE; every reader asks for files() instead
    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Log files (.jsonl, .jsonl.gz, .json, .csv), directories (every log file inside), or - for stdin.")
    List<String> files = new ArrayList<>();

    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "Force the input format: canonical, openai, litellm, langfuse, otel, csv or anthropic-batch (default: detected per file).")
    String inputFormat;

    @Option(names = "--since", paramLabel = "DATE", description = "Only requests at or after DATE (UTC; YYYY-MM-DD or ISO-8601).")
    String since;

    @Option(names = "--until", paramLabel = "DATE", description = "Only requests before DATE (UTC, exclusive).")
    String until;

    @Option(names = "--strict", description = "Fail (exit code 3) at the first bad line instead of skipping it.")
    boolean strict;

    @Option(names = "--default-model", paramLabel = "MODEL",
            description = "Model for records that name none (e.g. CSV traces without a model column).")
    String defaultModel;

    @Option(names = "--max-line-mb", paramLabel = "MB", defaultValue = "64",
            description = "Longest line read, in MiB; longer lines are reported and skipped (default: ${DEFAULT-VALUE}).")
    int maxLineMb;

    @Option(names = "--threads", paramLabel = "N", description = "Parser threads (default: one per core).")
    Integer threads;

    /** The FILE arguments; at least one is required. */
    List<String> files() {
        if (files.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'FILE'");
        }
        return files;
    }

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    IngestOptions toIngestOptions() {
        IngestOptions o = IngestOptions.defaults();
        if (inputFormat != null) {
            o = o.withFormat(InputFormat.fromId(inputFormat));
        }
        long s = since == null ? Long.MIN_VALUE : parseDate("--since", since);
        long u = until == null ? Long.MAX_VALUE : parseDate("--until", until);
        if (s >= u) {
            throw new IllegalArgumentException("--since must be before --until");
        }
        o = o.withWindow(s, u).withDefaultModel(defaultModel).withStrict(strict);
        if (maxLineMb < 1 || maxLineMb > 1024) {
            throw new IllegalArgumentException("--max-line-mb must be between 1 and 1024");
        }
        o = o.withMaxLineBytes(maxLineMb << 20);
        if (threads != null) {
            o = o.withThreads(threads);
        }
        return o;
    }

    private static long parseDate(String opt, String v) {
        try {
            return Timestamps.parse(v);
        } catch (Exception e) {
            throw new IllegalArgumentException(opt + " must be a date (YYYY-MM-DD) or an ISO-8601 time, not '" + v + "'");
        }
    }
}
