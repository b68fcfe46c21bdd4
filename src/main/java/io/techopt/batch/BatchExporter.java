package io.techopt.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.techopt.analyze.PromptKey;
import io.techopt.ingest.LogRecord;
import io.techopt.ingest.Message;
import io.techopt.ingest.RecordSink;
import io.techopt.report.AtomicOutput;
import io.techopt.report.Redactor;
import io.techopt.stats.LongHashSet;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes the requests that could have waited for a Batch API into a directory, one file per provider and model, each
 * in that provider's own batch input format and split at its limits:
 * <ul>
 * <li>OpenAI Batch API input JSONL ({@code custom_id, method, url, body}), one model per file, at most 50,000
 * requests and 200 MB per file;</li>
 * <li>Anthropic Message Batches requests ({@code custom_id} matching {@code ^[A-Za-z0-9_-]{1,64}$}, {@code params}),
 * one per line, at most 100,000 requests and 256 MB per batch;</li>
 * <li>Gemini API batch JSONL ({@code key, request}), the model being named when the batch is created, at most
 * 2 GB per file.</li>
 * </ul>
 * Requests of other providers (no batch API in a format written here: DeepSeek, Bedrock, Vertex AI, self-hosted …)
 * are counted per provider, not written. Candidates: successful, not already batched, with a prompt, of a batchable
 * task type. Every exported string goes through the {@link Redactor}; files appear only on {@link #commit}.
 */
public final class BatchExporter implements RecordSink, AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern OUR_FILE = Pattern.compile("(openai|anthropic|gemini)-.*-[0-9]{3}\\.jsonl");
    private static final Pattern ANTHROPIC_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern OPENAI_MODEL = Pattern.compile("(gpt-|chatgpt-|o[1-9]).*");
    /** Anthropic requires max_tokens; every Claude model accepts 4,096, and a logged answer's length is always safe. */
    static final int ANTHROPIC_MIN_MAX_TOKENS = 4096;

    /** A provider batch API techopt writes input for, with its per-file limits. */
    public enum Api {
        OPENAI("openai", 50_000, 200_000_000L), ANTHROPIC("anthropic", 100_000, 256_000_000L),
        GEMINI("gemini", Integer.MAX_VALUE, 2_000_000_000L);

        public final String id;
        final int maxRequests;
        final long maxBytes;

        Api(String id, int maxRequests, long maxBytes) {
            this.id = id;
            this.maxRequests = maxRequests;
            this.maxBytes = maxBytes;
        }
    }

    /** One written file. */
    public record FileInfo(String file, String api, String model, long requests, long bytes) {
    }

    /** Why a request with tool calls or non-text parts is not written: the text-only messages would change it. */
    static final String NOT_TEXT = "tool calls / images not exportable";

    /**
     * What a parser thread prepared: the target (api + model), the logged request id, the id that must be unique in
     * the batch, and the JSON object without that id (added on write, as a collision may change it).
     */
    private record Prepared(Api api, String model, String requestId, String id, String body) {
        String line(String customId) {
            String field = api == Api.GEMINI ? "key" : "custom_id";
            return "{\"" + field + "\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(customId)) + "\","
                    + body.substring(1);
        }
    }

    /** The open file of one api + model, rolled over at the limits. */
    private final class Target {
        final Api api;
        final String model;
        final String stem;
        final LongHashSet ids = new LongHashSet();
        final LongHashSet requestIds = new LongHashSet();
        AtomicOutput.Pending out;
        Path path;
        int part;
        long requests, bytes;

        Target(Api api, String model) {
            this.api = api;
            this.model = model;
            this.stem = uniqueStem(api, model);
        }

        void write(Prepared p) throws IOException {
            if (p.requestId() != null && !requestIds.add(PromptKey.hash(p.requestId()))) {
                duplicates++;
                return; // a request logged twice is exported once: ids must be unique within a batch
            }
            String id = p.id();
            for (int n = 1; !ids.add(PromptKey.hash(id)); n++) {
                id = hashedId(p.id() + '\u0000' + n); // another request's id, or its hash: a fresh one, never a loss
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
                out = AtomicOutput.open(path);
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
            files.add(new FileInfo(path.getFileName().toString(), api.id, model, requests, bytes));
            out = null;
        }
    }

    /** Per-file limits, smaller in tests. */
    record Limits(int maxRequests, long maxBytes) {
    }

    private final Path dir;
    private final Set<String> batchable;
    private final Map<Api, Limits> limits;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final List<AtomicOutput.Pending> pending = new ArrayList<>();
    private final List<FileInfo> files = new ArrayList<>();
    private final Map<String, Long> notExported = new TreeMap<>();
    private final Set<String> stems = new java.util.HashSet<>();
    private long written, duplicates, renamed;

    public BatchExporter(Path dir, Set<String> batchable) throws IOException {
        this(dir, batchable, Map.of());
    }

    BatchExporter(Path dir, Set<String> batchable, Map<Api, Limits> limits) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--batch-export takes a directory (one file per provider and model): "
                    + dir + " is a file");
        }
        Files.createDirectories(dir);
        this.dir = dir;
        this.batchable = batchable;
        this.limits = limits;
    }

    /**
     * The file name stem of an api + model: the model with unsafe characters replaced and, when that changed it, a
     * hash of the model, so two models never share a file ({@code ft:a:b} and {@code ft_a_b}).
     */
    private String uniqueStem(Api api, String model) {
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

    private Limits limits(Api api) {
        return limits.getOrDefault(api, new Limits(api.maxRequests, api.maxBytes));
    }

    /** The batch API of a request: from its provider, else from the model's name; null when none is written. */
    static Api api(String provider, String model) {
        String p = provider == null ? "" : provider.toLowerCase(Locale.ROOT);
        String m = bareModel(model).toLowerCase(Locale.ROOT);
        String prefix = model.contains("/") ? model.substring(0, model.indexOf('/')).toLowerCase(Locale.ROOT) : "";
        if (p.equals("openai") || (p.isEmpty() && (prefix.equals("openai")
                || (prefix.isEmpty() && OPENAI_MODEL.matcher(m).matches())))) {
            return Api.OPENAI;
        }
        if (p.equals("anthropic") || (p.isEmpty() && (prefix.equals("anthropic") || (prefix.isEmpty() && m.startsWith("claude"))))) {
            return Api.ANTHROPIC;
        }
        if (p.equals("google") || p.equals("gemini") || (p.isEmpty() && (prefix.equals("gemini")
                || (prefix.isEmpty() && m.startsWith("gemini"))))) {
            return Api.GEMINI;
        }
        return null;
    }

    /** The model as the provider's own API names it: without a router's {@code provider/} prefix. */
    static String bareModel(String model) {
        int slash = model.lastIndexOf('/');
        return slash >= 0 ? model.substring(slash + 1) : model;
    }

    /**
     * The most output tokens a Claude model accepts as max_tokens (Anthropic's model table; the price book carries no
     * output limit). Unknown models get the 4,096 every Claude model accepts.
     */
    static int anthropicMaxOutput(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.startsWith("claude-3-5") || m.startsWith("claude-3.5")) {
            return 8192;
        }
        if (m.startsWith("claude-3-7") || m.startsWith("claude-sonnet-4") || m.startsWith("claude-haiku-4")
                || m.startsWith("claude-opus-4-5") || m.startsWith("claude-opus-4.5")) {
            return 64_000;
        }
        if (m.startsWith("claude-opus-4")) {
            return 32_000;
        }
        return ANTHROPIC_MIN_MAX_TOKENS;
    }

    /** Anthropic's custom_id pattern; ids that do not fit (or carry a secret) become a stable hash. */
    static String anthropicId(String id) {
        String safe = safeId(id);
        return ANTHROPIC_ID.matcher(safe).matches() ? safe : hashedId(id);
    }

    /** The id itself, or a stable hash of it when it carries a secret (redacting would make distinct ids equal). */
    static String safeId(String id) {
        return Redactor.redact(id).equals(id) ? id : hashedId(id);
    }

    private static String hashedId(String id) {
        return "r-" + Long.toHexString(PromptKey.hash(id));
    }

    @Override
    public void prepare(LogRecord r) {
        if (r.batch || r.error || !r.hasPrompt() || r.taskType == null
                || !batchable.contains(r.taskType.toLowerCase(Locale.ROOT))) {
            return;
        }
        Api api = api(r.provider, r.model);
        if (api == null) {
            r.derived = r.provider == null || r.provider.isBlank() ? "unknown" : Redactor.redact(r.provider.toLowerCase(Locale.ROOT));
            return;
        }
        if (r.nonTextContent) {
            r.derived = NOT_TEXT; // its text alone would be a different request, or one the provider rejects
            return;
        }
        // redact the whole name first: cutting at a '/' first could split a credential (a webhook path, an AccountKey) so that its tail no longer looks like one
        String model = bareModel(Redactor.redact(r.model));
        String id = r.requestId != null ? r.requestId
                : "techopt-" + Long.toHexString(PromptKey.of(r.model, r.messages).key()) + "-" + r.timestampMs;
        String customId = api == Api.OPENAI ? safeId(id) : anthropicId(id);
        try {
            String line = switch (api) {
                case OPENAI -> openAi(customId, model, r.messages);
                case ANTHROPIC -> anthropic(customId, model, r);
                case GEMINI -> gemini(customId, r.messages);
            };
            r.derived = line == null ? "(no text)" : new Prepared(api, model, r.requestId, customId, line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String openAi(String id, String model, List<Message> messages) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("method", "POST");
            g.writeStringField("url", "/v1/chat/completions");
            g.writeObjectFieldStart("body");
            g.writeStringField("model", model);
            g.writeArrayFieldStart("messages");
            for (Message m : messages) {
                g.writeStartObject();
                g.writeStringField("role", m.role());
                g.writeStringField("content", Redactor.redact(m.content()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }
        return w.toString();
    }

    private record Turn(boolean assistant, String text) {}

    /** Redacted system text (system and developer messages joined) and the other turns in order; blank text is dropped (the APIs reject it). */
    private record Conversation(String system, List<Turn> turns) {
        static Conversation of(List<Message> messages) {
            StringBuilder system = new StringBuilder();
            List<Turn> turns = new ArrayList<>();
            for (Message m : messages) {
                String text = Redactor.redact(m.content());
                if (text == null || text.isBlank()) {
                    continue;
                }
                if (m.role().equals("system") || m.role().equals("developer")) {
                    system.append(system.isEmpty() ? "" : "\n\n").append(text);
                } else {
                    turns.add(new Turn(m.role().equals("assistant"), text));
                }
            }
            return new Conversation(system.toString(), turns);
        }
    }

    /** System messages become {@code system}; turns keep their order; empty text is dropped (the API rejects it). */
    private static String anthropic(String id, String model, LogRecord r) throws IOException {
        Conversation c = Conversation.of(r.messages);
        if (c.turns().isEmpty()) {
            return null;
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeObjectFieldStart("params");
            g.writeStringField("model", model);
            long answer = r.usage == null ? 0 : r.usage.outputTokens();
            g.writeNumberField("max_tokens", Math.min(anthropicMaxOutput(model), Math.max(ANTHROPIC_MIN_MAX_TOKENS, answer)));
            g.writeArrayFieldStart("messages");
            for (Turn t : c.turns()) {
                g.writeStartObject();
                g.writeStringField("role", t.assistant() ? "assistant" : "user");
                g.writeStringField("content", t.text());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (!c.system().isEmpty()) {
                g.writeStringField("system", c.system());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return w.toString();
    }

    /** Gemini's {@code GenerateContentRequest}: roles user and model, system text as {@code system_instruction}. */
    private static String gemini(String key, List<Message> messages) throws IOException {
        Conversation c = Conversation.of(messages);
        if (c.turns().isEmpty()) {
            return null;
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeObjectFieldStart("request");
            g.writeArrayFieldStart("contents");
            for (Turn t : c.turns()) {
                g.writeStartObject();
                g.writeStringField("role", t.assistant() ? "model" : "user");
                g.writeArrayFieldStart("parts");
                g.writeStartObject();
                g.writeStringField("text", t.text());
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            if (!c.system().isEmpty()) {
                g.writeObjectFieldStart("system_instruction");
                g.writeArrayFieldStart("parts");
                g.writeStartObject();
                g.writeStringField("text", c.system());
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return w.toString();
    }

    @Override
    public void accept(LogRecord r) {
        if (r.derived instanceof String reason) {
            notExported.merge(reason, r.count, Long::sum);
            return;
        }
        if (!(r.derived instanceof Prepared p)) {
            return;
        }
        try {
            targets.computeIfAbsent(p.api().id + '\u0000' + p.model(), k -> new Target(p.api(), p.model())).write(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Requests written, over all files. */
    public long written() {
        return written;
    }

    /** Batchable requests no file took, by provider (or the reason they could not be written). */
    public Map<String, Long> notExported() {
        return notExported;
    }

    /** The files, once committed. */
    public List<FileInfo> files() {
        return files;
    }

    /** Closes the open parts, then renames every file into place. */
    public void commit() throws IOException {
        for (Target t : targets.values()) {
            if (t.out != null) {
                t.close();
            }
        }
        for (AtomicOutput.Pending p : pending) {
            p.commit();
        }
    }

    /**
     * {@code manifest.json}: every file with its api, model, requests and bytes, and the batchable requests no file
     * took; files of an earlier export this one did not rewrite are removed, so the directory is this run's.
     */
    public void writeManifest() throws IOException {
        Set<String> ours = new java.util.HashSet<>();
        files.forEach(f -> ours.add(f.file()));
        try (var list = Files.list(dir)) {
            for (Path old : list.toList()) {
                String n = old.getFileName().toString();
                if (OUR_FILE.matcher(n).matches() && !ours.contains(n)) {
                    Files.deleteIfExists(old);
                }
            }
        }
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = mapper.createObjectNode();
        root.put("requests", written);
        var arr = root.putArray("files");
        for (FileInfo f : files) {
            arr.addObject().put("file", f.file()).put("api", f.api()).put("model", f.model()).put("requests", f.requests())
                    .put("bytes", f.bytes());
        }
        var skipped = root.putObject("not_exported");
        notExported.forEach(skipped::put);
        root.put("not_exported_requests", notExported.values().stream().mapToLong(Long::longValue).sum());
        root.put("duplicate_requests_skipped", duplicates);
        root.put("custom_ids_renamed", renamed);
        AtomicOutput.write(dir.resolve("manifest.json"), w -> w.write(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n"));
    }

    /** One line for stderr: what was written where, and what no batch API here takes. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(written).append(" batchable requests written to ").append(files.size()).append(" file(s) in ").append(dir);
        if (!notExported.isEmpty()) {
            sb.append("; not exported (by provider without a batch API format written here, or reason): ");
            List<String> parts = new ArrayList<>();
            notExported.forEach((k, v) -> parts.add(k + " " + v));
            sb.append(String.join(", ", parts));
        }
        return sb.toString();
    }

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
        if (first != null) {
            throw first;
        }
    }
}
