package io.techopt.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.techopt.core.LogRecord;
import io.techopt.core.Message;
import io.techopt.core.Usage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming reader of one canonical record (log-format.md v1). It walks tokens once, skips {@code metadata}
 * without building it, and checks every field's type.
 */
public final class CanonicalParser {
    private final ObjectMapper mapper;

    public CanonicalParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Reads the object the parser is positioned at (its START_OBJECT is the current or next token). */
    public LogRecord read(JsonParser p) throws IOException, BadInputException {
        JsonToken t = p.currentToken() == null ? p.nextToken() : p.currentToken();
        if (t != JsonToken.START_OBJECT) {
            throw new BadInputException("not a JSON object");
        }
        LogRecord.Builder r = new LogRecord.Builder();
        boolean hasTimestamp = false;
        double numericTimestamp = Double.NaN;
        JsonNode usage = null;
        com.fasterxml.jackson.databind.node.ObjectNode trace = null; // input_length / output_length (Mooncake)
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            t = p.nextToken();
            switch (f) {
                case "timestamp" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        r.timestampMs = Timestamps.parse(p.getText());
                    } else if (t.isNumeric()) {
                        numericTimestamp = p.getDoubleValue();
                        r.timestampMs = Timestamps.fromNumber(numericTimestamp);
                    } else {
                        throw new BadInputException("field 'timestamp' must be an ISO-8601 string or epoch milliseconds");
                    }
                    hasTimestamp = true;
                }
                case "model" -> r.model = requiredString(p, t, f);
                case "usage" -> {
                    if (t != JsonToken.START_OBJECT) {
                        throw new BadInputException("field 'usage' must be an object");
                    }
                    usage = mapper.readTree(p);
                }
                case "request_id" -> r.requestId = optString(p, t, f);
                case "provider" -> r.provider = optString(p, t, f);
                case "user" -> r.user = optString(p, t, f);
                case "team" -> r.team = optString(p, t, f);
                case "session_id" -> r.sessionId = optString(p, t, f);
                case "task_type" -> r.taskType = optString(p, t, f);
                case "messages" -> r.messages = messages(p, t, r);
                case "response" -> r.response = t == JsonToken.VALUE_NULL ? null : responseText(p, t);
                case "latency_ms" -> r.latencyMs = optNumber(p, t, f);
                case "status" -> {
                    String s = optString(p, t, f);
                    if (s != null) {
                        if (s.equalsIgnoreCase("error")) {
                            r.error = true;
                        } else if (!s.equalsIgnoreCase("ok")) {
                            throw new BadInputException("field 'status' must be \"ok\" or \"error\"");
                        }
                    }
                }
                case "error" -> {
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        r.errorText = mapper.readTree(p).toString();
                    } else {
                        r.errorText = t == JsonToken.VALUE_NULL ? null : p.getText();
                    }
                }
                case "cost_usd" -> r.loggedCostUsd = optNumber(p, t, f);
                case "batch" -> {
                    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                        r.batch = t == JsonToken.VALUE_TRUE;
                    } else if (t != JsonToken.VALUE_NULL) {
                        throw new BadInputException("field 'batch' must be a boolean");
                    }
                }
                case "experiment" -> r.experiment = optString(p, t, f);
                case "variant" -> r.variant = optString(p, t, f);
                case "quality" -> {
                    r.quality = optNumber(p, t, f);
                    if (!Double.isNaN(r.quality) && (r.quality < 0 || r.quality > 1)) {
                        throw new BadInputException("field 'quality' must be between 0 and 1");
                    }
                }
                case "input_length", "output_length" -> {
                    if (trace == null) {
                        trace = mapper.createObjectNode();
                    }
                    trace.set(f, mapper.readTree(p));
                }
                default -> p.skipChildren(); // metadata and anything else: never interpreted
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new BadInputException("unexpected end of object");
        }
        if (!hasTimestamp) {
            throw new BadInputException("missing required field 'timestamp'");
        }
        // a missing model is settled by ingest: --default-model, or a bad line that says so
        if (usage == null && trace != null) {
            // a replay trace (Mooncake): token counts as input_length / output_length, time as ms from its start
            r.usage = new Usage(UsageNormalizer.num(trace, "input_length"), 0, 0, 0, UsageNormalizer.num(trace, "output_length"), 0);
            if (numericTimestamp >= 0 && numericTimestamp < RELATIVE_BELOW) {
                r.timestampMs = (long) numericTimestamp;
                r.relativeTime = true;
            }
            return r.build();
        }
        if (usage == null) {
            throw new BadInputException("missing required field 'usage'");
        }
        checkTokenCounts(usage);
        r.usage = UsageNormalizer.normalize(usage);
        if (r.usage == null) {
            if (usage.isEmpty()) {
                throw new BadInputException("field 'usage' has no token counts");
            }
            throw new BadInputException("field 'usage' has no recognised token counts");
        }
        return r.build();
    }

    /** Numeric trace times below this (2000-01-01 as epoch ms) are offsets from the trace's start. */
    static final double RELATIVE_BELOW = 946_684_800_000d;

    /** Token counts must be non-negative whole numbers; anything else would silently count as zero. */
    private static void checkTokenCounts(JsonNode usage) throws BadInputException {
        var it = usage.properties().iterator();
        while (it.hasNext()) {
            var f = it.next();
            JsonNode v = f.getValue();
            if (!f.getKey().endsWith("tokens") || v.isNull() || v.isObject()) {
                continue;
            }
            if (v.isTextual()) { // numeric text: the rule every format shares
                if (!v.asText().isBlank()) {
                    UsageNormalizer.countText(v.asText(), "field 'usage." + f.getKey() + "'");
                }
                continue;
            }
            if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
                throw new BadInputException("field 'usage." + f.getKey() + "' must be a whole number");
            }
            if (v.asDouble() < 0) {
                throw new BadInputException("field 'usage." + f.getKey() + "' must not be negative");
            }
            if (v.asDouble() > UsageNormalizer.MAX_TOKENS) {
                throw new BadInputException("field 'usage." + f.getKey() + "'" + UsageNormalizer.ABOVE);
            }
        }
    }

    private static String requiredString(JsonParser p, JsonToken t, String f) throws IOException, BadInputException {
        if (t != JsonToken.VALUE_STRING) {
            throw new BadInputException("field '" + f + "' must be a string");
        }
        return p.getText();
    }

    static String optString(JsonParser p, JsonToken t, String f) throws IOException, BadInputException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_STRING || t.isNumeric()) {
            return p.getText();
        }
        throw new BadInputException("field '" + f + "' must be a string");
    }

    static double optNumber(JsonParser p, JsonToken t, String f) throws IOException, BadInputException {
        if (t == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        if (t.isNumeric()) {
            double v = p.getDoubleValue();
            if (!Double.isFinite(v) || v < 0) {
                throw new BadInputException("field '" + f + "' must be a non-negative number");
            }
            return v;
        }
        throw new BadInputException("field '" + f + "' must be a number");
    }

    private String responseText(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            return Messages.contentText(mapper.readTree(p));
        }
        return p.getText();
    }

    /**
     * Each message is read whole (it is small beside a log), so one whose text loses something (tool calls and their
     * ids, tool_use / tool_result or image parts) keeps its JSON for commands that write prompts back (compress --write).
     */
    private List<Message> messages(JsonParser p, JsonToken t, LogRecord.Builder r) throws IOException, BadInputException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadInputException("field 'messages' must be an array of {role, content}");
        }
        List<Message> out = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw new BadInputException("field 'messages' must be an array of {role, content}");
            }
            JsonNode m = mapper.readTree(p);
            JsonNode role = m.get("role");
            if (role == null) {
                throw new BadInputException("message without 'role'");
            }
            if (!role.isTextual()) {
                throw new BadInputException("message 'role' must be a string");
            }
            String content = content(m.get("content"));
            boolean loses = Messages.losesSomethingAsText(m);
            r.nonTextContent |= loses;
            out.add(new Message(role.asText(), content, loses ? m.toString() : null));
        }
        return out;
    }

    /** Content is a string or an array of parts; text parts are kept, others (images, audio) are skipped. */
    private static String content(JsonNode c) throws BadInputException {
        if (c == null || c.isNull()) {
            return "";
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (!c.isArray()) {
            throw new BadInputException("message 'content' must be a string or an array of parts");
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : c) {
            if (part.isTextual()) {
                append(sb, part.asText());
            } else if (part.isObject() && part.path("text").isTextual()) {
                append(sb, part.get("text").asText());
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String s) {
        if (sb.length() > 0) {
            sb.append('\n');
        }
        sb.append(s);
    }
}
