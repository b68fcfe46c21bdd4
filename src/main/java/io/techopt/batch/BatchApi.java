package io.techopt.batch;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A provider batch API techopt writes input for, with its per-file limits and the field naming each request; and which
 * of them a request goes to, by its provider, router prefix or model name ({@link #of}).
 */
public enum BatchApi {
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

    BatchApi(String id, int maxRequests, long maxBytes, String idField) {
        this.id = id;
        this.maxRequests = maxRequests;
        this.maxBytes = maxBytes;
        this.idField = idField;
    }

    private static final Pattern OPENAI_MODEL = Pattern.compile("(gpt-|chatgpt-|o[1-9]).*");
    private static final Pattern MISTRAL_MODEL = Pattern.compile("(mistral|ministral|codestral|pixtral|magistral|devstral|open-mistral|open-mixtral).*");

    /** Provider names (as logs, LiteLLM prefixes and OpenTelemetry's gen_ai.system spell them) of each batch API. */
    private static final Map<String, BatchApi> PROVIDERS = Map.ofEntries(
            Map.entry("openai", OPENAI),
            Map.entry("azure", AZURE), Map.entry("azure_openai", AZURE), Map.entry("azure-openai", AZURE),
            Map.entry("az.ai.openai", AZURE),
            Map.entry("groq", GROQ),
            Map.entry("anthropic", ANTHROPIC),
            Map.entry("google", GEMINI), Map.entry("gemini", GEMINI), Map.entry("gcp.gemini", GEMINI),
            Map.entry("vertex_ai", VERTEX), Map.entry("vertex", VERTEX), Map.entry("vertex_ai_beta", VERTEX),
            Map.entry("google_vertex", VERTEX), Map.entry("vertexai", VERTEX), Map.entry("gcp.vertex_ai", VERTEX),
            Map.entry("mistral", MISTRAL), Map.entry("mistralai", MISTRAL), Map.entry("mistral_ai", MISTRAL),
            Map.entry("bedrock", BEDROCK), Map.entry("aws.bedrock", BEDROCK), Map.entry("aws_bedrock", BEDROCK),
            Map.entry("bedrock_converse", BEDROCK), Map.entry("amazon-bedrock", BEDROCK));

    /** Why a provider's requests are counted, not written (keyed like BatchExporter#notExported). */
    static final Map<String, String> NO_BATCH_API = Map.of(
            "deepseek", "DeepSeek has no batch API (it discounts off-peak hours instead)");

    /**
     * The batch API of a request: from its provider, else from the model's router prefix or name; null when none is
     * written. Vertex AI's batch prediction written here is Gemini's; Bedrock's is Claude's own body, else Converse.
     */
    static BatchApi of(String provider, String model) {
        String p = provider == null ? "" : provider.toLowerCase(Locale.ROOT).trim();
        String m = bareModel(model).toLowerCase(Locale.ROOT);
        String prefix = model.contains("/") ? model.substring(0, model.indexOf('/')).toLowerCase(Locale.ROOT) : "";
        BatchApi a = PROVIDERS.get(p);
        if (a == null && p.isEmpty()) {
            a = PROVIDERS.get(prefix);
            if (a == null && prefix.isEmpty()) {
                a = OPENAI_MODEL.matcher(m).matches() ? OPENAI : m.startsWith("claude") ? ANTHROPIC
                        : m.startsWith("gemini") ? GEMINI : MISTRAL_MODEL.matcher(m).matches() ? MISTRAL : null;
            }
        }
        if (a == VERTEX && !m.startsWith("gemini")) {
            return null; // Claude, Llama … on Vertex AI take other batch formats, not written here
        }
        if (a == BEDROCK && !isClaude(m)) {
            return BEDROCK_CONVERSE;
        }
        return a;
    }

    /** The batch API a provider name (lower case, as {@link #of} reads it) names, or null. */
    static BatchApi ofProvider(String provider) {
        return PROVIDERS.get(provider);
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
}
