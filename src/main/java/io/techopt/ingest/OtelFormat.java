package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.core.LogRecord;
import io.techopt.core.Message;

import java.util.ArrayList;
import java.util.List;

/** OTLP JSON traces: every span carrying {@code gen_ai.*} usage attributes becomes one request. */
public final class OtelFormat implements TreeFormat {
    private final ObjectMapper mapper;

    public OtelFormat(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void mapOne(JsonNode n, List<LogRecord> out) throws BadInputException {
        mapOne(n, out, null);
    }

    @Override
    public void map(JsonNode node, List<LogRecord> out, List<Span> spans) throws BadInputException {
        map(node, out, spans, null);
    }

    /**
     * {@link #map} that, with {@code parts}, places each request at its span's JSON pointer and skips a span whose
     * request cannot be mapped (listed there with the reason) instead of failing the document: an exporter sends up
     * to 512 spans a line, and one odd span must not cost the others.
     */
    void map(JsonNode node, List<LogRecord> out, List<Span> spans, BatchParts parts) throws BadInputException {
        if (node.isArray()) {
            int i = 0;
            for (JsonNode e : node) {
                mapOne(e, out, spans, "/" + i++, parts);
            }
        } else {
            mapOne(node, out, spans, "", parts);
        }
    }

    /** Every span carrying gen_ai usage becomes a request; with {@code spans}, every span is also listed there. */
    private void mapOne(JsonNode n, List<LogRecord> out, List<Span> spans) throws BadInputException {
        mapOne(n, out, spans, "", null);
    }

    /** {@code at}: the document's JSON pointer to {@code n}, so a malformed span can say where it is. */
    private void mapOne(JsonNode n, List<LogRecord> out, List<Span> spans, String at, BatchParts parts)
            throws BadInputException {
        boolean wrapped = n.has("resourceSpans");
        JsonNode resourceSpans = wrapped ? n.get("resourceSpans") : JsonNodeFactory.instance.arrayNode().add(n);
        int ri = 0;
        for (JsonNode rs : resourceSpans) {
            ObjectNode resource = attributes(rs.path("resource").path("attributes"));
            String rsAt = wrapped ? at + "/resourceSpans/" + ri++ : at;
            int si = 0;
            for (JsonNode ss : rs.path("scopeSpans")) {
                String ssAt = rsAt + "/scopeSpans/" + si++;
                int ki = 0;
                for (JsonNode span : ss.path("spans")) {
                    String spanAt = ssAt + "/spans/" + ki++;
                    ObjectNode a = attributes(span.path("attributes"));
                    LogRecord call = null;
                    if (a.has("gen_ai.usage.input_tokens") || a.has("gen_ai.usage.output_tokens")
                            || a.has("gen_ai.usage.prompt_tokens")) {
                        try {
                            call = span(span, a, resource).build(); // else not an LLM call span
                        } catch (BadInputException e) {
                            if (parts == null) {
                                throw e;
                            }
                            parts.skip(spanAt, e.getMessage()); // its time still goes on the map, as a call of unknown cost
                        }
                        if (call != null) {
                            out.add(call);
                            if (parts != null) {
                                parts.place(call, spanAt);
                            }
                        }
                    }
                    if (spans != null) {
                        spans.add(traceSpan(span, a, call, spanAt));
                    }
                }
            }
        }
    }

    /** The span's timing and links for the latency map; a span missing them is listed as malformed with the reason. */
    private static Span traceSpan(JsonNode span, ObjectNode a, LogRecord call, String at) {
        String trace = Nodes.text(span, "traceId"), id = Nodes.text(span, "spanId");
        if (trace == null || trace.isBlank() || id == null || id.isBlank()) {
            return Span.malformed("span has no traceId or spanId", at);
        }
        long start, end;
        try {
            start = nanos(span.get("startTimeUnixNano"));
            end = nanos(span.get("endTimeUnixNano"));
        } catch (BadInputException e) {
            return Span.malformed(e.getMessage(), at);
        }
        if (start < 0 || end < 0) {
            return Span.malformed("span has no " + (start < 0 ? "startTimeUnixNano" : "endTimeUnixNano"), at);
        }
        String parent = Nodes.text(span, "parentSpanId");
        return new Span(null, 0, trace, id, parent == null || parent.isBlank() ? null : parent, start, end,
                Nodes.text(span, "name"), span.path("kind").isInt() ? span.get("kind").asInt() : kind(span.path("kind").asText("")),
                Nodes.text(a, "gen_ai.operation.name"), null, Nodes.text(a, "gen_ai.tool.name"),
                Nodes.firstText(a, "db.system", "db.system.name"), call, null,
                Nodes.firstText(a, "gen_ai.provider.name", "gen_ai.system"));
    }

    /** SpanKind written as its enum name (SPAN_KIND_CLIENT), as some exporters do. */
    private static int kind(String k) {
        return switch (k) {
            case "SPAN_KIND_INTERNAL" -> 1;
            case "SPAN_KIND_SERVER" -> 2;
            case "SPAN_KIND_CLIENT" -> 3;
            case "SPAN_KIND_PRODUCER" -> 4;
            case "SPAN_KIND_CONSUMER" -> 5;
            default -> 0;
        };
    }

    private LogRecord.Builder span(JsonNode span, ObjectNode a, ObjectNode resource) throws BadInputException {
        LogRecord.Builder r = new LogRecord.Builder();
        r.model = Nodes.firstText(a, "gen_ai.response.model", "gen_ai.request.model");
        long startNs = nanos(span.get("startTimeUnixNano"));
        if (startNs < 0) {
            throw new BadInputException("span has no startTimeUnixNano");
        }
        r.timestampMs = startNs / 1_000_000L;
        long endNs = nanos(span.get("endTimeUnixNano"));
        if (endNs >= startNs) {
            r.latencyMs = (endNs - startNs) / 1e6; // exact: nanosecond epochs do not fit a double
        }
        r.provider = Nodes.firstText(a, "gen_ai.provider.name", "gen_ai.system");
        // a span id is unique only within its trace (some tracers number spans 1, 2, … per trace), and a response id
        // is not unique across traces either (Ollama's OpenAI API draws chatcmpl-0..998): a call exported twice lives
        // in one trace, so both keys are taken within the trace, and distinct traces never merge
        // (two spans of one trace under one response id are one call only when they overlap or nest: ResponseIdCalls)
        String trace = Nodes.text(span, "traceId"), responseId = Nodes.firstText(a, "gen_ai.response.id");
        if (responseId != null) {
            r.requestId = responseKey(trace, responseId);
        } else {
            String id = Nodes.text(span, "spanId");
            r.requestId = id == null ? null : spanKey(trace, id);
        }
        r.user = Nodes.firstText(a, "user.id", "enduser.id", "gen_ai.user.id");
        if (r.user == null) {
            r.user = Nodes.firstText(resource, "user.id", "enduser.id");
        }
        r.sessionId = Nodes.firstText(a, "session.id", "gen_ai.conversation.id");
        r.taskType = Nodes.firstText(a, "gen_ai.operation.name");
        JsonNode status = span.path("status").path("code");
        r.error = status.asInt(0) == 2 || "STATUS_CODE_ERROR".equals(status.asText());
        r.errorText = r.error ? Nodes.text(span.path("status"), "message") : null;
        r.usage = UsageNormalizer.normalize(a);
        r.messages = prompt(a);
        r.nonTextContent = nonText(a) || nonTextInEvents(span.path("events"));
        return r;
    }

    /**
     * The request id of a span with {@code gen_ai.response.id}: the trace id (escaped), ':' and the response id (':'
     * keeps the id a token of its own for the redactor). Escaping '\\', ':' and '/' in the trace id keeps the key
     * unambiguous: trace "a:b" with response "c" and trace "a" with response "b:c" stay apart, and a response key never
     * equals a {@link #spanKey}. Hex trace ids (OTLP's) are unchanged.
     */
    static String responseKey(String trace, String responseId) {
        return escape(trace) + ":" + responseId;
    }

    /** The request id of a span without a response id: the trace id (escaped), '/' and the span id. */
    static String spanKey(String trace, String spanId) {
        return escape(trace) + "/" + spanId;
    }

    /** Whether {@code requestId} is the {@link #responseKey} of a span of {@code trace}. */
    static boolean isResponseKey(String requestId, String trace) {
        String t = escape(trace);
        return requestId != null && requestId.length() > t.length() && requestId.startsWith(t)
                && requestId.charAt(t.length()) == ':';
    }

    /** A trace id with its '\\', ':' and '/' escaped by '\\'; no trace id is the empty text. */
    private static String escape(String trace) {
        if (trace == null) {
            return "";
        }
        if (trace.indexOf('\\') < 0 && trace.indexOf(':') < 0 && trace.indexOf('/') < 0) {
            return trace;
        }
        StringBuilder b = new StringBuilder(trace.length() + 4);
        for (int i = 0; i < trace.length(); i++) {
            char c = trace.charAt(i);
            if (c == '\\' || c == ':' || c == '/') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private static long nanos(JsonNode v) throws BadInputException {
        if (v == null || v.isNull()) {
            return -1;
        }
        try {
            if (v.isIntegralNumber() && !v.canConvertToLong()) {
                throw new NumberFormatException();
            }
            return v.isIntegralNumber() ? v.asLong() : Long.parseLong(v.asText());
        } catch (NumberFormatException e) {
            throw new BadInputException("span time is not a whole number of nanoseconds");
        }
    }

    /** Prompt from gen_ai.input.messages (JSON) or the older gen_ai.prompt.N.role/content attributes. */
    private List<Message> prompt(ObjectNode a) {
        String json = Nodes.text(a, "gen_ai.input.messages");
        if (json != null) {
            try {
                JsonNode msgs = mapper.readTree(json);
                List<Message> out = new ArrayList<>();
                for (JsonNode m : msgs) {
                    String content = m.has("parts") ? partsText(m.get("parts")) : Messages.contentText(m.get("content"));
                    out.add(new Message(m.path("role").asText("user"), content));
                }
                return out.isEmpty() ? null : out;
            } catch (Exception e) {
                return null;
            }
        }
        List<Message> out = new ArrayList<>();
        for (int i = 0; a.has("gen_ai.prompt." + i + ".content") || a.has("gen_ai.prompt." + i + ".role"); i++) {
            String content = a.path("gen_ai.prompt." + i + ".content").asText("");
            JsonNode parts = partsArray(content);
            out.add(new Message(a.path("gen_ai.prompt." + i + ".role").asText("user"), parts == null ? content : partsText(parts)));
        }
        return out.isEmpty() ? null : out;
    }

    /** Text of semantic-convention parts ({type: text, content}) or OpenAI-style parts ({type: text, text}). */
    private static String partsText(JsonNode parts) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : parts) {
            JsonNode t = p.isTextual() ? p : p.path("text").isTextual() ? p.get("text")
                    : "text".equals(p.path("type").asText()) && p.path("content").isTextual() ? p.get("content") : null;
            if (t != null) {
                sb.append(sb.isEmpty() ? "" : "\n").append(t.asText());
            }
        }
        return sb.toString();
    }

    /** A prompt attribute holding a JSON array of content parts (as OpenLLMetry writes a multi-part message), else null. */
    private JsonNode partsArray(String content) {
        if (!content.startsWith("[")) {
            return null;
        }
        try {
            JsonNode n = mapper.readTree(content);
            return n.isArray() && n.size() > 0 && n.get(0).isObject() && n.get(0).has("type") ? n : null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The prompt carried images, audio, files or tool calls, which {@link LogRecord#messages} (text only) lost:
     * a non-text part in gen_ai.input.messages or in a gen_ai.prompt.N.content array, a tool message or tool call.
     */
    private boolean nonText(ObjectNode a) {
        String json = Nodes.text(a, "gen_ai.input.messages");
        if (json != null && nonTextMessages(json)) {
            return true;
        }
        for (int i = 0; a.has("gen_ai.prompt." + i + ".content") || a.has("gen_ai.prompt." + i + ".role"); i++) {
            String prefix = "gen_ai.prompt." + i + ".";
            if (Messages.TOOL_ROLES.contains(a.path(prefix + "role").asText("")) || a.has(prefix + "tool_call_id")
                    || a.has(prefix + "tool_calls.0.name") || a.has(prefix + "tool_calls.0.id")) {
                return true;
            }
            JsonNode parts = partsArray(a.path(prefix + "content").asText(""));
            if (parts != null && hasNonTextPart(parts)) {
                return true;
            }
        }
        return false;
    }

    /** Span events (gen_ai.user.message, gen_ai.content.prompt, …) whose attributes hold non-text messages or parts. */
    private boolean nonTextInEvents(JsonNode events) {
        for (JsonNode e : events) {
            if (!e.path("name").asText("").startsWith("gen_ai.")) {
                continue;
            }
            ObjectNode ea = attributes(e.path("attributes"));
            for (var it = ea.fields(); it.hasNext(); ) {
                JsonNode v = it.next().getValue();
                if (v.isTextual() && (v.asText().startsWith("[") || v.asText().startsWith("{")) && nonTextMessages(v.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean nonTextMessages(String json) {
        try {
            JsonNode n = mapper.readTree(json);
            JsonNode msgs = n.isObject() && n.has("messages") ? n.get("messages") : n;
            for (JsonNode m : msgs.isArray() ? msgs : JsonNodeFactory.instance.arrayNode().add(msgs)) {
                if (Messages.hasNonText(JsonNodeFactory.instance.arrayNode().add(m)) || hasNonTextPart(m.path("parts"))
                        || (m.has("type") && hasNonTextPart(JsonNodeFactory.instance.arrayNode().add(m)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean hasNonTextPart(JsonNode parts) {
        for (JsonNode p : parts) {
            if (p.isObject() && p.has("type") && !"text".equals(p.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /** OTLP's [{key, value: {stringValue|intValue|doubleValue|boolValue}}] as a flat object. */
    static ObjectNode attributes(JsonNode list) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (JsonNode kv : list) {
            JsonNode v = kv.path("value");
            String k = kv.path("key").asText();
            if (v.has("stringValue")) {
                o.put(k, v.get("stringValue").asText());
            } else if (v.has("intValue")) {
                o.set(k, v.get("intValue")); // OTLP JSON encodes int64 as a string; read (and checked) where used
            } else if (v.has("doubleValue")) {
                o.put(k, v.get("doubleValue").asDouble());
            } else if (v.has("boolValue")) {
                o.put(k, v.get("boolValue").asBoolean());
            }
        }
        return o;
    }
}
