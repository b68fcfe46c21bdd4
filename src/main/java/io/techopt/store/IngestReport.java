package io.techopt.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.techopt.report.ResultReport;
import io.techopt.report.ReportView;
import io.techopt.report.ReportView.Column;
import io.techopt.report.ReportView.Item;
import io.techopt.report.ReportView.Kind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** {@code techopt ingest}: what each log added to the store (or why it was skipped), and what the store now holds. */
public record IngestReport(IngestReport.Result result, List<String> warnings) implements ResultReport<IngestReport.Result> {
    /** One log given to ingest. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"name", "status", "seq", "fingerprint", "rows_added", "requests_added", "bad_lines", "files_added"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SourceLine(String name, String status, Integer seq, String fingerprint, long rowsAdded, long requestsAdded,
                             long badLines, int filesAdded) {
    }

    /** What the store holds after the ingest, each request id counted once. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"sources", "rows", "requests", "priced_requests", "cost_usd", "days", "files", "bytes"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StoreTotals(int sources, long rows, long requests, long pricedRequests, double costUsd, long days, long files,
                              long bytes) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"store", "ingested", "skipped", "sources", "store_totals", "notes"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Result(String store, int ingested, int skipped, List<SourceLine> sources, StoreTotals storeTotals,
                         List<String> notes) {
        public Result {
            sources = List.copyOf(sources);
            notes = List.copyOf(notes);
        }
    }

    /** {@code warnings}: the notes that are warnings, as other commands give them (review r17 #6: requests without a price). */
    public IngestReport {
        Objects.requireNonNull(result, "result");
        warnings = List.copyOf(warnings);
    }

    /** A report none of whose notes is a warning. */
    public IngestReport(Result result) {
        this(result, List.of());
    }

    /** The report of one ingest run: each append in order, then the store's totals. */
    /** A log among others that gave no request: not stored (its seq is null), the others are. */
    public static String nothingReadNote(UsageStore.Appended a) {
        long bad = a.stats().badLines;
        return io.techopt.core.Redactor.redact(a.name() + ": no request could be read (" + bad + " bad line" + (bad == 1 ? "" : "s")
                + (a.stats().firstBadLines.isEmpty() ? "" : ", first: " + a.stats().firstBadLines.get(0))
                + "): it is not in the store (seq null); ingest it again once repaired");
    }

    /** A log that grew since it was ingested: its new copy (every row of the earlier one and more) replaced the earlier. */
    public static String replacedNote(UsageStore.Appended a, StoreManifest.Source gone) {
        return io.techopt.core.Redactor.redact(a.name() + " begins with the whole content of source " + gone.seq() + " ("
                + gone.name() + ", " + gone.bytes() + " bytes, ingested " + gone.ingestedAt() + "): the log grew since, so "
                + "it replaces that source as source " + a.source().seq() + " and its requests count once"
                + (gone.keepText() && !a.source().keepText() ? "; the prompt and answer text that source kept (--keep-text) "
                + "is not in the new copy: ingest it again with --keep-text into a new store to keep it" : ""));
    }

    /**
     * The same log by its name, compressed or not, however the path was written: logs/today.jsonl,
     * ./logs/today.jsonl.gz and /var/log/app/logs/today.jsonl (one path ends with the other's components: a store
     * ingested from a relative path and later from cron's absolute one, review adv25 MED-1); logs/12-01/app.jsonl and
     * logs/12-02/app.jsonl are different logs.
     */
    static boolean sameLog(String a, String b) {
        String x = a.replaceFirst("(?i)\\.gz$", ""), y = b.replaceFirst("(?i)\\.gz$", "");
        if (x.equals(y)) {
            return true;
        }
        try {
            Path px = Path.of(x).normalize(), py = Path.of(y).normalize();
            return !px.toString().isEmpty() && !py.toString().isEmpty() && (px.endsWith(py) || py.endsWith(px));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** The warnings of {@link #sameNameNote} for a log just stored, one per earlier source of its name. */
    public static List<String> sameNameNotes(DuckDbUsageStore store, UsageStore.Appended a) {
        List<String> notes = new ArrayList<>();
        if (a.skipped() || a.nothingRead()) {
            return notes;
        }
        for (StoreManifest.Source same : store.sources()) {
            if (same.seq() < a.source().seq() && sameLog(same.name(), a.name())) {
                notes.add(sameNameNote(a, same));
            }
        }
        return notes;
    }

    /**
     * A log of a stored source's name whose content does not begin with that source's (review rev24b HIGH-2: a log
     * recompressed, rotated into gzip, or rewritten): its rows without a request id count a second time if it holds
     * that source's rows, so say so.
     */
    static String sameNameNote(UsageStore.Appended a, StoreManifest.Source same) {
        return io.techopt.core.Redactor.redact(a.name() + " has the name of source " + same.seq() + " (" + same.name()
                + ") but does not begin with its content, so both are in the store: their rows with a request id count "
                + "once (the last copy), rows without one count in each; if this log holds that one's rows (recompressed, "
                + "rotated into gzip, rewritten), ingest the logs into a new store");
    }

    public static IngestReport of(DuckDbUsageStore store, List<UsageStore.Appended> appended) throws java.io.IOException {
        List<SourceLine> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int ingested = 0, skipped = 0;
        for (UsageStore.Appended a : appended) {
            if (a.nothingRead()) {
                lines.add(new SourceLine(a.name(), "nothing_read", null, a.fingerprint(), 0, 0, a.stats().badLines, 0));
                notes.add(nothingReadNote(a));
                warnings.add(notes.get(notes.size() - 1));
            } else if (a.skipped()) {
                skipped++;
                lines.add(new SourceLine(a.name(), "skipped", a.skippedAs().seq(), a.fingerprint(), 0, 0, 0, 0));
                notes.add(a.name() + " was skipped: its content is already in the store as source " + a.skippedAs().seq()
                        + " (" + a.skippedAs().name() + ", ingested " + a.skippedAs().ingestedAt() + ")");
            } else {
                ingested++;
                StoreManifest.Source s = a.source();
                lines.add(new SourceLine(a.name(), "ingested", s.seq(), a.fingerprint(), s.rows(), s.requests(), s.badLines(),
                        s.files().size()));
                for (StoreManifest.Source gone : a.replaced()) {
                    notes.add(replacedNote(a, gone));
                }
                for (String note : sameNameNotes(store, a)) {
                    notes.add(note);
                    warnings.add(note);
                }
            }
        }
        UsageStore.Totals t = store.totals(Long.MIN_VALUE, Long.MAX_VALUE);
        repeatedRowsNote(store.sources(), t.rows()).ifPresent(notes::add);
        long replaced = new StoreManifest(StoreManifest.FORMAT, 1, store.sources()).replacedRows().size();
        if (replaced > 0) {
            notes.add(replaced + " stored row" + (replaced == 1 ? " is" : "s are") + " replaced by a Langfuse update a later "
                    + "log held, merged into " + (replaced == 1 ? "it" : "them") + " (one observation updated, as a read of the "
                    + "logs together merges it; not a request logged twice): every command reading the store reads the merged row");
        }
        if (t.pricedRequests() < t.requests()) {
            notes.add((t.requests() - t.pricedRequests()) + " stored requests have no price (their model is not in the price "
                    + "book): cost_usd counts the priced ones");
            warnings.add(notes.get(notes.size() - 1));
        }
        long files = store.sources().stream().mapToLong(s -> s.files().size()).sum();
        StoreTotals totals = new StoreTotals(store.sources().size(), t.rows(), t.requests(), t.pricedRequests(), t.costUsd(),
                t.days(), files, store.bytesOnDisk());
        return new IngestReport(new Result(io.techopt.core.Redactor.redact(store.dir().toString()), ingested, skipped, lines,
                totals, notes), warnings);
    }

    /**
     * rows_added beside the store's Requests: which counts what (review r26s L8), when the store's sources hold more rows
     * than its {@code lastCopies} (each request id once). The Spark job's report says it alike.
     */
    public static java.util.Optional<String> repeatedRowsNote(List<StoreManifest.Source> sources, long lastCopies) {
        // a row a later source replaced (a Langfuse update merged into it) is no copy of a request logged twice
        long repeated = sources.stream().mapToLong(StoreManifest.Source::rows).sum() - lastCopies
                - new StoreManifest(StoreManifest.FORMAT, 1, sources).replacedRows().size();
        return repeated <= 0 ? java.util.Optional.empty() : java.util.Optional.of(repeated + " stored rows repeat a request "
                + "id read before (a request logged twice, or logs that overlap): the store keeps every copy, and rows_added "
                + "and requests_added count them; Requests and store_totals count each request id once, its last copy, as "
                + "every command reading the store does");
    }

    @Override
    public ReportView view() {
        Result r = result;
        StoreTotals t = r.storeTotals();
        List<ReportView.Block> blocks = new ArrayList<>();
        blocks.add(new ReportView.Summary("Store", List.of(Item.of("Store", r.store(), Kind.TEXT),
                Item.of("Logs ingested", r.ingested(), Kind.INT), Item.of("Logs skipped (already in)", r.skipped(), Kind.INT),
                Item.of("Sources in the store", t.sources(), Kind.INT), Item.of("Requests (each request id once)", t.requests(), Kind.INT),
                Item.of("Cost", t.costUsd(), Kind.MONEY), Item.of("Days", t.days(), Kind.INT),
                Item.of("Parquet files", t.files(), Kind.INT), Item.of("Size on disk (bytes)", t.bytes(), Kind.INT))));
        blocks.add(new ReportView.Table("sources", "Logs", List.of(new Column("name", Kind.TEXT), new Column("status", Kind.TEXT),
                new Column("seq", Kind.INT), new Column("rows_added", Kind.INT), new Column("requests_added", Kind.INT),
                new Column("bad_lines", Kind.INT), new Column("files_added", Kind.INT), new Column("fingerprint", Kind.TEXT)),
                r.sources().stream().map(s -> Arrays.<Object>asList(s.name(), s.status(), s.seq() == null ? null : (long) s.seq(), s.rowsAdded(),
                        s.requestsAdded(), s.badLines(), (long) s.filesAdded(), s.fingerprint())).toList()));
        if (!r.notes().isEmpty()) {
            blocks.add(ReportView.Notes.inCsv("Notes", r.notes(), "notes"));
        }
        return new ReportView("techopt ingest", blocks);
    }
}
