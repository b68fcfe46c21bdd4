package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.core.LogRecord;
import io.techopt.core.Usage;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Recorded provider HTTP interactions, one a line: the responses of a VCR cassette (vcrpy, as OpenLLMetry's tests
 * record them) with their raw usage, {@code {cassette, interaction, method, host, path, status, date, request_model,
 * response_model, stream, usage}}. Each interaction is one request: its model as the provider answered, its time the
 * response's Date header (RFC 1123), its provider by host, its usage in the provider's own shape, wrapped under its
 * key ({@code usage}, {@code meta}, {@code usageMetadata}, …) or as a stream's events ({@link UsageNormalizer}); an
 * HTTP status of 400 or more is an error. An interaction whose usage holds no token counts (a rerank's search units,
 * a vector store's read units) is no LLM request: the line is ignored.
 */
public final class CassetteFormat implements TreeFormat {
    @Override
    public void mapOne(JsonNode n, List<LogRecord> out) throws BadInputException {
        if (!n.isObject()) {
            throw new BadInputException("a recorded interaction must be a JSON object");
        }
        Usage usage = UsageNormalizer.normalize(n.get("usage"));
        if (usage == null) {
            return; // no tokens to price: not an LLM request
        }
        LogRecord.Builder r = new LogRecord.Builder();
        r.model = Nodes.firstText(n, "response_model", "request_model");
        if (r.model == null) {
            r.model = modelInPath(Nodes.text(n, "path"));
        }
        String date = Nodes.text(n, "date");
        if (date == null) {
            throw new BadInputException("recorded interaction has no 'date' (its response had no Date header): it "
                    + "cannot be dated, so it is not counted");
        }
        try {
            r.timestampMs = ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            r.timestampMs = Timestamps.parse(date); // an ISO-8601 date, or the error naming the forms read
        }
        r.provider = provider(Nodes.text(n, "host"));
        String cassette = Nodes.text(n, "cassette");
        r.requestId = cassette == null ? null : cassette + "#" + n.path("interaction").asText("");
        int status = n.path("status").asInt(200);
        r.error = status >= 400;
        r.errorText = r.error ? "HTTP " + status : null;
        r.usage = usage;
        out.add(r.build());
    }

    /**
     * The model an API names in its request path when the body does not: Bedrock's {@code /model/{modelId}/invoke}
     * (or {@code /converse}, URL-encoded) and Gemini's {@code /v1beta/models/{model}:generateContent}; else null.
     */
    static String modelInPath(String path) {
        if (path == null) {
            return null;
        }
        String p = path;
        int q = p.indexOf('?');
        p = q < 0 ? p : p.substring(0, q);
        int at = p.indexOf("/model/");
        String model = null;
        if (at >= 0) {
            int end = p.indexOf('/', at + 7);
            model = p.substring(at + 7, end < 0 ? p.length() : end);
        } else if ((at = p.indexOf("/models/")) >= 0) {
            int end = p.indexOf(':', at + 8);
            int slash = p.indexOf('/', at + 8);
            end = end < 0 ? slash : slash < 0 ? end : Math.min(end, slash);
            model = p.substring(at + 8, end < 0 ? p.length() : end);
        }
        if (model == null || model.isBlank()) {
            return null;
        }
        try {
            return java.net.URLDecoder.decode(model.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return model;
        }
    }

    /** The provider a host serves, for the price book (null: a local or unknown server; the model alone decides). */
    static String provider(String host) {
        if (host == null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.indexOf(':');
        h = colon < 0 ? h : h.substring(0, colon);
        if (h.endsWith(".openai.azure.com")) {
            return "azure";
        }
        if (h.startsWith("bedrock-runtime.") || h.startsWith("bedrock.")) {
            return "bedrock";
        }
        return switch (h) {
            case "api.openai.com" -> "openai";
            case "api.anthropic.com" -> "anthropic";
            case "api.cohere.com", "api.cohere.ai" -> "cohere";
            case "api.groq.com" -> "groq";
            case "api.mistral.ai" -> "mistral";
            case "api.together.xyz" -> "together_ai";
            case "api.deepseek.com" -> "deepseek";
            case "generativelanguage.googleapis.com" -> "gemini";
            case "api.voyageai.com" -> "voyage";
            default -> null;
        };
    }
}
