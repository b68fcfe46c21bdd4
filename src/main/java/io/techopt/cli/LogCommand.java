package io.techopt.cli;

import io.techopt.ingest.IngestStats;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.Pricer;
import io.techopt.pricing.PricesUsed;
import io.techopt.report.IngestCounts;
import io.techopt.report.PricesUsedSection;
import io.techopt.report.Report;
import io.techopt.report.WarningsSection;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.List;

/**
 * A command that reads a log: the input options (files, --since/--until, --strict, ...), the price options and the
 * output options every such command repeats, in the order --help lists them, and the steps they share: price, read the
 * log into an engine's sink, and add the ingest counts and the prices used to the report.
 */
abstract class LogCommand extends BaseCommand {
    @Mixin
    InputOptions input;

    @Mixin
    PriceOptions prices;

    @Mixin
    OutputOptions output;

    @Override
    final OutputOptions output() {
        return output;
    }

    private Pricer pricer;

    /** A pricer on the price book of --prices, at --price-date (loaded once a run). */
    final Pricer pricer() throws IOException {
        if (pricer == null) {
            pricer = new Pricer(prices.load(), prices.date());
        }
        return pricer;
    }

    /**
     * After {@link #read} of a usage store: the LLM calls without usage its logs' spans held, by UTC day, in the window
     * (the store keeps no spans, so a LatencyMap over its records sees none); null when the input was logs.
     */
    java.util.SortedMap<java.time.LocalDate, Long> storedCallsWithoutUsage;

    /**
     * Reads the input into the sink, with progress and bad-line reporting on stderr (none under -q): the logs, or the
     * requests of a usage store (--store DIR, or a FILE that is a store), which reach the sink as the logs' records did.
     */
    final IngestStats read(RecordSink sink) throws IOException {
        storedCallsWithoutUsage = null;
        refuseUnsafeOutputs();
        java.nio.file.Path store = input.storeToRead();
        if (store != null) {
            return StoreInput.read(store, input.readWindow(), output.quiet, textUse(), sink, err(), input.window(),
                    calls -> storedCallsWithoutUsage = calls, progress(), pricer());
        }
        if (throughATemporaryStore()) {
            return StoreInput.readThroughATemporaryStore(input, output.quiet, pricer(), sink, err(),
                    calls -> storedCallsWithoutUsage = calls, progress());
        }
        return LogInput.read(input, output.quiet, sink, err(), progress());
    }

    /**
     * Whether this command reads raw logs of more requests than its in-memory sink holds under the heap through a
     * temporary store (#14 item 5: no fixed-heap ceiling): a command whose sink keeps sums of a store's last copies
     * (cost-forecast, ab-report) says so.
     */
    boolean readsLargeLogsThroughAStore() {
        return false;
    }

    /** {@link #throughATemporaryStore()}'s choice, made once (with its warning). */
    private Boolean throughTemporaryStore;

    /** Whether {@link #read} reads a usage store: --store, or raw logs read through a temporary store. */
    final boolean readsAStore() throws IOException {
        return input.storeToRead() != null || throughATemporaryStore();
    }

    /**
     * Whether raw logs are read through a temporary store: for a command that {@link #readsLargeLogsThroughAStore()},
     * when the logs hold more requests than {@link #memoryEngineMaxRequests} (estimated from their first megabytes, as
     * analyze's auto engine does; standard input has no size to go by and is read in memory).
     */
    private boolean throughATemporaryStore() throws IOException {
        if (throughTemporaryStore == null) {
            throughTemporaryStore = false;
            if (readsLargeLogsThroughAStore() && input.storeToRead() == null) {
                throughTemporaryStore = moreThanTheHeapHolds(io.techopt.ingest.LogSource.expand(input.files()),
                        "reading them through a temporary store (a larger heap, TECHOPT_JAVA_OPTS=-Xmx..., keeps them in memory)");
            }
        }
        return throughTemporaryStore;
    }

    /**
     * Whether {@code sources} hold more requests than {@link #memoryEngineMaxRequests} (estimated from their first
     * megabytes), said in a warning that ends with {@code route}, what the run does instead of reading them in memory.
     */
    final boolean moreThanTheHeapHolds(List<io.techopt.ingest.LogSource> sources, String route) {
        long max = memoryEngineMaxRequests(), requests = io.techopt.ingest.LogSizeEstimate.lines(sources, max);
        if (requests <= max) {
            return false;
        }
        if (!quiet()) {
            warn(String.format(java.util.Locale.ROOT, "the logs hold about %,d requests (from their first megabytes), more "
                    + "than the %,d the in-memory table takes under this heap: %s", requests, max, route));
        }
        return true;
    }

    /**
     * The most requests an in-memory read takes: about 300 bytes of heap a request (a generated 3M-request log peaked at
     * 883 MB RSS under bin/techopt's 768 MB heap in analyze, 894 MB in cost-forecast), so a larger heap
     * (TECHOPT_JAVA_OPTS) takes more; the system property techopt.memoryEngineMaxRequests sets it.
     */
    static long memoryEngineMaxRequests() {
        return Long.getLong("techopt.memoryEngineMaxRequests", Runtime.getRuntime().maxMemory() / 300);
    }

    /**
     * A first read that only marks, by their place in the input, the records a later copy of the same request id
     * replaces (the last copy wins: log-format.md), for a sink that must see the last copies alone in read order
     * (analyze's semantic cache replay); quiet, without progress. Null when the input cannot be read twice (standard input).
     */
    final java.util.BitSet earlierCopies() throws IOException {
        java.nio.file.Path store = input.storeToRead();
        if (store == null && input.files().contains("-")) {
            return null;
        }
        java.util.BitSet earlier = new java.util.BitSet();
        io.techopt.ingest.RepeatedRequests ids = new io.techopt.ingest.RepeatedRequests();
        int[] arrival = {0};
        RecordSink marks = r -> {
            int prev = ids.lastCopy(r, arrival[0]++);
            if (prev >= 0) {
                earlier.set(prev);
            }
        };
        try {
            if (store != null) {
                StoreInput.read(store, input.readWindow(), true, textUse(), marks, err(), input.window(), calls -> { },
                        io.techopt.core.Progress.NONE, null);
            } else {
                LogInput.read(input, true, marks, err(), io.techopt.core.Progress.NONE);
            }
        } catch (IOException | RuntimeException e) {
            return null; // the read proper meets the same input and says what is wrong with it, as it always has
        }
        return earlier;
    }

    /**
     * The output checks, before anything is read or written (read() runs them; a command that writes before it reads,
     * such as analyze's --batch-export, calls it first): no output onto an input, none inside a store, no two outputs
     * onto one target.
     */
    final void refuseUnsafeOutputs() throws IOException {
        java.nio.file.Path store = input.storeToRead();
        refuseToOverwriteAnInput(store, store != null);
        java.util.Map<String, java.nio.file.Path> writes = new java.util.LinkedHashMap<>(writes());
        writes.keySet().removeAll(directoryWrites());
        refuseWritesOntoReads(readsBesideTheLogs(), writes);
        refuseTwoOutputsOntoOneTarget();
    }

    /** The files this run reads besides its logs or store, by option: each --prices file, and a command's own. */
    java.util.Map<String, java.nio.file.Path> readsBesideTheLogs() {
        java.util.Map<String, java.nio.file.Path> r = new java.util.LinkedHashMap<>();
        for (int i = 0; i < prices.prices.size(); i++) {
            r.put("--prices" + (prices.prices.size() > 1 ? " #" + (i + 1) : ""), prices.prices.get(i));
        }
        return r;
    }

    /** The files this run writes, by option: --out, and a command's own (override and add to it). */
    java.util.Map<String, java.nio.file.Path> writes() {
        java.util.Map<String, java.nio.file.Path> w = new java.util.LinkedHashMap<>();
        if (output.out != null) {
            w.put("--out", output.out);
        }
        return w;
    }

    /**
     * A file this run writes that is one of the logs it reads (named, in a directory given, or through a link) would be
     * replaced by the report once read, and one inside a usage store would break the store (review r21 H1): a usage
     * error before anything is read or written, the input left as it is. The report on standard output counts as a
     * write to the file stdout is redirected to (`analyze L.jsonl >> L.jsonl`, review r21 L1), and a directory of
     * --batch-export as a write into the directories the logs are read from (review r21 M2).
     *
     * @param store      the usage store this run reads or ingests into; null when there is none
     * @param storeIsRead whether the store is the input (read alone), not the store an ingest appends to
     */
    final void refuseToOverwriteAnInput(java.nio.file.Path store, boolean storeIsRead) throws IOException {
        java.util.Map<String, java.nio.file.Path> writes = new java.util.LinkedHashMap<>(writes());
        if (output.out == null || output.out.toString().equals("-")) {
            java.nio.file.Path stdout = redirected(1);
            if (stdout != null) {
                writes.put("standard output, redirected to", stdout);
            }
        }
        writes.values().removeIf(p -> p == null || p.toString().equals("-"));
        if (writes.isEmpty()) {
            return;
        }
        if (store != null) {
            java.nio.file.Path storeDir = realPath(store);
            for (var w : writes.entrySet()) {
                if (realPath(w.getValue()).startsWith(storeDir)) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), w.getKey() + " " + w.getValue()
                            + " is inside the usage store " + store + ": writing there would break the store; choose a place "
                            + "outside it");
                }
            }
            if (storeIsRead) {
                return; // a store is read alone: no log beside it
            }
        }
        for (io.techopt.ingest.LogSource src : io.techopt.ingest.LogSource.expand(input.files())) {
            if (src.path() == null) {
                continue;
            }
            for (var w : writes.entrySet()) {
                java.nio.file.Path p = w.getValue();
                if (java.nio.file.Files.isRegularFile(p) && java.nio.file.Files.isSameFile(p, src.path())) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), w.getKey() + " " + p
                            + " is an input of this run (" + src.name() + "): writing there would replace the log it reads; "
                            + "choose another file");
                }
                java.nio.file.Path logDir = src.path().toAbsolutePath().getParent();
                if (directoryWrites().contains(w.getKey()) && java.nio.file.Files.isDirectory(p) && logDir != null
                        && java.nio.file.Files.isSameFile(p, logDir)) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), w.getKey() + " " + p + " is the "
                            + "directory this run reads " + src.name() + " from: its files would be mixed with the logs; "
                            + "choose another directory");
                }
            }
        }
    }

    /** The options among {@link #writes()} that name a directory to write files into, not a file. */
    java.util.Set<String> directoryWrites() {
        return java.util.Set.of();
    }

    /**
     * Two outputs onto one target would mix their formats on stdout or leave only the last file (review r19 N13): a
     * usage error before anything is read or written. With no --out (or --out -) the report itself is on stdout.
     */
    final void refuseTwoOutputsOntoOneTarget() throws IOException {
        java.util.Map<String, String> taken = new java.util.HashMap<>();
        java.util.Map<String, java.nio.file.Path> writes = new java.util.LinkedHashMap<>();
        if (output.out == null && !OutputOptions.LIST.equals(output.table)) {
            writes.put("--out", java.nio.file.Path.of("-"));
        }
        writes.putAll(writes());
        for (var w : writes.entrySet()) {
            if (w.getValue() == null) {
                continue;
            }
            String target = target(w.getValue());
            String before = taken.putIfAbsent(target, w.getKey());
            if (before != null) {
                String where = target.startsWith("/") ? "the same file, " + target + ": the second would replace the first"
                        : target + (before.equals("--out") && output.out == null ? " (without --out the report goes there)" : "")
                        + ": their contents would run into each other";
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), before + " and " + w.getKey() + " both write to "
                        + where + "; give each its own file");
            }
        }
    }

    private static final java.util.Set<String> STDOUT = java.util.Set.of("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "/proc/thread-self/fd/1");
    private static final java.util.Set<String> STDERR = java.util.Set.of("/dev/stderr", "/dev/fd/2", "/proc/self/fd/2", "/proc/thread-self/fd/2");

    /**
     * Where a path writes: stdout or stderr under any of their names, reached through links too, or the file stdout or
     * stderr is redirected to; else the file with every link resolved.
     */
    private static String target(java.nio.file.Path p) throws IOException {
        if (p.toString().equals("-")) {
            return "stdout";
        }
        java.nio.file.Path hop = p.toAbsolutePath().normalize();
        for (int i = 0; i < 40; i++) {
            String name = stream(hop.toString());
            if (name != null) {
                return name;
            }
            if (!java.nio.file.Files.isSymbolicLink(hop)) {
                break;
            }
            hop = hop.resolveSibling(java.nio.file.Files.readSymbolicLink(hop)).normalize();
        }
        java.nio.file.Path real = realPath(p);
        if (real.equals(redirected(1))) {
            return "stdout";
        }
        if (real.equals(redirected(2))) {
            return "stderr";
        }
        return real.toString();
    }

    private static String stream(String path) {
        return STDOUT.contains(path) ? "stdout" : STDERR.contains(path) ? "stderr" : null;
    }

    /** The file descriptor fd is redirected to, when it is a file (null for a terminal, a pipe, or off Linux). */
    private static java.nio.file.Path redirected(int fd) {
        try {
            java.nio.file.Path link = java.nio.file.Path.of("/proc/self/fd/" + fd);
            java.nio.file.Path to = java.nio.file.Files.readSymbolicLink(link);
            return to.isAbsolute() && java.nio.file.Files.isRegularFile(to) ? to.toRealPath() : null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** The path with every link resolved, for a path that may not exist yet: its nearest existing ancestor's real path. */
    static java.nio.file.Path realPath(java.nio.file.Path p) throws IOException {
        java.nio.file.Path abs = p.toAbsolutePath().normalize(), existing = abs;
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
    }

    /**
     * What this run measures from prompt or answer text, for reading a store that keeps none (ingested without
     * --keep-text); null when it needs no text.
     */
    TextUse textUse() {
        return null;
    }

    /** What a run reads prompt or answer text for, and how much of it depends on the text. */
    record TextUse(String what, Need need) {
    }

    enum Need {
        /** Nothing to do without text: a store that keeps none is a usage error. */
        ALL,
        /** Some figures: without text they are null, and a warning says why. */
        SOME,
        /** The complexity level of requests without a known task type, judged from prompt tokens alone without text. */
        UNTYPED
    }

    /**
     * The report with the ingest counts (requests read, repeated ids), the dated prices used and the readers' warnings
     * (stderr's, which -q hides and --out leaves behind) beside it.
     */
    static Report withIngestAndPrices(Report report, IngestStats stats, long repeatedRequestIds, PricesUsed used) {
        return WarningsSection.on(stats.warnings, IngestCounts.of(stats, repeatedRequestIds).on(PricesUsedSection.on(used, report), true));
    }
}
