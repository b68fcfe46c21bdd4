package io.techopt.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.techopt.core.AtomicOutput;
import io.techopt.core.Derived;
import io.techopt.core.LogRecord;
import io.techopt.core.Message;
import io.techopt.core.PromptKey;
import io.techopt.core.Redactor;
import io.techopt.ingest.RecordSink;
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
 * in that provider's own batch input format and split at its limits (see {@link Api}): OpenAI, Azure OpenAI (global
 * batch deployments) and Groq take OpenAI's {@code {custom_id, method, url, body}}; Anthropic Message Batches
 * {@code {custom_id, params}}; the Gemini API {@code {key, request}}; Vertex AI {@code {request}}; Mistral
 * {@code {custom_id, body}}; Amazon Bedrock {@code {recordId, modelInput}} (Claude's own body for InvokeModel jobs,
 * the Converse body for other models, whose files say {@code bedrock-converse}).
 * Requests of other providers (DeepSeek has no batch API; self-hosted, unknown …) are counted per provider, with a
 * note saying why, not written. Candidates: successful, not already batched, with a prompt, of a batchable task
 * type. Every exported string goes through the {@link Redactor}; files appear only on {@link #commit}.
 */
public final class BatchExporter implements RecordSink, AutoCloseable {
    /**
     * The request files are the provider's input, not a page a person reads: ids and prompts are data and written as
     * UTF-8 as given, so a custom_id comes back in the results byte for byte as the log wrote it (manifest.json, which
     * people read, uses the reports' escaping instead).
     */
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern OUR_FILE = Pattern.compile(
            "(openai|azure|groq|anthropic|gemini|vertex|mistral|bedrock|bedrock-converse)-.*-[0-9]{3}\\.jsonl");
    private static final Pattern ANTHROPIC_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern BEDROCK_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    private static final Pattern OPENAI_MODEL = Pattern.compile("(gpt-|chatgpt-|o[1-9]).*");
    private static final Pattern MISTRAL_MODEL = Pattern.compile("(mistral|ministral|codestral|pixtral|magistral|devstral|open-mistral|open-mixtral).*");
    /** Anthropic requires max_tokens; every Claude model accepts 4,096, and a logged answer's length is always safe. */
    static final int ANTHROPIC_MIN_MAX_TOKENS = 4096;
    /** Bedrock's default quota: a batch inference job needs at least this many records. */
    static final int BEDROCK_MIN_RECORDS = 100;

    /** A provider batch API techopt writes input for, with its per-file limits and the field naming each request. */
    public enum Api {
        /** OpenAI Batch API: one model per file, 50,000 requests, 200 MB. */
        OPENAI("openai", 50_000, 200_000_000L, "custom_id"),
        /** Azure OpenAI global batch: OpenAI's lines with url /chat/completions and the deployment as model; 100,000 requests, 200 MB. */
        AZURE("azure", 100_000, 200_000_000L, "custom_id"),
        /** Groq Batch API: OpenAI's lines; 50,000 requests, 100 MB. */
        GROQ("groq", 50_000, 100_000_000L, "custom_id"),
        /** Anthropic Message Batches: 100,000 requests, 256 MB. */
        ANTHROPIC("anthropic", 100_000, 256_000_000L, "custom_id"),
        /** Gemini API batch: the model is named when the batch is created; 2 GB. */
        GEMINI("gemini", Integer.MAX_VALUE, 2_000_000_000L, "key"),
        /** Vertex AI Gemini batch prediction: {request}, echoed beside each response; 200,000 requests, 1 GB. */
        VERTEX("vertex", 200_000, 1_000_000_000L, null),
        /** Mistral batch: {custom_id, body}; 100,000 requests, 512 MB. */
        MISTRAL("mistral", 100_000, 512_000_000L, "custom_id"),
        /** Amazon Bedrock batch inference, InvokeModel jobs of a Claude model: 50,000 records, 1 GB per file. */
        BEDROCK("bedrock", 50_000, 1_000_000_000L, "recordId"),
        /** Amazon Bedrock batch inference, Converse jobs (other models): 50,000 records, 1 GB per file. */
        BEDROCK_CONVERSE("bedrock-converse", 50_000, 1_000_000_000L, "recordId");

        public final String id;
        final int maxRequests;
        final long maxBytes;
        /** The field carrying each request's id, or null when the API echoes the request instead. */
        final String idField;

        Api(String id, int maxRequests, long maxBytes, String idField) {
            this.id = id;
            this.maxRequests = maxRequests;
            this.maxBytes = maxBytes;
            this.idField = idField;
        }
    }

    /** One written file. */
    public record FileInfo(String file, String api, String model, long requests, long bytes) {
    }

    /** Why a request with tool calls or non-text parts is not written: the text-only messages would change it. */
    static final String NOT_TEXT = "tool calls / images not exportable";

    /**
     * What a parser thread prepared: the target (api + model), the id that must be unique in
     * the batch, and the JSON object without that id (added on write, as a collision may change it).
     */
    private record Prepared(Api api, String model, String id, String body) {
        String line(String customId) {
            if (api.idField == null) {
                return body;
            }
            return "{\"" + api.idField + "\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(customId)) + "\","
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

        /** {@code requestId}: the record's as ingest delivered it (ingest may key an OTel call again after prepare). */
        void write(Prepared p, String requestId) throws IOException {
            if (requestId != null && !requestIds.add(PromptKey.hash(requestId))) {
                duplicates++;
                return; // a request logged twice is exported once: ids must be unique within a batch
            }
            String id = p.id();
            for (int n = 1; api.idField != null && !ids.add(PromptKey.hash(id)); n++) {
                id = freshId(api, p.id() + '\u0000' + n); // another request's id, or its hash: a fresh one, never a loss
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

    private final Map<String, String> deployments;
    private final java.util.function.UnaryOperator<java.io.OutputStream> opener;
    /** The export directory, when this run created it: removed again on every failure and signal, unless the export completed. */
    private final AtomicOutput.CreatedDirectory created;

    public BatchExporter(Path dir, Set<String> batchable) throws IOException {
        this(dir, batchable, Map.of(), Map.of());
    }

    /** @param deployments Azure OpenAI global batch deployment by logged model name (without router prefix) */
    public BatchExporter(Path dir, Map<String, String> deployments, Set<String> batchable) throws IOException {
        this(dir, batchable, Map.of(), deployments);
    }

    BatchExporter(Path dir, Set<String> batchable, Map<Api, Limits> limits) throws IOException {
        this(dir, batchable, limits, Map.of());
    }

    BatchExporter(Path dir, Set<String> batchable, Map<Api, Limits> limits, Map<String, String> deployments) throws IOException {
        this(dir, batchable, limits, deployments, null);
    }

    /** @param opener wraps each file's stream (tests simulate a full disk with it), or null */
    BatchExporter(Path dir, Set<String> batchable, Map<Api, Limits> limits, Map<String, String> deployments,
                  java.util.function.UnaryOperator<java.io.OutputStream> opener) throws IOException {
        this.opener = opener;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--batch-export takes a directory (one file per provider and model): "
                    + dir + " is a file");
        }
        this.created = AtomicOutput.createDirectories(dir);
        this.dir = dir;
        this.batchable = batchable;
        this.limits = limits;
        this.deployments = deployments;
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

    /** Provider names (as logs, LiteLLM prefixes and OpenTelemetry's gen_ai.system spell them) of each batch API. */
    private static final Map<String, Api> PROVIDERS = Map.ofEntries(
            Map.entry("openai", Api.OPENAI),
            Map.entry("azure", Api.AZURE), Map.entry("azure_openai", Api.AZURE), Map.entry("azure-openai", Api.AZURE),
            Map.entry("az.ai.openai", Api.AZURE),
            Map.entry("groq", Api.GROQ),
            Map.entry("anthropic", Api.ANTHROPIC),
            Map.entry("google", Api.GEMINI), Map.entry("gemini", Api.GEMINI), Map.entry("gcp.gemini", Api.GEMINI),
            Map.entry("vertex_ai", Api.VERTEX), Map.entry("vertex", Api.VERTEX), Map.entry("vertex_ai_beta", Api.VERTEX),
            Map.entry("google_vertex", Api.VERTEX), Map.entry("vertexai", Api.VERTEX), Map.entry("gcp.vertex_ai", Api.VERTEX),
            Map.entry("mistral", Api.MISTRAL), Map.entry("mistralai", Api.MISTRAL), Map.entry("mistral_ai", Api.MISTRAL),
            Map.entry("bedrock", Api.BEDROCK), Map.entry("aws.bedrock", Api.BEDROCK), Map.entry("aws_bedrock", Api.BEDROCK),
            Map.entry("bedrock_converse", Api.BEDROCK), Map.entry("amazon-bedrock", Api.BEDROCK));

    /** Why a provider's requests are counted, not written (keyed like {@link #notExported}). */
    static final Map<String, String> NO_BATCH_API = Map.of(
            "deepseek", "DeepSeek has no batch API (it discounts off-peak hours instead)");

    /**
     * The batch API of a request: from its provider, else from the model's router prefix or name; null when none is
     * written. Vertex AI's batch prediction written here is Gemini's; Bedrock's is Claude's own body, else Converse.
     */
    static Api api(String provider, String model) {
        String p = provider == null ? "" : provider.toLowerCase(Locale.ROOT).trim();
        String m = bareModel(model).toLowerCase(Locale.ROOT);
        String prefix = model.contains("/") ? model.substring(0, model.indexOf('/')).toLowerCase(Locale.ROOT) : "";
        Api a = PROVIDERS.get(p);
        if (a == null && p.isEmpty()) {
            a = PROVIDERS.get(prefix);
            if (a == null && prefix.isEmpty()) {
                a = OPENAI_MODEL.matcher(m).matches() ? Api.OPENAI : m.startsWith("claude") ? Api.ANTHROPIC
                        : m.startsWith("gemini") ? Api.GEMINI : MISTRAL_MODEL.matcher(m).matches() ? Api.MISTRAL : null;
            }
        }
        if (a == Api.VERTEX && !m.startsWith("gemini")) {
            return null; // Claude, Llama … on Vertex AI take other batch formats, not written here
        }
        if (a == Api.BEDROCK && !isClaude(m)) {
            return Api.BEDROCK_CONVERSE;
        }
        return a;
    }

    /**
     * A provider name as a key: redacted first (AKIA…, AIza…, JWT and AWS-secret rules depend on case, so a lower-cased
     * credential would pass them), then lower-cased only when nothing was redacted, so the mask stays as written.
     */
    static String redactThenLowerCase(String provider) {
        String red = Redactor.redact(provider);
        return red.equals(provider) ? red.toLowerCase(Locale.ROOT) : red;
    }

    /** A Claude model, as Anthropic or Bedrock names it ({@code anthropic.claude-…}, {@code us.anthropic.claude-…}). */
    private static boolean isClaude(String bareModel) {
        return bareModel.startsWith("claude") || bareModel.contains("anthropic.claude");
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
        int claude = m.indexOf("claude");
        m = claude > 0 ? m.substring(claude) : m; // Bedrock: us.anthropic.claude-…
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

    /** Bedrock's recordId is alphanumeric; other ids become a stable alphanumeric hash. */
    static String bedrockId(String id) {
        String safe = safeId(id);
        return BEDROCK_ID.matcher(safe).matches() ? safe : alnumId(id);
    }

    /** The id itself, or a stable hash of it when it carries a secret (redacting would make distinct ids equal). */
    static String safeId(String id) {
        return Redactor.redact(id).equals(id) ? id : hashedId(id);
    }

    private static String hashedId(String id) {
        return "r-" + Long.toHexString(PromptKey.hash(id));
    }

    private static String alnumId(String id) {
        return "r" + Long.toHexString(PromptKey.hash(id));
    }

    /** A fresh id for a request whose id another request already took in the same file. */
    private static String freshId(Api api, String seed) {
        return api == Api.BEDROCK || api == Api.BEDROCK_CONVERSE ? alnumId(seed) : hashedId(seed);
    }

    /** The model name to write: a mapped Azure deployment, else the logged name without a router prefix. */
    private String target(Api api, String redactedModel) {
        String bare = bareModel(redactedModel);
        if (api == Api.AZURE) {
            String d = deployments.get(bare);
            return d == null ? bare : Redactor.redact(d);
        }
        return bare;
    }

    /** A batchable request's line for the batch file, made from its text on a parser thread. */
    private static final Derived.Key<Prepared> LINE = Derived.Key.of("batch.line", Prepared.class);
    /** Why a batchable request is not written (its provider has no batch API, it has no text, …). */
    private static final Derived.Key<String> NOT_WRITTEN = Derived.Key.of("batch.notWritten", String.class);

    @Override
    public LogRecord prepare(LogRecord r) {
        if (r.batch || r.error || !r.hasPrompt() || r.taskType == null
                || !batchable.contains(r.taskType.toLowerCase(Locale.ROOT))) {
            return r;
        }
        Api api = api(r.provider, r.model);
        if (api == null) {
            String p = r.provider == null || r.provider.isBlank() ? "unknown" : redactThenLowerCase(r.provider.strip());
            return r.with(NOT_WRITTEN, p.equals("unknown") && bareModel(r.model).toLowerCase(Locale.ROOT).startsWith("deepseek")
                    ? "deepseek" : p);
        }
        if (r.nonTextContent) {
            return r.with(NOT_WRITTEN, NOT_TEXT); // its text alone would be a different request, or one the provider rejects
        }
        // redact the whole name first: cutting at a '/' first could split a credential (a webhook path, an AccountKey) so that its tail no longer looks like one
        String model = target(api, Redactor.redact(r.model));
        String id = r.requestId != null ? r.requestId
                : "techopt-" + Long.toHexString(PromptKey.of(r.model, r.messages).key()) + "-" + r.timestampMs;
        String customId = switch (api) {
            case OPENAI, AZURE, GROQ, MISTRAL, GEMINI -> safeId(id);
            case ANTHROPIC -> anthropicId(id);
            case BEDROCK, BEDROCK_CONVERSE -> bedrockId(id);
            case VERTEX -> "";
        };
        long answer = r.usage == null ? 0 : r.usage.outputTokens();
        try {
            String line = switch (api) {
                case OPENAI -> openAi("/v1/chat/completions", model, r.messages);
                case AZURE -> openAi("/chat/completions", model, r.messages);
                case GROQ -> openAi("/v1/chat/completions", model, r.messages);
                case MISTRAL -> mistral(model, r.messages);
                case ANTHROPIC -> anthropic(model, answer, r.messages);
                case GEMINI -> gemini(r.messages);
                case VERTEX -> vertex(r.messages);
                case BEDROCK -> bedrockClaude(model, answer, r.messages);
                case BEDROCK_CONVERSE -> bedrockConverse(r.messages);
            };
            return line == null ? r.with(NOT_WRITTEN, "(no text)") : r.with(LINE, new Prepared(api, model, customId, line));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code {fields…}} with the generator, returning the JSON text. */
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(Body body) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
        return w.toString();
    }

    private static void chatMessages(JsonGenerator g, String model, List<Message> messages) throws IOException {
        g.writeStringField("model", model);
        g.writeArrayFieldStart("messages");
        for (Message m : messages) {
            g.writeStartObject();
            g.writeStringField("role", m.role());
            g.writeStringField("content", Redactor.redact(m.content()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** OpenAI's batch line (also Azure's and Groq's, which differ in url only). */
    private static String openAi(String url, String model, List<Message> messages) throws IOException {
        return json(g -> {
            g.writeStringField("method", "POST");
            g.writeStringField("url", url);
            g.writeObjectFieldStart("body");
            chatMessages(g, model, messages);
            g.writeEndObject();
        });
    }

    /** Mistral's batch line: the chat completion request as {@code body}. */
    private static String mistral(String model, List<Message> messages) throws IOException {
        return json(g -> {
            g.writeObjectFieldStart("body");
            chatMessages(g, model, messages);
            g.writeEndObject();
        });
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

    /** max_tokens for a Claude request: 4,096 or the logged answer's length if longer, capped at the model's maximum. */
    static long claudeMaxTokens(String model, long answer) {
        return Math.min(anthropicMaxOutput(model), Math.max(ANTHROPIC_MIN_MAX_TOKENS, answer));
    }

    /** Anthropic Messages body fields: model (when given), max_tokens, messages, system. */
    private static void claudeFields(JsonGenerator g, String model, long maxTokens, Conversation c, boolean textBlocks)
            throws IOException {
        if (model != null) {
            g.writeStringField("model", model);
        }
        g.writeNumberField("max_tokens", maxTokens);
        g.writeArrayFieldStart("messages");
        for (Turn t : c.turns()) {
            g.writeStartObject();
            g.writeStringField("role", t.assistant() ? "assistant" : "user");
            if (textBlocks) {
                g.writeArrayFieldStart("content");
                g.writeStartObject();
                g.writeStringField("type", "text");
                g.writeStringField("text", t.text());
                g.writeEndObject();
                g.writeEndArray();
            } else {
                g.writeStringField("content", t.text());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (!c.system().isEmpty()) {
            g.writeStringField("system", c.system());
        }
    }

    /** System messages become {@code system}; turns keep their order; empty text is dropped (the API rejects it). */
    private static String anthropic(String model, long answer, List<Message> messages) throws IOException {
        Conversation c = Conversation.of(messages);
        if (c.turns().isEmpty()) {
            return null;
        }
        return json(g -> {
            g.writeObjectFieldStart("params");
            claudeFields(g, model, claudeMaxTokens(model, answer), c, false);
            g.writeEndObject();
        });
    }

    /**
     * Bedrock InvokeModel body of a Claude model ({@code anthropic_version: bedrock-2023-05-31}); the model is named
     * when the job is created, so the body carries none.
     */
    private static String bedrockClaude(String model, long answer, List<Message> messages) throws IOException {
        Conversation c = Conversation.of(messages);
        if (c.turns().isEmpty()) {
            return null;
        }
        return json(g -> {
            g.writeObjectFieldStart("modelInput");
            g.writeStringField("anthropic_version", "bedrock-2023-05-31");
            claudeFields(g, null, claudeMaxTokens(model, answer), c, true);
            g.writeEndObject();
        });
    }

    /** Bedrock Converse request body: {@code messages: [{role, content: [{text}]}], system: [{text}]}. */
    private static String bedrockConverse(List<Message> messages) throws IOException {
        Conversation c = Conversation.of(messages);
        if (c.turns().isEmpty()) {
            return null;
        }
        return json(g -> {
            g.writeObjectFieldStart("modelInput");
            textTurns(g, c, "messages", "assistant", "content");
            if (!c.system().isEmpty()) {
                g.writeArrayFieldStart("system");
                g.writeStartObject();
                g.writeStringField("text", c.system());
                g.writeEndObject();
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /**
     * The turns as the array {@code arrayField} of {@code {role, <partsField>: [{text}]}}, an assistant's turn under
     * {@code assistantRole} (Bedrock Converse and Gemini write turns alike but for these names).
     */
    private static void textTurns(JsonGenerator g, Conversation c, String arrayField, String assistantRole, String partsField)
            throws IOException {
        g.writeArrayFieldStart(arrayField);
        for (Turn t : c.turns()) {
            g.writeStartObject();
            g.writeStringField("role", t.assistant() ? assistantRole : "user");
            g.writeArrayFieldStart(partsField);
            g.writeStartObject();
            g.writeStringField("text", t.text());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Gemini's {@code GenerateContentRequest}: roles user and model, system text as {@code system_instruction}. */
    private static void generateContent(JsonGenerator g, Conversation c, String systemField) throws IOException {
        g.writeObjectFieldStart("request");
        textTurns(g, c, "contents", "model", "parts");
        if (!c.system().isEmpty()) {
            g.writeObjectFieldStart(systemField);
            g.writeArrayFieldStart("parts");
            g.writeStartObject();
            g.writeStringField("text", c.system());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** Gemini API batch line (the key is added on write). */
    private static String gemini(List<Message> messages) throws IOException {
        Conversation c = Conversation.of(messages);
        return c.turns().isEmpty() ? null : json(g -> generateContent(g, c, "system_instruction"));
    }

    /** Vertex AI batch prediction line: {@code {request: GenerateContentRequest}} (Vertex spells it systemInstruction). */
    private static String vertex(List<Message> messages) throws IOException {
        Conversation c = Conversation.of(messages);
        return c.turns().isEmpty() ? null : json(g -> generateContent(g, c, "systemInstruction"));
    }

    @Override
    public void accept(LogRecord r) {
        String reason = r.derived(NOT_WRITTEN);
        if (reason != null) {
            notExported.merge(reason, r.count, Long::sum);
            return;
        }
        Prepared p = r.derived(LINE);
        if (p == null) {
            return;
        }
        try {
            targets.computeIfAbsent(p.api().id + '\u0000' + p.model(), k -> new Target(p.api(), p.model())).write(p, r.requestId);
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
        // every file written out first (a full disk shows here), so a failure renames none of them into place
        for (AtomicOutput.Pending p : pending) {
            p.finishWriting();
        }
        for (AtomicOutput.Pending p : pending) {
            created.own(p.target());
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
        // the reports' mapper: bidi, zero-width and C1 characters in names are written as \\uXXXX escapes (README), read back exact
        var mapper = io.techopt.report.JsonRenderer.mapper();
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
        var notes = root.putArray("notes");
        notes().forEach(notes::add);
        Path manifest = dir.resolve("manifest.json");
        created.own(manifest);
        AtomicOutput.write(manifest, w -> w.write(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n"));
        created.keep(); // the export is complete
    }

    /** What a user must know to submit the files, and why the requests not written were not. */
    public List<String> notes() {
        List<String> out = new ArrayList<>();
        notExported.forEach((k, v) -> {
            if (NO_BATCH_API.containsKey(k)) {
                out.add(k + ": " + v + " request(s) counted, not written: " + NO_BATCH_API.get(k) + ".");
            } else if (k.equals(NOT_TEXT)) {
                out.add(v + " request(s) with tool calls, tool results or images not written: messages are exported as text, "
                        + "and a text-only copy would be a different request.");
            } else if (k.equals("(no text)")) {
                out.add(v + " request(s) whose messages hold no text not written: the batch APIs reject empty messages.");
            } else if (PROVIDERS.get(k) == Api.VERTEX) {
                out.add(k + ": " + v + " request(s) counted, not written: only Gemini models' Vertex AI batch format is written "
                        + "here (Claude and open models on Vertex AI take other formats).");
            } else {
                out.add(k + ": " + v + " request(s) counted, not written: no batch API input format is written here for this provider.");
            }
        });
        Map<String, Long> perModel = new TreeMap<>();
        for (FileInfo f : files) {
            perModel.merge(f.api() + '\u0000' + f.model(), f.requests(), Long::sum);
        }
        perModel.forEach((k, n) -> {
            String api = k.substring(0, k.indexOf('\u0000'));
            String model = k.substring(k.indexOf('\u0000') + 1);
            if (api.startsWith("bedrock") && n < BEDROCK_MIN_RECORDS) {
                out.add(api + " " + model + ": " + n + " record(s); a Bedrock batch inference job needs at least "
                        + BEDROCK_MIN_RECORDS + " (default quota), so send these on demand or add records.");
            }
            if (api.equals(Api.AZURE.id) && !deployments.containsValue(model)) {
                out.add("azure " + model + ": body.model is the logged name; Azure OpenAI needs the name of a global batch "
                        + "deployment there: if yours differs, rerun with --batch-deployment " + model + "=DEPLOYMENT.");
            }
        });
        if (files.stream().anyMatch(f -> f.api().equals(Api.BEDROCK_CONVERSE.id))) {
            out.add("bedrock-converse files: create their jobs with the Converse invocation type (bedrock files: InvokeModel, the default).");
        }
        if (files.stream().anyMatch(f -> f.api().equals(Api.VERTEX.id))) {
            out.add("vertex files carry no request id: Vertex AI writes each request beside its response.");
        }
        return out;
    }

    /** One line for stderr: what was written where, and what no batch API here takes. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(written).append(" batchable requests written to ").append(files.size()).append(" file(s) in ").append(dir);
        if (!notExported.isEmpty()) {
            sb.append("; not exported (by provider without a batch API format written here, or reason): ");
            List<String> parts = new ArrayList<>();
            notExported.forEach((k, v) -> parts.add(k + " " + v + (NO_BATCH_API.containsKey(k) ? " (no batch API)" : "")));
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
