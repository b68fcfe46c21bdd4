package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.techopt.core.LogRecord;
import io.techopt.core.Usage;

import java.util.List;

/**
 * LiteLLM {@code StandardLoggingPayload} objects, {@code LiteLLM_SpendLogs} rows (JSON or JSONL), and the kwargs a
 * LiteLLM callback receives ({@link LiteLlmCallbackCapture}: its OpenTelemetry integration's input, read with its
 * nested standard logging object and mapped as the spans that integration emits).
 */
public final class LiteLlmFormat implements TreeFormat {
    private final ObjectMapper mapper;

    public LiteLlmFormat(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void map(JsonNode node, List<LogRecord> out, List<Span> spans) throws BadInputException {
        if (node.isArray()) {
            for (JsonNode e : node) {
                mapOne(e, out, spans);
            }
        } else {
            mapOne(node, out, spans);
        }
    }

    @Override
    public void mapOne(JsonNode n, List<LogRecord> out) throws BadInputException {
        mapOne(n, out, null);
    }

    private void mapOne(JsonNode n, List<LogRecord> out, List<Span> spans) throws BadInputException {
        if (LiteLlmCallbackCapture.is(n)) {
            new LiteLlmCallbackCapture(this, n).map(out, spans);
        } else {
            out.add(record(n).build());
        }
    }

    /** One StandardLoggingPayload or spend-log row as a request. */
    LogRecord.Builder record(JsonNode n) throws BadInputException {
        LogRecord.Builder r = new LogRecord.Builder();
        r.model = Nodes.text(n, "model");
        long start = Nodes.time(n.get("startTime"));
        if (start == Long.MIN_VALUE) {
            throw new BadInputException("LiteLLM record has no 'startTime'");
        }
        r.timestampMs = start;
        long startUs = micros(n.get("startTime")), endUs = micros(n.get("endTime"));
        if (startUs >= 0 && endUs >= startUs) {
            r.latencyMs = (endUs - startUs) / 1000.0;
        }
        r.provider = Nodes.text(n, "custom_llm_provider");
        r.requestId = Nodes.firstText(n, "request_id", "id");
        JsonNode meta = json(n.get("metadata"));
        r.user = firstNonBlank(Nodes.text(n, "user"), Nodes.text(meta, "user_api_key_user_id"),
                Nodes.text(n, "end_user"), Nodes.text(meta, "user_api_key_end_user_id"));
        r.team = firstNonBlank(Nodes.text(meta, "user_api_key_team_alias"), Nodes.text(n, "team_id"),
                Nodes.text(meta, "user_api_key_team_id"));
        r.sessionId = firstNonBlank(Nodes.text(n, "session_id"), Nodes.text(n, "trace_id"));
        String status = Nodes.text(n, "status");
        r.error = status != null && !status.equalsIgnoreCase("success");
        r.errorText = firstNonBlank(Nodes.text(n, "error_str"), Nodes.text(n, "error_information", "error_message"));
        double cost = Nodes.number(n, "response_cost");
        r.loggedCostUsd = Double.isNaN(cost) ? Nodes.number(n, "spend") : cost;
        JsonNode messages = json(n.get("messages"));
        r.messages = Messages.fromNode(messages);
        r.nonTextContent = Messages.hasNonText(messages);
        JsonNode response = json(n.get("response"));
        if (response != null && response.isObject() && response.has("choices")) {
            JsonNode c0 = response.path("choices").path(0);
            r.response = Messages.contentText(c0.path("message").get("content"));
        } else if (response != null && response.isTextual()) {
            r.response = response.asText();
        }
        // The most detailed usage wins: the response's own, then the spend log's usage_object, then the flat counts.
        Usage u = response != null ? UsageNormalizer.normalize(response.get("usage")) : null;
        if (u == null && meta != null) {
            u = UsageNormalizer.normalize(meta.get("usage_object"));
        }
        if (u == null && (n.has("prompt_tokens") || n.has("completion_tokens"))) {
            u = UsageNormalizer.normalize(n);
        } else if (u != null && (n.has("prompt_tokens") || n.has("completion_tokens"))) {
            // the detailed usage wins; flat counts that say otherwise (or cannot be read) are counted and warned about
            r.conflictingTokens = !flatAgrees(n, u);
        }
        if (isTrue(n.get("cache_hit"))) {
            u = Usage.ZERO; // served by LiteLLM's own cache: no provider call was billed
        }
        r.usage = u; // null: ingest counts tokens from the text
        r.model = withoutArn(r.model);
        return r;
    }

    /**
     * A Bedrock ARN names the AWS account and region: the model is its last part (the inference profile or model
     * id), which is also what the price book resolves it by.
     */
    static String withoutArn(String model) {
        if (model != null && model.startsWith("arn:") && model.indexOf('/') > 0 && model.lastIndexOf('/') < model.length() - 1) {
            return model.substring(model.lastIndexOf('/') + 1);
        }
        return model;
    }

    /** The flat prompt_tokens (cache included) and completion_tokens say what the detailed usage says. */
    private static boolean flatAgrees(JsonNode n, Usage u) {
        try {
            long prompt = u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens() + u.cacheWrite1hTokens();
            boolean promptOk = !n.has("prompt_tokens") || n.get("prompt_tokens").isNull()
                    || UsageNormalizer.num(n, "prompt_tokens") == prompt;
            boolean completionOk = !n.has("completion_tokens") || n.get("completion_tokens").isNull()
                    || UsageNormalizer.num(n, "completion_tokens") == u.outputTokens();
            return promptOk && completionOk;
        } catch (BadInputException e) {
            return false;
        }
    }

    private static boolean isTrue(JsonNode v) {
        return v != null && (v.isBoolean() ? v.asBoolean() : "true".equalsIgnoreCase(v.asText()));
    }

    /** Epoch microseconds: LiteLLM times carry them, and latency should keep them. -1 when absent. */
    static long micros(JsonNode v) {
        if (v == null || v.isNull()) {
            return -1;
        }
        if (v.isNumber()) {
            return (long) (v.asDouble() * 1_000_000L);
        }
        String s = v.asText();
        try {
            long ms = Timestamps.parse(s);
            int dot = s.indexOf('.');
            long subMicros = 0;
            if (dot > 0) {
                String frac = s.substring(dot + 1).replaceAll("[^0-9].*$", "");
                if (frac.length() > 3) {
                    String us = (frac + "000").substring(3, 6);
                    subMicros = Long.parseLong(us);
                }
            }
            return ms * 1000 + subMicros;
        } catch (BadInputException | NumberFormatException e) {
            return -1;
        }
    }

    /** Spend logs store metadata, messages and response as JSON text. */
    JsonNode json(JsonNode v) {
        if (v != null && v.isTextual()) {
            String s = v.asText().trim();
            if (s.startsWith("{") || s.startsWith("[")) {
                try {
                    return mapper.readTree(s);
                } catch (Exception e) {
                    return v;
                }
            }
        }
        return v;
    }

    static String firstNonBlank(String... s) {
        for (String x : s) {
            if (x != null && !x.isBlank()) {
                return x;
            }
        }
        return null;
    }
}
