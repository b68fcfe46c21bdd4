package io.techopt.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manifest.json}: the sources a store holds, each with its content fingerprint and the Parquet files it added.
 * It is the store's commit point: a file not listed here is not part of the store (an ingest killed before its commit
 * left it, and the next ingest removes it), so a store is always as it was before or after each source.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StoreManifest(@JsonProperty("format") String format, @JsonProperty("version") int version,
                            @JsonProperty("sources") List<Source> sources) {
    public static final String FILE = "manifest.json";
    public static final String FORMAT = "techopt usage store";
    private static final java.util.regex.Pattern STORE_FILE =
            java.util.regex.Pattern.compile("day=\\d{4}-\\d{2}-\\d{2}/[A-Za-z0-9_-]+\\.parquet");
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One ingested log. {@code name} is redacted; {@code files} are relative to the store; {@code format} the format it
     * was read as, {@code lines} its non-empty lines, {@code ignoredLines} those without an LLM request and
     * {@code warnings} what reading it warned of, redacted (null or 0 in a store written before them), so a command
     * reading the store reports the input as on the log. {@code callsWithoutUsageByDay}: the LLM calls of its traces
     * without usage (of unknown cost) by UTC day, counted from the spans at ingest (a store keeps no spans; null in a
     * store written before it).
     */
    public record Source(@JsonProperty("seq") int seq, @JsonProperty("name") String name,
                         @JsonProperty("fingerprint") String fingerprint, @JsonProperty("bytes") long bytes,
                         @JsonProperty("ingested_at") String ingestedAt, @JsonProperty("rows") long rows,
                         @JsonProperty("requests") long requests, @JsonProperty("bad_lines") long badLines,
                         @JsonProperty("duplicate_request_ids") long duplicateRequestIds,
                         @JsonProperty("first_request") String firstRequest, @JsonProperty("last_request") String lastRequest,
                         @JsonProperty("keep_text") boolean keepText, @JsonProperty("price_catalogs") List<String> priceCatalogs,
                         @JsonProperty("price_date") String priceDate, @JsonProperty("files") List<String> files,
                         @JsonProperty("format") String format, @JsonProperty("lines") long lines,
                         @JsonProperty("ignored_lines") long ignoredLines, @JsonProperty("warnings") List<String> warnings,
                         @JsonProperty("calls_without_usage_by_day") java.util.SortedMap<String, Long> callsWithoutUsageByDay,
                         @JsonProperty("replaced_rows") List<Long> replacedRows,
                         @JsonProperty("price_catalog_digests") List<String> priceCatalogDigests) {
    }

    /**
     * The rows of the store that a later source replaced (a Langfuse update merged into the request an earlier log
     * stored, review rev24 HIGH-1), by place ({@link StoreSchema#POSITION}): no read counts them, as the merged row is
     * that request. Only rows of sources still listed (a grown log's replaced copy is gone with it).
     */
    public java.util.SortedSet<Long> replacedRows() {
        java.util.Set<Integer> seqs = new java.util.HashSet<>();
        sources.forEach(s -> seqs.add(s.seq()));
        java.util.SortedSet<Long> rows = new java.util.TreeSet<>();
        for (Source s : sources) {
            if (s.replacedRows() != null) {
                s.replacedRows().stream().filter(p -> seqs.contains((int) (p >>> 40))).forEach(rows::add);
            }
        }
        return rows;
    }

    /** The SQL condition that a stored row is not one a later source replaced ({@link #replacedRows}). */
    public String notReplaced() {
        java.util.SortedSet<Long> rows = replacedRows();
        return rows.isEmpty() ? "true" : StoreSchema.POSITION + " NOT IN (" + rows.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", ")) + ")";
    }

    static StoreManifest empty() {
        return new StoreManifest(FORMAT, 1, List.of());
    }

    private static final java.util.regex.Pattern WRITTEN_FILE = java.util.regex.Pattern.compile("s\\d{6}-[A-Za-z0-9]+-\\d+\\.parquet");
    private static final java.util.regex.Pattern DAY_DIR = java.util.regex.Pattern.compile("day=\\d{4}-\\d{2}-\\d{2}");

    /** Whether a file name is one an ingest gives its data files (s{seq}-{token}-{i}.parquet): recovery deletes no other. */
    public static boolean isWrittenFile(String name) {
        return WRITTEN_FILE.matcher(name).matches();
    }

    /** Whether a directory name is a day partition's (day=YYYY-MM-DD). */
    public static boolean isDayDir(String name) {
        return DAY_DIR.matcher(name).matches();
    }

    /** Whether {@code dir} holds a store (its manifest). */
    public static boolean isStore(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /**
     * Why a manifest could not be read, in words and a place (review rev21 LOW-9: Jackson's own text, with its start
     * marker and "StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION", was the message).
     */
    private static String unreadable(IOException e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof com.fasterxml.jackson.core.JsonParseException p) {
                e = p; // a syntax error met inside a list: databind wraps it with the list's path
            }
        }
        if (!(e instanceof com.fasterxml.jackson.core.JsonProcessingException j) || j.getLocation() == null) {
            return e.getMessage();
        }
        String at = "line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
        if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
            return "it is cut short (it ends at " + at + "; an ingest writes it whole and renames it, so it was changed since)";
        }
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException) {
            return "a value of the wrong kind at " + at;
        }
        return "not valid JSON at " + at;
    }

    static StoreManifest read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            return empty();
        }
        StoreManifest m;
        try {
            m = MAPPER.readValue(f.toFile(), StoreManifest.class);
        } catch (IOException e) {
            throw new IOException(f + " is not a techopt store manifest: " + unreadable(e), e);
        }
        if (m == null || !FORMAT.equals(m.format()) || m.sources() == null) {
            throw new IOException(f + " is not a techopt store manifest (format: " + (m == null ? null : m.format()) + ")");
        }
        if (m.version() != 1) {
            throw new IOException(f + " is a store of version " + m.version() + "; this techopt reads version 1");
        }
        for (Source s : m.sources()) {
            if (s == null || s.files() == null || s.fingerprint() == null) {
                throw new IOException(f + " is not a techopt store manifest: a source without its fingerprint or files");
            }
            for (String file : s.files()) {
                // a file of the store, never a path that leads out of it
                if (file == null || !STORE_FILE.matcher(file).matches()) {
                    throw new IOException(f + " lists a file that is not a day partition's Parquet file of the store: "
                            + io.techopt.core.Redactor.redact(String.valueOf(file)));
                }
            }
        }
        return m;
    }

    StoreManifest with(Source s) {
        List<Source> all = new ArrayList<>(sources);
        all.add(s);
        return new StoreManifest(format, version, List.copyOf(all));
    }

    /** This manifest without the given sources (a grown log's earlier copies, replaced by it). */
    StoreManifest without(List<Source> gone) {
        List<Source> all = new ArrayList<>(sources);
        all.removeAll(gone);
        return new StoreManifest(format, version, List.copyOf(all));
    }

    int nextSeq() {
        return sources.stream().mapToInt(Source::seq).max().orElse(0) + 1;
    }

    Source byFingerprint(String fingerprint) {
        return sources.stream().filter(s -> s.fingerprint().equals(fingerprint)).findFirst().orElse(null);
    }

    /** Commits this manifest: a temporary file in the store, flushed to disk, renamed over the old one. */
    void commit(Path dir) throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.write(tmp, MAPPER.writeValueAsBytes(this));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        DuckDbUsageStore.failpoint("manifest-written");
        try {
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
