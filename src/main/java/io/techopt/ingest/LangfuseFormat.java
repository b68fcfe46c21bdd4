package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.core.LogRecord;
import io.techopt.core.Usage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Langfuse ingestion batches ({@code {"batch": [trace-create, generation-create, generation-update …]}}) and
 * exported observations ({@code type: GENERATION}). Updates of one generation are merged, later fields winning;
 * the trace's user and session are carried onto its generations. An observation a line leaves without its start or
 * end time (created here and ended by an update in a later batch, or an update of one created earlier) is handed
 * back as {@link Pending} for the reader to merge with the rest of the input ({@link LangfusePending}).
 */
public final class LangfuseFormat implements TreeFormat {
    /**
     * An observation merged within its line but missing its start or end time: the merged body, its trace's body from
     * the same line (or null), and where it was read (the line of its first event seen).
     */
    public record Pending(String id, ObjectNode body, JsonNode trace, boolean generation, String type, String file,
                          long line, boolean complete) {
        /** An observation still waiting for its start or end time. */
        public Pending(String id, ObjectNode body, JsonNode trace, boolean generation, String type, String file, long line) {
            this(id, body, trace, generation, type, file, line, false);
        }

        Pending at(String file, long line) {
            return new Pending(id, body, trace, generation, type, file, line, complete);
        }
    }
    /** An array is a list of exported observations, merged like the events of one batch. */
    @Override
    public void map(JsonNode n, List<LogRecord> out) throws BadInputException {
        map(n, out, null);
    }

    @Override
    public void map(JsonNode n, List<LogRecord> out, List<Span> spans) throws BadInputException {
        map(n, out, spans, null);
    }

    /** {@link #map} that hands observations left without a start or end time to {@code pending} instead. */
    public void map(JsonNode n, List<LogRecord> out, List<Span> spans, List<Pending> pending) throws BadInputException {
        map(n, out, spans, pending, null);
    }

    /**
     * {@link #map} that, with {@code parts}, places each request at its event's JSON pointer (its first event in the
     * document) and skips a generation that cannot be mapped (listed there with the reason) instead of failing the
     * whole batch.
     */
    void map(JsonNode n, List<LogRecord> out, List<Span> spans, List<Pending> pending, BatchParts parts)
            throws BadInputException {
        if (n.isArray()) {
            mapEvents(n, out, false, spans, pending, parts, "");
        } else {
            mapOne(n, out, spans, pending, parts);
        }
    }

    @Override
    public void mapOne(JsonNode n, List<LogRecord> out) throws BadInputException {
        mapOne(n, out, null, null, null);
    }

    private void mapOne(JsonNode n, List<LogRecord> out, List<Span> spans, List<Pending> pending, BatchParts parts)
            throws BadInputException {
        if (n.has("batch")) {
            mapEvents(n.get("batch"), out, true, spans, pending, parts, "/batch");
            return;
        }
        mapEvents(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(n), out, false, spans,
                pending, parts, null);
    }

    /** Observation types of Langfuse's ingestion events ({@code span-create}, {@code tool-create} …) and exports. */
    private static final java.util.Set<String> OBSERVATIONS = java.util.Set.of("span", "event", "generation", "agent",
            "tool", "chain", "retriever", "evaluator", "embedding", "guardrail", "observation");

    /** {@code at}: the pointer of {@code events} in the document, or null when they are the document itself (one). */
    private void mapEvents(JsonNode events, List<LogRecord> out, boolean ingestion, List<Span> spans,
                           List<Pending> pending, BatchParts parts, String at) throws BadInputException {
        Map<String, ObjectNode> generations = new LinkedHashMap<>();
        Map<String, String> places = new java.util.HashMap<>(); // a generation's first event, where it is reported
        int index = -1;
        Map<String, ObjectNode> others = new LinkedHashMap<>();
        Map<String, JsonNode> traces = new LinkedHashMap<>();
        int anon = 0;
        for (JsonNode e : events) {
            index++;
            String type = e.path("type").asText("").toLowerCase(Locale.ROOT);
            JsonNode body = ingestion ? e.get("body") : e;
            if (body == null || !body.isObject()) {
                continue;
            }
            if (type.startsWith("trace")) {
                traces.merge(body.path("id").asText(""), body, (a, b) -> merge((ObjectNode) a.deepCopy(), b));
            } else if (type.startsWith("generation") || type.equals("generation")
                    || (type.startsWith("observation") && "GENERATION".equalsIgnoreCase(body.path("type").asText()))) {
                String id = body.path("id").asText("");
                if (id.isEmpty()) {
                    id = "#" + anon++;
                }
                ObjectNode prev = generations.get(id);
                generations.put(id, prev == null ? ((ObjectNode) body).deepCopy() : merge(prev, body));
                places.putIfAbsent(id, at == null ? "" : at + "/" + index);
            } else if ((spans != null || pending != null) && OBSERVATIONS.contains(type.split("-", 2)[0])) {
                String id = body.path("id").asText("");
                if (id.isEmpty()) {
                    id = "#" + anon++;
                }
                ObjectNode o = ((ObjectNode) body).deepCopy();
                if (!o.hasNonNull("type") && !type.startsWith("observation")) {
                    o.put("type", type.split("-", 2)[0].toUpperCase(Locale.ROOT));
                }
                ObjectNode prev = others.get(id);
                others.put(id, prev == null ? o : merge(prev, o));
            }
        }
        for (var e : generations.entrySet()) {
            ObjectNode g = e.getValue();
            JsonNode trace = traces.get(g.path("traceId").asText(""));
            if (pending != null && incomplete(g, "GENERATION")) {
                pending.add(new Pending(e.getKey(), g, trace, true, "GENERATION", null, 0));
                continue;
            }
            int before = out.size();
            try {
                complete(g, trace, true, "GENERATION", out, spans);
            } catch (BadInputException ex) {
                if (parts == null) {
                    throw ex;
                }
                parts.skip(places.get(e.getKey()), ex.getMessage()); // its batch's other events are read
                if (spans != null) {
                    spans.add(observation(g, "GENERATION", null));
                }
            }
            if (parts != null && out.size() > before) {
                parts.place(out.get(out.size() - 1), places.get(e.getKey()));
            }
            if (pending != null && !e.getKey().startsWith("#")) {
                pending.add(new Pending(e.getKey(), kept(g), keptTrace(trace), true, "GENERATION", null, 0, true));
            }
        }
        for (var e : others.entrySet()) {
            ObjectNode o = e.getValue();
            String type = o.path("type").asText("SPAN").toUpperCase(Locale.ROOT);
            if (pending != null && incomplete(o, type)) {
                pending.add(new Pending(e.getKey(), o, null, false, type, null, 0));
                continue;
            }
            if (spans != null) {
                spans.add(observation(o, type, null));
            }
            if (pending != null && !e.getKey().startsWith("#")) {
                pending.add(new Pending(e.getKey(), kept(o), null, false, type, null, 0, true));
            }
        }
    }

    /**
     * What the reader keeps of an observation mapped complete, for an update of it in a later line (Langfuse merges
     * every update into its observation): every field but its payload: input and output (kept only when it has no
     * usage: its tokens are counted from them) and metadata but for the two keys read from it. A shallow copy.
     */
    /** What {@link #generation} reads of a trace: its id, session and user. */
    static ObjectNode keptTrace(JsonNode t) {
        if (t == null || !t.isObject()) {
            return null;
        }
        ObjectNode k = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (String f : new String[]{"id", "sessionId", "userId"}) {
            if (t.has(f)) {
                k.set(f, t.get(f));
            }
        }
        return k;
    }

    /** A kept observation's field holding the keys of the prompt it leaves out (no Langfuse field has this name). */
    static final String KEPT_PROMPT = "#techopt.kept_prompt";

    static ObjectNode kept(JsonNode o) {
        if (o == null || !o.isObject()) {
            return null;
        }
        ObjectNode k = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        boolean usage = o.has("usageDetails") || o.has("usage_details") || o.has("usage");
        o.properties().forEach(f -> {
            String key = f.getKey();
            if (!key.equals("metadata") && !(usage && (key.equals("input") || key.equals("output")))) {
                k.set(key, f.getValue());
            }
        });
        // the prompt it leaves out, as its keys (review adv25c MED-2: a later update re-mapped the observation without a
        // prompt, so its repeats were not found); a kept body kept again keeps them
        String model = Nodes.text(o, "model");
        JsonNode input = o.get("input");
        if (usage && input != null && !input.isNull() && model != null && !model.isBlank()) {
            List<io.techopt.core.Message> messages = Messages.fromNode(input);
            if (messages != null && !messages.isEmpty()) {
                io.techopt.core.PromptKey.Info i = io.techopt.core.PromptKey.of(model, messages);
                ObjectNode p = k.putObject(KEPT_PROMPT);
                p.put("model", model).put("key", i.key()).put("system_prefix", i.systemPrefix()).put("system_chars", i.systemChars())
                        .put("history_prefix", i.historyPrefix()).put("history_chars", i.historyChars())
                        .put("prompt_chars", i.promptChars()).put("non_text", Messages.hasNonText(input));
            }
        }
        JsonNode meta = o.get("metadata");
        if (meta != null && meta.isObject()) {
            ObjectNode m = k.putObject("metadata");
            if (meta.has("gen_ai.operation.name")) {
                m.set("gen_ai.operation.name", meta.get("gen_ai.operation.name"));
            }
            String provider = Nodes.text(meta, "hidden_params", "custom_llm_provider");
            if (provider != null) {
                m.putObject("hidden_params").put("custom_llm_provider", provider);
            }
        }
        return k;
    }

    /** Without its start, or without its end (an event is a point in time: it needs none), after this line's merge. */
    private static boolean incomplete(JsonNode o, String type) {
        boolean noStart = !o.hasNonNull("startTime"), noEnd = !o.hasNonNull("endTime");
        return !o.path("id").asText("").isEmpty() && (noStart || (noEnd && !"EVENT".equals(type)));
    }

    /** Maps an observation (a generation becomes a request too), complete or as complete as the input makes it. */
    void complete(JsonNode o, JsonNode trace, boolean generation, String type, List<LogRecord> out, List<Span> spans)
            throws BadInputException {
        if (generation) {
            LogRecord r = generation(o, trace).build();
            if (r.usage == null && !r.hasPrompt() && r.response == null && Double.isNaN(r.loggedCostUsd)) {
                // no usage, no logged cost and no text to count tokens from (masked input, a call that failed before its prompt was
                // logged): as an OTel LLM span without usage, an LLM call of unknown cost, mapped, not a request; it
                // never costs the other events of its batch line
                if (spans != null) {
                    spans.add(observation(o, "GENERATION", null));
                }
                return;
            }
            out.add(r);
            if (spans != null) {
                spans.add(observation(o, "GENERATION", r));
            }
        } else if (spans != null) {
            spans.add(observation(o, type, null));
        }
    }

    /** Later fields win, nulls never overwrite (as within one batch). */
    static ObjectNode mergeInto(ObjectNode into, JsonNode from) {
        return merge(into, from);
    }

    /** An observation's timing and links for the latency map; one missing them is listed as malformed with the reason. */
    private static Span observation(JsonNode o, String type, LogRecord call) {
        String trace = Nodes.text(o, "traceId"), id = Nodes.text(o, "id");
        if (trace == null || id == null) {
            return Span.malformed("Langfuse observation has no traceId or id");
        }
        long start, end;
        try {
            start = nanos(o.get("startTime"));
            end = nanos(o.get("endTime"));
        } catch (BadInputException e) {
            return Span.malformed("Langfuse observation time: " + e.getMessage());
        }
        if (end == Long.MIN_VALUE && "EVENT".equals(type)) {
            end = start; // an event is a point in time
        }
        if (start == Long.MIN_VALUE || end == Long.MIN_VALUE) {
            return Span.malformed("Langfuse observation has no " + (start == Long.MIN_VALUE ? "startTime" : "endTime")
                    + (start == Long.MIN_VALUE ? " (an update with no create waiting for it in the input: never created, "
                    + "or completed too long before to be kept)"
                    : " (no update in the input ended it)"));
        }
        JsonNode meta = o.path("metadata");
        return new Span(null, 0, trace, id, Nodes.text(o, "parentObservationId"), start, end, Nodes.text(o, "name"), 0,
                meta.isObject() ? Nodes.text(meta, "gen_ai.operation.name") : null, type, null, null, call, null);
    }

    /** ISO text to the nanosecond (Langfuse writes microseconds); numbers and other forms as {@link Nodes#time}. */
    private static long nanos(JsonNode v) throws BadInputException {
        if (v != null && v.isTextual()) {
            try {
                java.time.Instant i = java.time.OffsetDateTime.parse(v.asText()).toInstant();
                return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
            } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
                // other forms below
            }
        }
        long ms = Nodes.time(v);
        if (ms == Long.MIN_VALUE) {
            return ms;
        }
        if (Math.abs(ms) > Long.MAX_VALUE / 1_000_000L) {
            throw new BadInputException("time out of range");
        }
        return ms * 1_000_000L;
    }

    private static ObjectNode merge(ObjectNode into, JsonNode from) {
        from.properties().forEach(f -> {
            if (!f.getValue().isNull()) {
                into.set(f.getKey(), f.getValue());
            }
        });
        return into;
    }

    /**
     * Cost details by usage type without a total ({@code {input: 0.0025, output: 0.001}}): their sum, as Langfuse
     * sums the usage types when no total is given; NaN when there are none. A part that is not a number makes the
     * generation bad (its sum would be wrong).
     */
    private static double costParts(JsonNode details) throws BadInputException {
        if (details == null || !details.isObject() || details.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        int parts = 0;
        for (var f : details.properties()) {
            if (f.getValue().isNull()) {
                continue;
            }
            double v = Nodes.number(details, f.getKey());
            if (Double.isNaN(v)) {
                throw new BadInputException("cost detail '" + f.getKey() + "' is not a number of dollars");
            }
            sum += v;
            parts++;
        }
        return parts == 0 ? Double.NaN : sum;
    }

    /**
     * A generation's update read without its create, merged into the request an earlier read stored for the same id (a
     * store's row, {@code stored}): as {@link LangfusePending} merges the two bodies when both are in one read, the
     * update's fields win where present and the stored request's stand otherwise (its start, prompt, user, its tokens'
     * estimate from the prompt). Usage: the update's; else the stored request's when it was logged; else estimated as
     * a read of both would: the stored prompt's tokens and the update's output counted by {@code tokens}.
     */
    static LogRecord updateStored(LogRecord stored, JsonNode u, JsonNode trace, io.techopt.tokens.TokenCounter tokens)
            throws BadInputException {
        LogRecord.Builder r = stored.toBuilder();
        r.relativeTime = false; // the stored time is the request's (a Langfuse time is never an offset)
        r.requestId = Nodes.text(u, "id"); // the raw id: its hash is the stored request_key
        String model = Nodes.text(u, "model");
        if (model != null) {
            r.model = model;
        }
        long end = Nodes.time(u.get("endTime"));
        if (end != Long.MIN_VALUE && end >= stored.timestampMs) {
            r.latencyMs = end - stored.timestampMs;
        }
        if (trace != null) {
            r.sessionId = Nodes.text(trace, "sessionId") != null ? Nodes.text(trace, "sessionId") : r.sessionId;
            r.user = Nodes.text(trace, "userId") != null ? Nodes.text(trace, "userId") : r.user;
        } else if (r.user == null) {
            r.user = Nodes.text(u, "userId");
        }
        if (u.hasNonNull("level")) {
            r.error = "ERROR".equalsIgnoreCase(Nodes.text(u, "level"));
        }
        if (Nodes.text(u, "statusMessage") != null) {
            r.errorText = Nodes.text(u, "statusMessage");
        }
        boolean newPrompt = u.hasNonNull("input");
        if (newPrompt) { // the prompt as updated: its keys are its own, not the stored prompt's
            r.messages = Messages.fromNode(u.get("input"));
            r.nonTextContent = Messages.hasNonText(u.get("input"));
            r.derived = r.derived.with(io.techopt.core.PromptKey.STORED, null);
        } else if (model != null && !model.equals(stored.model)) {
            // the prompt's keys are of its model (review adv25b MED-1: the old model's key made a repeat of a prompt
            // sent once to each): of the kept text when a --keep-text store has it, else re-keyed without it
            io.techopt.core.PromptKey.Info key = stored.derived(io.techopt.core.PromptKey.STORED);
            r.derived = r.derived.with(io.techopt.core.PromptKey.STORED, stored.hasPrompt() || key == null ? null
                    : io.techopt.core.PromptKey.forModel(key, model));
        }
        String response = u.hasNonNull("output") ? Messages.contentText(u.get("output")) : null;
        if (response != null) {
            r.response = response;
        }
        JsonNode meta = u.get("metadata");
        if (meta != null && meta.isObject() && Nodes.text(meta, "hidden_params", "custom_llm_provider") != null) {
            r.provider = Nodes.text(meta, "hidden_params", "custom_llm_provider");
        }
        // the update's usage and cost, read as a merged body's (its other fields are not this generation's)
        ObjectNode figures = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (String f : new String[]{"usageDetails", "usage_details", "usage", "costDetails", "cost_details", "calculatedTotalCost"}) {
            if (u.hasNonNull(f)) {
                figures.set(f, u.get(f));
            }
        }
        figures.put("startTime", stored.timestampMs);
        LogRecord read = new LangfuseFormat().generation(figures, null).build();
        if (!Double.isNaN(read.loggedCostUsd)) {
            r.loggedCostUsd = read.loggedCostUsd;
        }
        if (read.usage != null && !read.costAsLogged) {
            r.usage = read.usage;
            r.estimated = false;
            r.conflictingTokens = false;
        } else if (stored.estimated && stored.usage != null) {
            io.techopt.core.Usage s = stored.usage;
            long in = newPrompt ? tokens.estimate(r.model, r.messages, null).inputTokens() : s.inputTokens();
            long out = response != null ? tokens.estimate(r.model, null, response).outputTokens() : s.outputTokens();
            r.usage = new io.techopt.core.Usage(in, s.cacheReadTokens(), s.cacheWriteTokens(), s.cacheWrite1hTokens(), out,
                    s.reasoningTokens());
        }
        return r.build();
    }

    private LogRecord.Builder generation(JsonNode g, JsonNode trace) throws BadInputException {
        LogRecord.Builder r = new LogRecord.Builder();
        r.model = Nodes.text(g, "model");
        long start = Nodes.time(g.get("startTime"));
        if (start == Long.MIN_VALUE) {
            throw new BadInputException("Langfuse generation has no 'startTime' (no create of this id waiting in the "
                    + "input to merge it into: an update of one never created, completed too long before to be kept, or "
                    + "read while more than " + LangfusePending.MAX_HELD + " observations waited for their other half, the "
                    + "oldest let go to bound memory)");
        }
        r.timestampMs = start;
        long end = Nodes.time(g.get("endTime"));
        if (end != Long.MIN_VALUE && end >= start) {
            r.latencyMs = end - start;
        }
        r.requestId = Nodes.text(g, "id");
        r.sessionId = trace != null ? Nodes.text(trace, "sessionId") : null;
        r.user = trace != null ? Nodes.text(trace, "userId") : Nodes.text(g, "userId");
        r.error = "ERROR".equalsIgnoreCase(Nodes.text(g, "level"));
        r.errorText = Nodes.text(g, "statusMessage");
        r.messages = Messages.fromNode(g.get("input"));
        r.nonTextContent = Messages.hasNonText(g.get("input"));
        JsonNode kept = g.get(KEPT_PROMPT);
        if ((r.messages == null || r.messages.isEmpty()) && kept != null && kept.isObject()) {
            // an observation held complete, its prompt left out: the keys it was mapped with (of another model, re-keyed)
            io.techopt.core.PromptKey.Info i = new io.techopt.core.PromptKey.Info(kept.path("key").asLong(),
                    kept.path("system_prefix").asLong(), kept.path("system_chars").asInt(), kept.path("history_prefix").asLong(),
                    kept.path("history_chars").asInt(), kept.path("prompt_chars").asInt());
            String keptModel = kept.path("model").asText();
            r.derived = r.derived.with(io.techopt.core.PromptKey.STORED, keptModel.equals(r.model) || r.model == null
                    || r.model.isBlank() ? i : io.techopt.core.PromptKey.forModel(i, r.model));
            r.nonTextContent = kept.path("non_text").asBoolean();
        }
        r.response = g.has("output") ? Messages.contentText(g.get("output")) : null;
        JsonNode details = g.has("usageDetails") ? g.get("usageDetails") : g.get("usage_details");
        Usage u = details != null && details.isObject() && !details.isEmpty() ? UsageNormalizer.normalize(details) : null;
        if (u == null && g.has("usage")) {
            u = UsageNormalizer.normalize(g.get("usage"));
        }
        r.usage = u; // null: ingest counts tokens from the text
        double cost = Nodes.number(g, "costDetails", "total");
        if (Double.isNaN(cost)) {
            cost = Nodes.number(g, "cost_details", "total");
        }
        if (Double.isNaN(cost)) {
            cost = costParts(g.has("costDetails") ? g.get("costDetails") : g.get("cost_details"));
        }
        if (Double.isNaN(cost)) {
            cost = Nodes.number(g, "usage", "totalCost");
        }
        if (Double.isNaN(cost)) {
            cost = Nodes.number(g, "calculatedTotalCost");
        }
        r.loggedCostUsd = cost;
        if (u == null && !Double.isNaN(cost) && (r.messages == null || r.messages.isEmpty()) && r.response == null) {
            // a generation logging only its cost (no usage, no text to count): one request billed as logged, like a
            // cost-only export's row
            r.usage = new Usage(0, 0, 0, 0, 0, 0);
            r.costAsLogged = true;
        }
        if ((r.model == null || r.model.isBlank()) && !Double.isNaN(cost)) {
            // Langfuse's model is optional; its logged cost is what was billed: kept as logged, its price unknown
            r.costAsLogged = true;
            r.derived = r.derived.with(RecordFinisher.COST_WITHOUT_MODEL, Boolean.TRUE);
        }
        JsonNode meta = g.get("metadata");
        if (meta != null && meta.isObject()) {
            r.provider = Nodes.text(meta, "hidden_params", "custom_llm_provider");
        }
        return r;
    }
}
