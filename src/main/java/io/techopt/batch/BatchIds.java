package io.techopt.batch;

import io.techopt.core.PromptKey;
import io.techopt.core.Redactor;

import java.util.regex.Pattern;

/** Each request's id in a batch file as the API accepts it: the logged id, or a stable hash when it does not fit or carries a secret. */
final class BatchIds {
    private static final Pattern ANTHROPIC_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern BEDROCK_ID = Pattern.compile("[A-Za-z0-9]{1,64}");

    private BatchIds() {
    }

    /** The id a request of {@code api} is written under ({@code ""} for Vertex AI, which echoes the request instead). */
    static String of(BatchApi api, String id) {
        return switch (api) {
            case OPENAI, AZURE, GROQ, MISTRAL, GEMINI -> safeId(id);
            case ANTHROPIC -> anthropicId(id);
            case BEDROCK, BEDROCK_CONVERSE -> bedrockId(id);
            case VERTEX -> "";
        };
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
    static String freshId(BatchApi api, String seed) {
        return api == BatchApi.BEDROCK || api == BatchApi.BEDROCK_CONVERSE ? alnumId(seed) : hashedId(seed);
    }
}
