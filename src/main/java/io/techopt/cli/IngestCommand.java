package io.techopt.cli;

import io.techopt.ingest.IngestStats;
import io.techopt.ingest.LogSource;
import io.techopt.report.IngestCounts;
import io.techopt.pricing.Pricer;
import io.techopt.analyze.latency.LatencyMap;
import io.techopt.store.DuckDbUsageStore;
import io.techopt.store.IngestReport;
import io.techopt.store.UsageStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Append logs to a usage store: each request parsed, normalized and priced once, kept as Parquet "
                + "partitioned by UTC day (docs/store.md). A log whose content is already in the store is skipped; a "
                + "request id seen again counts once, its last copy; a killed ingest leaves the store as it was before "
                + "or after each log."})
public final class IngestCommand extends LogCommand {
    @Option(names = "--keep-text", description = "Also store prompt and answer text (redacted); by default only their keys and lengths.")
    boolean keepText;

    /** --table list: the run appends to a store of its own, deleted after, never to the user's. */
    private boolean listingOnly;

    @Override
    void withoutSideEffects() {
        listingOnly = true;
    }

    @Override
    public Integer call() throws Exception {
        if (!listingOnly || input.store == null) {
            return ingest();
        }
        Path scratch = java.nio.file.Files.createTempDirectory("techopt-tables");
        try {
            input.store = scratch.resolve("store");
            return ingest();
        } finally {
            try (var walk = java.nio.file.Files.walk(scratch)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private Integer ingest() throws Exception {
        if (input.since != null || input.until != null) {
            throw new IllegalArgumentException("ingest stores every request of a log; --since/--until select requests when a "
                    + "store is read");
        }
        Path store = input.store; // the shared --store, here the store to append to
        if (store == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--store=DIR'");
        }
        for (String f : input.files()) {
            if (!f.equals("-") && io.techopt.store.StoreManifest.isStore(Path.of(f))) { // its manifest is no log (review r21 L4)
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), f + " is a usage store: ingest reads logs "
                        + "(give the log files the store was made from); every other command reads a store as it is");
            }
        }
        // ingest reads its logs itself, not through read(): the same checks before anything is read or written
        refuseToOverwriteAnInput(store, false);
        refuseTwoOutputsOntoOneTarget();
        List<LogSource.DirectoryScan> dirs = new ArrayList<>();
        List<LogSource> sources = LogSource.expand(input.files(), dirs);
        if (sources.stream().anyMatch(LogSource::isStdin)) {
            throw new IllegalArgumentException("ingest reads files, not standard input (-): a store skips a log it already "
                    + "holds by its content, so save the log to a file first");
        }
        DuckDbUsageStore.checkSettings(); // a refused setting leaves no store behind
        Pricer pricer = pricer();
        Path firstMade = DuckDbUsageStore.firstMissing(store);
        boolean wasStore = io.techopt.store.StoreManifest.isStore(store);
        try {
            return ingest(store, pricer, sources, dirs);
        } catch (io.techopt.ingest.NothingReadException e) {
            if (!wasStore) {
                DuckDbUsageStore.removeIfNewAndEmpty(store, firstMade); // exit 3 leaves no store behind
            }
            throw e;
        }
    }

    private Integer ingest(Path store, Pricer pricer, List<LogSource> sources, List<LogSource.DirectoryScan> dirs) throws Exception {
        List<UsageStore.Appended> appended = new ArrayList<>();
        try (DuckDbUsageStore s = DuckDbUsageStore.forIngest(store, pricer, keepText)) {
            s.progress(progress());
            if (sources.isEmpty()) {
                // no log file among the arguments: the usual messages (an empty directory, files skipped for their names)
                LogInput.read(input, quiet(), List.of(), dirs, r -> { }, err(), io.techopt.core.Progress.NONE);
            }
            boolean first = true;
            for (LogSource src : sources) {
                List<LogSource.DirectoryScan> scans = first ? dirs : List.of();
                first = false;
                // the spans too, as cost-forecast reads them: the store keeps no spans, only their count of LLM calls
                // without usage by day (review r14 #6)
                LatencyMap spans = new LatencyMap(pricer.book(), pricer.priceDate(), 1).period(input.window()[0], input.window()[1]);
                UsageStore.Appended a = s.append(src, new UsageStore.Reading() {
                    @Override
                    public IngestStats read(io.techopt.ingest.RecordSink sink) throws java.io.IOException {
                        return LogInput.read(input, quiet(), List.of(src), scans, io.techopt.ingest.RecordSink.both(sink, spans), err(), progress());
                    }

                    @Override
                    public java.util.SortedMap<java.time.LocalDate, Long> callsWithoutUsageByDay() {
                        return spans.finishForCallsWithoutUsageByDay();
                    }
                });
                if (!quiet() && a.skipped()) {
                    warn(a.name() + " skipped: its content is already in the store (source " + a.skippedAs().seq() + ")");
                }
                if (!quiet()) {
                    a.replaced().forEach(gone -> info(IngestReport.replacedNote(a, gone)));
                }
                // on stderr too, not only in the report (review adv25 LOW-5: a cron job writing the report with -o saw nothing)
                IngestReport.sameNameNotes(s, a).forEach(this::warn);
                appended.add(a);
            }
            // the ingest counts every command that reads logs reports, over the logs this run read
            IngestStats read = new IngestStats();
            long repeats = 0;
            for (UsageStore.Appended a : appended) {
                if (!a.skipped()) {
                    add(read, a.stats());
                    repeats += a.nothingRead() ? 0 : a.source().duplicateRequestIds();
                }
            }
            if (appended.stream().noneMatch(UsageStore.Appended::skipped)) {
                // no log gave a request (empty ones beside bad ones too): exit 3, as analyze on the same logs
                io.techopt.ingest.NothingReadException.check(read);
            }
            for (UsageStore.Appended a : appended) {
                if (a.nothingRead()) {
                    // a bad log among good ones loses the others nothing: they are stored, it is named (as analyze reads on)
                    warn(IngestReport.nothingReadNote(a));
                }
            }
            s.commitIfNew();
            // the readers' warnings in the report too, as every other command's (review r16 #6)
            IngestReport report = IngestReport.of(s, appended);
            List<String> warnings = new java.util.ArrayList<>(read.warnings);
            warnings.addAll(report.warnings());
            write(io.techopt.report.WarningsSection.on(warnings, IngestCounts.of(read, repeats).on(report, true)));
        }
        return OK;
    }

    private static void add(IngestStats to, IngestStats s) {
        to.files += s.files;
        to.records += s.records;
        to.badLines += s.badLines;
        to.filtered += s.filtered;
        to.estimated += s.estimated;
        to.lines += s.lines;
        to.ignored += s.ignored;
        to.spanLines += s.spanLines;
        for (var b : s.firstBadLines) {
            if (to.firstBadLines.size() < IngestStats.KEEP_BAD_LINES) {
                to.firstBadLines.add(b);
            }
        }
        to.warnings.addAll(s.warnings);
    }
}
