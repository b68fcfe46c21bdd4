package io.techopt.batch;

import io.techopt.core.Derived;
import io.techopt.core.LogRecord;
import io.techopt.core.PromptKey;
import io.techopt.core.Redactor;
import io.techopt.ingest.RecordSink;
import io.techopt.report.JsonRenderer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Writes the requests that could have waited for a Batch API into a directory, one file per provider and model, each
 * in that provider's own batch input format and split at its limits (see {@link BatchApi}): OpenAI, Azure OpenAI (global
 * batch deployments) and Groq take OpenAI's {@code {custom_id, method, url, body}}; Anthropic Message Batches
 * {@code {custom_id, params}}; the Gemini API {@code {key, request}}; Vertex AI {@code {request}}; Mistral
 * {@code {custom_id, body}}; Amazon Bedrock {@code {recordId, modelInput}} (Claude's own body for InvokeModel jobs,
 * the Converse body for other models, whose files say {@code bedrock-converse}).
 * Requests of other providers (DeepSeek has no batch API; self-hosted, unknown …) are counted per provider, with a
 * note saying why, not written. Candidates: successful, not already batched, with a prompt, of a batchable task
 * type. Every exported string goes through the {@link Redactor}; files appear only on {@link #commit}.
 * <p>
 * By job: which requests and which API ({@link #prepare}, {@link BatchApi#of}), each API's line format
 * ({@link BatchLines}) and ids ({@link BatchIds}), the files ({@link BatchFiles}); here also the manifest and notes.
 */
public final class BatchExporter implements RecordSink, AutoCloseable {
    /** Bedrock's default quota: a batch inference job needs at least this many records. */
    static final int BEDROCK_MIN_RECORDS = 100;

    /** One written file. */
    public record FileInfo(String file, String api, String model, long requests, long bytes) {
    }

    /** Why a request with tool calls or non-text parts is not written: the text-only messages would change it. */
    static final String NOT_TEXT = "tool calls / images not exportable";

    private final BatchFiles files;
    private final Set<String> batchable;
    private final Map<String, Long> notExported = new TreeMap<>();
    private final Map<String, String> deployments;

    public BatchExporter(Path dir, Set<String> batchable) throws IOException {
        this(dir, batchable, Map.of(), Map.of());
    }

    /** @param deployments Azure OpenAI global batch deployment by logged model name (without router prefix) */
    public BatchExporter(Path dir, Map<String, String> deployments, Set<String> batchable) throws IOException {
        this(dir, batchable, Map.of(), deployments);
    }

    BatchExporter(Path dir, Set<String> batchable, Map<BatchApi, BatchFiles.Limits> limits) throws IOException {
        this(dir, batchable, limits, Map.of());
    }

    BatchExporter(Path dir, Set<String> batchable, Map<BatchApi, BatchFiles.Limits> limits, Map<String, String> deployments) throws IOException {
        this(dir, batchable, limits, deployments, null);
    }

    /** @param opener wraps each file's stream (tests simulate a full disk with it), or null */
    BatchExporter(Path dir, Set<String> batchable, Map<BatchApi, BatchFiles.Limits> limits, Map<String, String> deployments,
                  UnaryOperator<OutputStream> opener) throws IOException {
        this.files = new BatchFiles(dir, limits, opener);
        this.batchable = batchable;
        this.deployments = deployments;
    }

    /**
     * A provider name as a key: redacted first (AKIA…, AIza…, JWT and AWS-secret rules depend on case, so a lower-cased
     * credential would pass them), then lower-cased only when nothing was redacted, so the mask stays as written.
     */
    static String redactThenLowerCase(String provider) {
        String red = Redactor.redact(provider);
        return red.equals(provider) ? red.toLowerCase(Locale.ROOT) : red;
    }

    /** The model name to write: a mapped Azure deployment, else the logged name without a router prefix. */
    private String target(BatchApi api, String redactedModel) {
        String bare = BatchApi.bareModel(redactedModel);
        if (api == BatchApi.AZURE) {
            String d = deployments.get(bare);
            return d == null ? bare : Redactor.redact(d);
        }
        return bare;
    }

    /** A batchable request's line for the batch file, made from its text on a parser thread. */
    private static final Derived.Key<PreparedRequest> LINE = Derived.Key.of("batch.line", PreparedRequest.class);
    /** Why a batchable request is not written (its provider has no batch API, it has no text, …). */
    private static final Derived.Key<String> NOT_WRITTEN = Derived.Key.of("batch.notWritten", String.class);

    @Override
    public LogRecord prepare(LogRecord r) {
        if (r.batch || r.error || !r.hasPrompt() || r.taskType == null
                || !batchable.contains(r.taskType.toLowerCase(Locale.ROOT))) {
            return r;
        }
        BatchApi api = BatchApi.of(r.provider, r.model);
        if (api == null) {
            String p = r.provider == null || r.provider.isBlank() ? "unknown" : redactThenLowerCase(r.provider.strip());
            return r.with(NOT_WRITTEN, p.equals("unknown") && BatchApi.bareModel(r.model).toLowerCase(Locale.ROOT).startsWith("deepseek")
                    ? "deepseek" : p);
        }
        if (r.nonTextContent) {
            return r.with(NOT_WRITTEN, NOT_TEXT); // its text alone would be a different request, or one the provider rejects
        }
        // redact the whole name first: cutting at a '/' first could split a credential (a webhook path, an AccountKey) so that its tail no longer looks like one
        String model = target(api, Redactor.redact(r.model));
        String id = r.requestId != null ? r.requestId
                : "techopt-" + Long.toHexString(PromptKey.of(r.model, r.messages).key()) + "-" + r.timestampMs;
        String customId = BatchIds.of(api, id);
        long answer = r.usage == null ? 0 : r.usage.outputTokens();
        try {
            String line = BatchLines.of(api, model, answer, r.messages);
            return line == null ? r.with(NOT_WRITTEN, "(no text)") : r.with(LINE, new PreparedRequest(api, model, customId, line));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void accept(LogRecord r) {
        String reason = r.derived(NOT_WRITTEN);
        if (reason != null) {
            notExported.merge(reason, r.count, Long::sum);
            return;
        }
        PreparedRequest p = r.derived(LINE);
        if (p == null) {
            return;
        }
        try {
            files.write(p, r.requestId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Requests written, over all files. */
    public long written() {
        return files.written();
    }

    /** Batchable requests no file took, by provider (or the reason they could not be written). */
    public Map<String, Long> notExported() {
        return notExported;
    }

    /** The files, once committed. */
    public List<FileInfo> files() {
        return files.files();
    }

    /** Closes the open parts, then renames every file into place. */
    public void commit() throws IOException {
        files.commit();
    }

    /**
     * {@code manifest.json}: every file with its api, model, requests and bytes, and the batchable requests no file
     * took; files of an earlier export this one did not rewrite are removed, so the directory is this run's.
     */
    public void writeManifest() throws IOException {
        files.removeEarlierFiles();
        // the reports' mapper: bidi, zero-width and C1 characters in names are written as \\uXXXX escapes (README), read back exact
        var mapper = JsonRenderer.mapper();
        var root = mapper.createObjectNode();
        root.put("requests", files.written());
        var arr = root.putArray("files");
        for (FileInfo f : files.files()) {
            arr.addObject().put("file", f.file()).put("api", f.api()).put("model", f.model()).put("requests", f.requests())
                    .put("bytes", f.bytes());
        }
        var skipped = root.putObject("not_exported");
        notExported.forEach(skipped::put);
        root.put("not_exported_requests", notExported.values().stream().mapToLong(Long::longValue).sum());
        root.put("duplicate_requests_skipped", files.duplicates());
        root.put("custom_ids_renamed", files.renamed());
        var notes = root.putArray("notes");
        notes().forEach(notes::add);
        files.writeManifest(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }

    /** What a user must know to submit the files, and why the requests not written were not. */
    public List<String> notes() {
        List<String> out = new ArrayList<>();
        notExported.forEach((k, v) -> {
            if (BatchApi.NO_BATCH_API.containsKey(k)) {
                out.add(k + ": " + v + " request(s) counted, not written: " + BatchApi.NO_BATCH_API.get(k) + ".");
            } else if (k.equals(NOT_TEXT)) {
                out.add(v + " request(s) with tool calls, tool results or images not written: messages are exported as text, "
                        + "and a text-only copy would be a different request.");
            } else if (k.equals("(no text)")) {
                out.add(v + " request(s) whose messages hold no text not written: the batch APIs reject empty messages.");
            } else if (BatchApi.ofProvider(k) == BatchApi.VERTEX) {
                out.add(k + ": " + v + " request(s) counted, not written: only Gemini models' Vertex AI batch format is written "
                        + "here (Claude and open models on Vertex AI take other formats).");
            } else {
                out.add(k + ": " + v + " request(s) counted, not written: no batch API input format is written here for this provider.");
            }
        });
        Map<String, Long> perModel = new TreeMap<>();
        for (FileInfo f : files.files()) {
            perModel.merge(f.api() + '\u0000' + f.model(), f.requests(), Long::sum);
        }
        perModel.forEach((k, n) -> {
            String api = k.substring(0, k.indexOf('\u0000'));
            String model = k.substring(k.indexOf('\u0000') + 1);
            if (api.startsWith("bedrock") && n < BEDROCK_MIN_RECORDS) {
                out.add(api + " " + model + ": " + n + " record(s); a Bedrock batch inference job needs at least "
                        + BEDROCK_MIN_RECORDS + " (default quota), so send these on demand or add records.");
            }
            if (api.equals(BatchApi.AZURE.id) && !deployments.containsValue(model)) {
                out.add("azure " + model + ": body.model is the logged name; Azure OpenAI needs the name of a global batch "
                        + "deployment there: if yours differs, rerun with --batch-deployment " + model + "=DEPLOYMENT.");
            }
        });
        if (files.files().stream().anyMatch(f -> f.api().equals(BatchApi.BEDROCK_CONVERSE.id))) {
            out.add("bedrock-converse files: create their jobs with the Converse invocation type (bedrock files: InvokeModel, the default).");
        }
        if (files.files().stream().anyMatch(f -> f.api().equals(BatchApi.VERTEX.id))) {
            out.add("vertex files carry no request id: Vertex AI writes each request beside its response.");
        }
        return out;
    }

    /** One line for stderr: what was written where, and what no batch API here takes. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(files.written()).append(" batchable requests written to ").append(files.files().size()).append(" file(s) in ").append(files.dir());
        if (!notExported.isEmpty()) {
            sb.append("; not exported (by provider without a batch API format written here, or reason): ");
            List<String> parts = new ArrayList<>();
            notExported.forEach((k, v) -> parts.add(k + " " + v + (BatchApi.NO_BATCH_API.containsKey(k) ? " (no batch API)" : "")));
            sb.append(String.join(", ", parts));
        }
        return sb.toString();
    }

    /**
     * Removes what was not committed; after a failure (no manifest written), a directory this export created goes too,
     * with the files it already renamed into it: a failed export leaves nothing behind.
     */
    @Override
    public void close() throws IOException {
        files.close();
    }
}
