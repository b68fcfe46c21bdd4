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

    @Option(names = "--store", paramLabel = "DIR",
            description = "A usage store's directory (docs/store.md): read the requests it holds instead of logs (a FILE "
                    + "that is a store's directory does the same); for ingest, the store to append to (created if new).")
    java.nio.file.Path store;

    @Option(names = "--input-format", paramLabel = "FORMAT", completionCandidates = CompletionValues.InputFormats.class,
            description = "Force the input format: canonical, openai, litellm, langfuse, otel, csv, anthropic-batch or cassette (default: detected per file).")
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

    @Option(names = "--batch-ended-at", paramLabel = "WHEN",
            description = "Date Anthropic Message Batches results, which carry no time, at WHEN: the batch's ended_at "
                    + "(ISO-8601) or the Message Batch object's JSON file (default: the results file's modification time, with a warning).")
    String batchEndedAt;

    /** --batch-ended-at in epoch ms, from a time or from a Message Batch object's ended_at; Long.MIN_VALUE if not given. */
    long batchEndedMs() {
        if (batchEndedAt == null) {
            return Long.MIN_VALUE;
        }
        java.nio.file.Path f = java.nio.file.Path.of(batchEndedAt);
        if (!java.nio.file.Files.isRegularFile(f)) {
            try {
                return Timestamps.parse(batchEndedAt);
            } catch (Exception e) {
                throw new IllegalArgumentException("--batch-ended-at must be the batch's ended_at (YYYY-MM-DD or an ISO-8601 "
                        + "time) or the Message Batch object's JSON file, not '" + batchEndedAt + "'");
            }
        }
        com.fasterxml.jackson.databind.JsonNode batch;
        try {
            batch = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--batch-ended-at: " + f + " is not a Message Batch object's JSON");
        }
        String ended = batch != null && batch.path("ended_at").isTextual() ? batch.get("ended_at").asText() : null;
        if (ended == null) {
            throw new IllegalArgumentException("--batch-ended-at: " + f + " has no ended_at (is the batch still in progress?)");
        }
        return parseDate("--batch-ended-at (" + f + " ended_at)", ended);
    }

    /** The FILE arguments; at least one is required. */
    List<String> files() {
        if (files.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'FILE'");
        }
        return files;
    }

    /**
     * The store to read: --store, or the FILE argument that is a store's directory (its manifest.json); null when the
     * input is logs. A store is read alone, and the options that say how to read a log belong to its ingest.
     */
    java.nio.file.Path storeToRead() {
        java.nio.file.Path dir = store;
        if (dir != null && !files.isEmpty()) {
            throw new IllegalArgumentException("--store reads the requests of a store; give no FILE beside it");
        }
        if (dir == null) {
            List<String> stores = files.stream()
                    .filter(f -> !f.equals("-") && io.techopt.store.StoreManifest.isStore(java.nio.file.Path.of(f))).toList();
            if (stores.isEmpty()) {
                return null;
            }
            if (files.size() > 1) {
                throw new IllegalArgumentException(stores.get(0) + " is a usage store: a store is read alone, not beside "
                        + "other inputs (ingest the logs into it with techopt ingest)");
            }
            dir = java.nio.file.Path.of(stores.get(0));
        }
        String logOnly = inputFormat != null ? "--input-format" : defaultModel != null ? "--default-model"
                : batchEndedAt != null ? "--batch-ended-at" : strict ? "--strict" : null;
        if (logOnly != null) {
            throw new IllegalArgumentException(logOnly + " says how to read a log; a store's requests were read when they "
                    + "were ingested: pass it to techopt ingest");
        }
        return dir;
    }

    /** The window to read: --since/--until, or analyze --compare-to's wider one. */
    long[] readWindow() {
        return readWindow != null ? readWindow : window();
    }

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    /** --since and --until in epoch ms; Long.MIN_VALUE and Long.MAX_VALUE when not given. */
    long[] window() {
        long s = since == null ? Long.MIN_VALUE : parseDate("--since", since);
        long u = until == null ? Long.MAX_VALUE : parseDate("--until", until);
        if (s >= u) {
            throw new IllegalArgumentException("--since must be before --until");
        }
        return new long[]{s, u};
    }

    /** Set by analyze --compare-to: read [from, until), both periods, instead of --since/--until. */
    long[] readWindow;

    IngestOptions toIngestOptions() {
        IngestOptions o = IngestOptions.defaults();
        if (inputFormat != null) {
            o = o.withFormat(InputFormat.fromId(inputFormat));
        }
        long[] w = window();
        if (readWindow != null) {
            w = readWindow;
        }
        o = o.withWindow(w[0], w[1]).withDefaultModel(defaultModel).withStrict(strict);
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
