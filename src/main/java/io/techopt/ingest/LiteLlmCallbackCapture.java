package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.core.LogRecord;
import io.techopt.core.Usage;

import java.util.List;

/**
 * The kwargs a LiteLLM callback receives (what its OpenTelemetry integration is given, captured as JSON):
 * snake_case {@code start_time}, {@code end_time}, {@code api_call_start_time}, {@code response_cost}, {@code model},
 * {@code messages}, {@code litellm_params}, and usually a nested {@code standard_logging_object}.
 * <p>The request is the standard logging object when there is one (a StandardLoggingPayload: epoch times, usage,
 * cost), its gaps filled from the kwargs; else the kwargs alone, usage from the provider's {@code original_response}.
 * <p>For the latency map it becomes the spans LiteLLM's OpenTelemetry integration emits for the call:
 * {@code litellm_request} (named after metadata.generation_name when set, carrying the gen_ai usage: the priced call)
 * and its child {@code raw_gen_ai_request}, both from the callback's start_time to its end_time. The kwargs' times
 * are the LiteLLM host's naive local time; the host's UTC offset is the difference between the naive end_time and the
 * standard logging object's epoch endTime (to the quarter hour), else they are read as UTC.
 */
final class LiteLlmCallbackCapture {
    static final String REQUEST_SPAN = "litellm_request";
    static final String RAW_SPAN = "raw_gen_ai_request";
    private static final long QUARTER_HOUR_US = 900_000_000L;
    private static final long MAX_OFFSET_US = 14 * 3600 * 1_000_000L;

    private final LiteLlmFormat format;
    private final JsonNode kwargs;
    private final JsonNode slo;

    LiteLlmCallbackCapture(LiteLlmFormat format, JsonNode kwargs) {
        this.format = format;
        this.kwargs = kwargs;
        JsonNode s = kwargs.get("standard_logging_object");
        this.slo = s != null && s.isObject() && !s.isEmpty() ? s : null;
    }

    /** Callback kwargs rather than a StandardLoggingPayload or spend-log row (which have camelCase startTime). */
    static boolean is(JsonNode n) {
        if (!n.isObject() || n.has("startTime")) {
            return false;
        }
        JsonNode s = n.get("standard_logging_object");
        return (s != null && s.isObject()) || (n.has("start_time") && n.has("litellm_params"));
    }

    void map(List<LogRecord> out, List<Span> spans) throws BadInputException {
        // the spans' naive times first: the request's own time, read last, is what the reader's offset check sees
        long[] times = spans == null ? null : spanTimesNs();
        LogRecord r = (slo != null ? fromStandardLoggingObject() : fromKwargs()).build();
        out.add(r);
        if (spans != null) {
            spans.addAll(spans(times, r));
        }
    }

    private LogRecord.Builder fromStandardLoggingObject() throws BadInputException {
        LogRecord.Builder r = format.record(slo);
        if (Double.isNaN(r.loggedCostUsd)) {
            r.loggedCostUsd = Nodes.number(kwargs, "response_cost");
        }
        if (r.usage == null) {
            r.usage = providerUsage();
        }
        if (r.provider == null) {
            r.provider = provider();
        }
        if (r.messages == null) {
            r.messages = Messages.fromNode(kwargs.get("messages"));
            r.nonTextContent = Messages.hasNonText(kwargs.get("messages"));
        }
        if (r.model == null) {
            r.model = LiteLlmFormat.withoutArn(Nodes.text(kwargs, "model"));
        }
        return r;
    }

    private LogRecord.Builder fromKwargs() throws BadInputException {
        LogRecord.Builder r = new LogRecord.Builder();
        r.model = LiteLlmFormat.withoutArn(Nodes.text(kwargs, "model"));
        long start = Nodes.time(kwargs.get("start_time"));
        if (start == Long.MIN_VALUE) {
            throw new BadInputException("LiteLLM callback record has neither a standard_logging_object nor 'start_time'");
        }
        r.timestampMs = start;
        long startUs = LiteLlmFormat.micros(kwargs.get("start_time")), endUs = LiteLlmFormat.micros(kwargs.get("end_time"));
        if (startUs >= 0 && endUs >= startUs) {
            r.latencyMs = (endUs - startUs) / 1000.0;
        }
        r.provider = provider();
        r.requestId = Nodes.firstText(kwargs, "litellm_call_id");
        JsonNode params = kwargs.path("litellm_params");
        JsonNode meta = params.path("metadata");
        r.user = LiteLlmFormat.firstNonBlank(Nodes.text(kwargs, "user"), Nodes.text(meta, "user_api_key_user_id"),
                Nodes.text(meta, "user_api_key_end_user_id"));
        r.team = LiteLlmFormat.firstNonBlank(Nodes.text(meta, "user_api_key_team_alias"),
                Nodes.text(meta, "user_api_key_team_id"));
        r.sessionId = LiteLlmFormat.firstNonBlank(Nodes.text(params, "litellm_session_id"),
                Nodes.text(params, "litellm_trace_id"), Nodes.text(kwargs, "litellm_trace_id"));
        JsonNode exception = kwargs.get("exception");
        r.error = exception != null && !exception.isNull();
        r.errorText = r.error ? exception.asText() : null;
        r.loggedCostUsd = Nodes.number(kwargs, "response_cost");
        r.messages = Messages.fromNode(kwargs.get("messages"));
        r.nonTextContent = Messages.hasNonText(kwargs.get("messages"));
        r.usage = providerUsage();
        JsonNode cacheHit = kwargs.get("cache_hit");
        if (cacheHit != null && (cacheHit.isBoolean() ? cacheHit.asBoolean() : "true".equalsIgnoreCase(cacheHit.asText()))) {
            r.usage = Usage.ZERO; // served by LiteLLM's own cache
        }
        return r; // usage null: ingest counts tokens from the text
    }

    /** The provider's own usage in {@code original_response} (LiteLLM keeps the raw response text), or null. */
    private Usage providerUsage() throws BadInputException {
        JsonNode raw = format.json(kwargs.get("original_response"));
        if (raw == null || !raw.isObject()) {
            return null;
        }
        JsonNode u = raw.get("usage");
        return u != null && u.isObject() && !u.isEmpty() ? UsageNormalizer.normalize(u) : null;
    }

    private String provider() {
        return LiteLlmFormat.firstNonBlank(Nodes.text(kwargs, "custom_llm_provider"),
                Nodes.text(kwargs, "litellm_params", "custom_llm_provider"));
    }

    /**
     * The callback's start_time and end_time in epoch nanoseconds (the host's offset applied), or null when they
     * cannot be read (then the standard logging object's epoch startTime and endTime, if any).
     */
    private long[] spanTimesNs() {
        long startUs = LiteLlmFormat.micros(kwargs.get("start_time")), endUs = LiteLlmFormat.micros(kwargs.get("end_time"));
        long sloStartUs = slo == null ? -1 : epochMicros(slo.get("startTime"));
        long sloEndUs = slo == null ? -1 : epochMicros(slo.get("endTime"));
        if (startUs < 0 || endUs < 0) {
            return sloStartUs < 0 || sloEndUs < 0 ? null : new long[]{sloStartUs * 1000, sloEndUs * 1000};
        }
        long offsetUs = 0;
        if (naive(kwargs.get("end_time")) && sloEndUs >= 0) {
            long diff = sloEndUs - endUs;
            long quarters = Math.round(diff / (double) QUARTER_HOUR_US);
            long residual = diff - quarters * QUARTER_HOUR_US;
            if (Math.abs(quarters * QUARTER_HOUR_US) <= MAX_OFFSET_US && Math.abs(residual) < 1_000_000L) {
                offsetUs = quarters * QUARTER_HOUR_US;
            }
        }
        return new long[]{(startUs + offsetUs) * 1000, (endUs + offsetUs) * 1000};
    }

    /** Text with no zone or offset (Python's str(datetime) of a naive datetime). */
    private static boolean naive(JsonNode v) {
        if (v == null || !v.isTextual()) {
            return false;
        }
        String s = v.asText();
        int t = Math.max(s.indexOf('T'), s.indexOf(' '));
        String time = t < 0 ? "" : s.substring(t + 1);
        return !time.isEmpty() && !time.endsWith("Z") && !time.endsWith("z") && !time.contains("+") && !time.contains("-");
    }

    /** Epoch seconds (a float) to microseconds, rounded; -1 when not a number. */
    private static long epochMicros(JsonNode v) {
        if (v == null || !v.isNumber()) {
            return -1;
        }
        double us = v.asDouble() * 1e6;
        return Double.isFinite(us) && us >= 0 && us < Long.MAX_VALUE / 1000.0 ? Math.round(us) : -1;
    }

    private List<Span> spans(long[] times, LogRecord call) {
        JsonNode params = kwargs.path("litellm_params");
        String callId = LiteLlmFormat.firstNonBlank(Nodes.text(kwargs, "litellm_call_id"), Nodes.text(params, "litellm_call_id"),
                slo == null ? null : Nodes.text(slo, "id"));
        if (times == null || callId == null) {
            return List.of(Span.malformed("LiteLLM callback record has no readable start_time and end_time, or no "
                    + "litellm_call_id: not mapped as spans"));
        }
        String traceId = LiteLlmFormat.firstNonBlank(Nodes.text(params, "litellm_trace_id"),
                Nodes.text(kwargs, "litellm_trace_id"), slo == null ? null : Nodes.text(slo, "trace_id"), callId);
        String parent = null;
        // a W3C traceparent header sent to the proxy: LiteLLM's span joins that trace, under the caller's span
        String traceparent = Nodes.text(params, "proxy_server_request", "headers", "traceparent");
        if (traceparent != null) {
            String[] p = traceparent.trim().split("-");
            if (p.length >= 4 && p[1].matches("[0-9a-f]{32}") && p[2].matches("[0-9a-f]{16}")) {
                traceId = p[1];
                parent = p[2];
            }
        }
        String generationName = Nodes.text(params, "metadata", "generation_name");
        String operation = slo != null && Nodes.text(slo, "call_type") != null ? Nodes.text(slo, "call_type")
                : Nodes.text(kwargs, "call_type");
        if ("completion".equals(operation) || operation == null) {
            operation = "chat"; // as LiteLLM sets gen_ai.operation.name
        }
        String requestId = callId + "/" + REQUEST_SPAN;
        Span request = new Span(null, 0, traceId, requestId, parent, times[0], times[1],
                generationName != null ? generationName : REQUEST_SPAN, 1, operation, null, null, null, call, null);
        // LiteLLM sets no gen_ai.operation.name on the raw span; it is the provider call itself, so it gets its parent's
        // (a generation_name replaces the name that would otherwise say so)
        Span raw = new Span(null, 0, traceId, callId + "/" + RAW_SPAN, requestId, times[0], times[1],
                generationName != null ? generationName : RAW_SPAN, 1, operation, null, null, null, null, null);
        return List.of(request, raw);
    }
}
