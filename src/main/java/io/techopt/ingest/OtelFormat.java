package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
        JsonNode resourceSpans = n.has("resourceSpans") ? n.get("resourceSpans") : JsonNodeFactory.instance.arrayNode().add(n);
        for (JsonNode rs : resourceSpans) {
            ObjectNode resource = attributes(rs.path("resource").path("attributes"));
            for (JsonNode ss : rs.path("scopeSpans")) {
                for (JsonNode span : ss.path("spans")) {
                    ObjectNode a = attributes(span.path("attributes"));
                    if (!a.has("gen_ai.usage.input_tokens") && !a.has("gen_ai.usage.output_tokens")
                            && !a.has("gen_ai.usage.prompt_tokens")) {
                        continue; // not an LLM call span
                    }
                    out.add(span(span, a, resource));
                }
            }
        }
    }

    private LogRecord span(JsonNode span, ObjectNode a, ObjectNode resource) throws BadInputException {
        LogRecord r = new LogRecord();
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
        r.requestId = Nodes.firstText(a, "gen_ai.response.id");
        if (r.requestId == null) {
            r.requestId = Nodes.text(span, "spanId");
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
        return r;
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
                    String content = m.has("parts") ? Messages.contentText(m.get("parts")) : Messages.contentText(m.get("content"));
                    out.add(new Message(m.path("role").asText("user"), content));
                }
                return out.isEmpty() ? null : out;
            } catch (Exception e) {
                return null;
            }
        }
        List<Message> out = new ArrayList<>();
        for (int i = 0; a.has("gen_ai.prompt." + i + ".content") || a.has("gen_ai.prompt." + i + ".role"); i++) {
            out.add(new Message(a.path("gen_ai.prompt." + i + ".role").asText("user"),
                    a.path("gen_ai.prompt." + i + ".content").asText("")));
        }
        return out.isEmpty() ? null : out;
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
