package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.core.LogRecord;
import io.techopt.core.Usage;

import java.util.List;

/**
 * OpenAI chat-completion / Responses API objects, and OpenAI or Azure Batch API output lines
 * ({@code {custom_id, response: {status_code, body}}}), which are billed at batch rates.
 */
public final class OpenAiFormat implements TreeFormat {
    @Override
    public void mapOne(JsonNode n, List<LogRecord> out) throws BadInputException {
        if (n.has("custom_id") && n.has("response")) {
            out.add(batchLine(n).build());
            return;
        }
        out.add(completion(n).build()); // without usage, ingest counts tokens from the text
    }

    private LogRecord.Builder batchLine(JsonNode n) throws BadInputException {
        JsonNode resp = n.get("response");
        JsonNode body = resp == null || resp.isNull() ? null : resp.get("body");
        if (body == null && n.hasNonNull("error")) {
            // the provider never ran it (expired, canceled, invalid): nothing billed, no model or time to read
            JsonNode e = n.get("error");
            String why = e.isObject() ? Nodes.firstText(e, "code", "type") : e.isTextual() ? e.asText() : null;
            throw new BadInputException("batch request failed: " + (why == null ? "(no error code)" : why) + "; not billed");
        }
        int code = (int) Nodes.number(resp, "status_code");
        if (body != null && body.isObject() && !body.has("created") && !body.has("created_at") && (code >= 400 || body.has("error"))) {
            // the provider answered with an error: no model, time or usage to read (and nothing billed)
            throw new BadInputException("errored batch request" + (code >= 400 ? " (HTTP " + code + ")" : "") + ": no completion to read");
        }
        LogRecord.Builder r = body != null && body.isObject() ? completion(body) : new LogRecord.Builder();
        r.batch = true;
        r.requestId = Nodes.firstText(n, "id", "custom_id");
        int status = (int) Nodes.number(resp, "status_code");
        boolean failed = (n.hasNonNull("error")) || status >= 400 || body == null || r.usage == null;
        if (failed) {
            r.error = true;
            r.errorText = n.hasNonNull("error") ? Messages.contentText(n.path("error").path("message"))
                    : status >= 400 ? "HTTP " + status : "no response body";
            if (r.usage == null) {
                r.usage = Usage.ZERO; // a failed batch request is not billed
            }
        }
        if (body != null && (body.has("prompt_filter_results") || body.path("choices").path(0).has("content_filter_results"))) {
            r.provider = "azure";
        }
        return r;
    }

    private LogRecord.Builder completion(JsonNode b) throws BadInputException {
        LogRecord.Builder r = new LogRecord.Builder();
        r.model = Nodes.text(b, "model");
        r.provider = "openai";
        r.requestId = Nodes.text(b, "id");
        long t = Nodes.time(b.has("created") ? b.get("created") : b.get("created_at"));
        if (t == Long.MIN_VALUE) {
            throw new BadInputException("response has no 'created' time");
        }
        r.timestampMs = t;
        r.usage = UsageNormalizer.normalize(b.get("usage"));
        JsonNode choices = b.get("choices");
        if (choices != null && choices.size() > 0) {
            JsonNode c0 = choices.get(0);
            r.response = Messages.contentText(c0.has("message") ? c0.path("message").get("content") : c0.get("text"));
        } else if (b.has("output_text")) {
            r.response = b.get("output_text").asText();
        }
        if ("failed".equals(Nodes.text(b, "status"))) {
            r.error = true;
        }
        return r;
    }
}
