package io.techopt.batch;

import io.techopt.core.AtomicOutput;
import io.techopt.core.PromptKey;
import io.techopt.stats.LongHashSet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The files of one export: one open file per api + model, rolled over at the API's limits, each id unique within its
 * file; nothing appears in the directory until {@link #commit}, and a failed export leaves nothing behind.
 */
final class BatchFiles implements AutoCloseable {
    private static final Pattern OUR_FILE = Pattern.compile(
            "(openai|azure|groq|anthropic|gemini|vertex|mistral|bedrock|bedrock-converse)-.*-[0-9]{3}\\.jsonl");

    /** The open file of one api + model, rolled over at the limits. */
    private final class Target {
        final BatchApi api;
        final String model;
        final String stem;
        final LongHashSet ids = new LongHashSet();
        final LongHashSet requestIds = new LongHashSet();
        AtomicOutput.Pending out;
        Path path;
        int part;
        long requests, bytes;

        Target(BatchApi api, String model) {
            this.api = api;
            this.model = model;
            this.stem = uniqueStem(api, model);
        }

        /** {@code requestId}: the record's as ingest delivered it (ingest may key an OTel call again after prepare). */
        void write(PreparedRequest p, String requestId) throws IOException {
            if (requestId != null && !requestIds.add(PromptKey.hash(requestId))) {
                duplicates++;
                return; // a request logged twice is exported once: ids must be unique within a batch
            }
            String id = p.id();
            for (int n = 1; api.idField != null && !ids.add(PromptKey.hash(id)); n++) {
                id = BatchIds.freshId(api, p.id() + '\u0000' + n); // another request's id, or its hash: a fresh one, never a loss
                renamed++;
            }
            String line = p.line(id);
            long size = line.getBytes(StandardCharsets.UTF_8).length + 1L;
            if (out != null && (requests + 1 > limits(api).maxRequests || bytes + size > limits(api).maxBytes)) {
                close();
            }
            if (out == null) {
                part++;
                path = dir.resolve(String.format(Locale.ROOT, "%s-%03d.jsonl", stem, part));
                out = opener == null ? AtomicOutput.open(path) : AtomicOutput.open(path, opener);
                pending.add(out);
                requests = 0;
                bytes = 0;
            }
            out.write(line);
            out.write("\n");
            requests++;
            bytes += size;
            written++;
        }

        void close() {
            files.add(new BatchExporter.FileInfo(path.getFileName().toString(), api.id, model, requests, bytes));
            out = null;
        }
    }

    /** Per-file limits, smaller in tests. */
    record Limits(int maxRequests, long maxBytes) {
    }

    private final Path dir;
    private final Map<BatchApi, Limits> limits;
    private final UnaryOperator<OutputStream> opener;
    /** The export directory, when this run created it: removed again on every failure and signal, unless the export completed. */
    private final AtomicOutput.CreatedDirectory created;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final List<AtomicOutput.Pending> pending = new ArrayList<>();
    private final List<BatchExporter.FileInfo> files = new ArrayList<>();
    private final Set<String> stems = new HashSet<>();
    private long written, duplicates, renamed;

    /** @param opener wraps each file's stream (tests simulate a full disk with it), or null */
    BatchFiles(Path dir, Map<BatchApi, Limits> limits, UnaryOperator<OutputStream> opener) throws IOException {
        this.opener = opener;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--batch-export takes a directory (one file per provider and model): "
                    + dir + " is a file");
        }
        if (Files.isDirectory(dir)) {
            refuseFilesOfOthers(dir);
        }
        this.created = AtomicOutput.createDirectories(dir);
        this.dir = dir;
        this.limits = limits;
    }

    /**
     * A directory holding files an export did not write (a user's manifest.json, a file named like a batch file) would
     * have them replaced or mixed with the batch files (review r21 M2): only a new or empty directory, or an earlier
     * export's (its manifest and the files it lists, so a nightly re-export works), is written into.
     */
    private static void refuseFilesOfOthers(Path dir) throws IOException {
        List<String> names;
        try (var list = Files.list(dir)) {
            names = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (names.isEmpty()) {
            return;
        }
        Set<String> listed = new HashSet<>();
        Path manifest = dir.resolve("manifest.json");
        if (Files.isRegularFile(manifest)) {
            try {
                com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest.toFile());
                if (m != null && m.path("files").isArray() && m.has("not_exported")) {
                    listed.add("manifest.json");
                    m.path("files").forEach(f -> listed.add(f.path("file").asText()));
                }
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                // not an export's manifest: a file of someone else's
            }
        }
        for (String name : names) {
            if (!listed.contains(name) || !Files.isRegularFile(dir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("--batch-export " + dir + " holds files this export did not write ("
                        + name + " among its " + names.size() + " entries): they would be "
                        + "replaced or mixed with the batch files; give a new or empty directory, or an earlier export's");
            }
        }
    }

    /** Writes the request into its api + model's file; {@code requestId}: the record's, so a request logged twice is written once. */
    void write(PreparedRequest p, String requestId) throws IOException {
        targets.computeIfAbsent(p.api().id + '\u0000' + p.model(), k -> new Target(p.api(), p.model())).write(p, requestId);
    }

    /**
     * The file name stem of an api + model: the model with unsafe characters replaced and, when that changed it, a
     * hash of the model, so two models never share a file ({@code ft:a:b} and {@code ft_a_b}).
     */
    private String uniqueStem(BatchApi api, String model) {
        String safe = model.replaceAll("[^A-Za-z0-9._-]+", "_");
        String stem = api.id + "-" + safe;
        if (!safe.equals(model)) {
            stem += "-" + String.format(Locale.ROOT, "%08x", (int) PromptKey.hash(model));
        }
        for (int n = 2; !stems.add(stem); n++) {
            stem = api.id + "-" + safe + "-" + String.format(Locale.ROOT, "%08x", (int) PromptKey.hash(model + '\u0000' + n));
        }
        return stem;
    }

    private Limits limits(BatchApi api) {
        return limits.getOrDefault(api, new Limits(api.maxRequests, api.maxBytes));
    }

    /** Closes the open parts, then renames every file into place. */
    void commit() throws IOException {
        for (Target t : targets.values()) {
            if (t.out != null) {
                t.close();
            }
        }
        // every file written out first (a full disk shows here), so a failure renames none of them into place
        for (AtomicOutput.Pending p : pending) {
            p.finishWriting();
        }
        for (AtomicOutput.Pending p : pending) {
            created.own(p.target());
            p.commit();
        }
    }

    /** Files of an earlier export into this directory that this one did not rewrite: removed, so the directory is this run's. */
    void removeEarlierFiles() throws IOException {
        Set<String> ours = new HashSet<>();
        files.forEach(f -> ours.add(f.file()));
        try (var list = Files.list(dir)) {
            for (Path old : list.toList()) {
                String n = old.getFileName().toString();
                if (OUR_FILE.matcher(n).matches() && !ours.contains(n)) {
                    Files.deleteIfExists(old);
                }
            }
        }
    }

    /** Writes the manifest last: the export is then complete and its directory stays. */
    void writeManifest(String json) throws IOException {
        Path manifest = dir.resolve("manifest.json");
        created.own(manifest);
        AtomicOutput.write(manifest, w -> w.write(json));
        created.keep(); // the export is complete
    }

    Path dir() {
        return dir;
    }

    /** The files closed so far (all of them after {@link #commit}). */
    List<BatchExporter.FileInfo> files() {
        return files;
    }

    long written() {
        return written;
    }

    long duplicates() {
        return duplicates;
    }

    long renamed() {
        return renamed;
    }

    /**
     * Removes what was not committed; after a failure (no manifest written), a directory this export created goes too,
     * with the files it already renamed into it: a failed export leaves nothing behind.
     */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (AtomicOutput.Pending p : pending) {
            try {
                p.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        created.close();
        if (first != null) {
            throw first;
        }
    }
}
