package io.techopt.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.core.LogRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every producer does with a record it has read, whatever the format: checks its figures and time (a record
 * that fails is a bad line, never an exception), defaults its model, cuts over-long labels, anchors a replay trace's
 * relative time, keeps it out of the chunk when it is outside --since/--until, and stamps its spans. Also chooses the
 * {@link TreeFormat} for a format and gives the reasons of bad JSON without quoting it.
 */
final class RecordFinisher {
    /** Timestamps before this (2020-01-01) are implausible for an LLM API log unless --since says otherwise. */
    static final long PLAUSIBLE_FROM = 1_577_836_800_000L;
    /** Relative trace timestamps are anchored here unless --since gives the start. */
    static final long DEFAULT_ANCHOR = PLAUSIBLE_FROM;
    /** The longest latency one request may log: 10^12 ms, about 31 years; more is damaged. */
    static final double MAX_LATENCY_MS = 1e12;
    private static final long DAY_MS = 86_400_000L;

    static final String MISSING_MODEL = "missing required field 'model' (pass --default-model MODEL to attribute "
            + "records that name none)";
    /**
     * An OTel span's record read without a model, under {@link #NO_MODEL_LABEL}: the bad line it is unless the span
     * turns out a roll-up (not a request, so it needs no model). Delivery reports it then, never a sink.
     */
    static final io.techopt.core.Derived.Key<BadLine> NO_MODEL = io.techopt.core.Derived.Key.of("ingest.noModel", BadLine.class);
    static final String NO_MODEL_LABEL = "(no model)";
    /**
     * A record that logs its cost but no model (a Langfuse generation: its model is optional): billed as logged under
     * {@link #NO_MODEL_LABEL} (or --default-model), as a CSV usage row without a model is, never a bad line.
     */
    static final io.techopt.core.Derived.Key<Boolean> COST_WITHOUT_MODEL =
            io.techopt.core.Derived.Key.of("ingest.costWithoutModel", Boolean.class);

    private final IngestOptions options;
    private final JsonParsers json;
    private final long plausibleFrom;
    private final long plausibleTo;
    private long anchor;
    private long batchEndedMs = Long.MIN_VALUE;
    /** Anthropic Message Batches results files dated at their modification time, with that time. */
    final Map<String, Long> undatedBatchFiles = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Maps held Langfuse observations once complete ({@link #completed}). Consumer thread only. */
    private final LangfuseFormat langfuse = new LangfuseFormat();

    RecordFinisher(IngestOptions options, JsonParsers json) {
        this.options = options;
        this.json = json;
        long now = System.currentTimeMillis();
        this.plausibleFrom = options.sinceMs() == Long.MIN_VALUE ? PLAUSIBLE_FROM : Math.min(PLAUSIBLE_FROM, options.sinceMs());
        this.plausibleTo = options.untilMs() == Long.MAX_VALUE ? now + DAY_MS : Math.max(now + DAY_MS, options.untilMs());
        this.anchor = options.sinceMs() == Long.MIN_VALUE ? DEFAULT_ANCHOR : options.sinceMs();
    }

    void anchorRelativeAt(long ms) {
        this.anchor = ms;
    }

    long anchor() {
        return anchor;
    }

    void batchEndedAt(long ms) {
        this.batchEndedMs = ms;
    }

    TreeFormat treeFormat(InputFormat f, LogSource src) {
        return switch (f) {
            case ANTHROPIC_BATCH -> {
                if (batchEndedMs != Long.MIN_VALUE) {
                    yield new AnthropicBatchFormat(batchEndedMs);
                }
                undatedBatchFiles.putIfAbsent(src.name(), src.modifiedMs()); // said in a warning: never a silent date
                yield new AnthropicBatchFormat(src.modifiedMs());
            }
            case CANONICAL, CSV -> null;
            case OPENAI -> new OpenAiFormat();
            case LITELLM -> new LiteLlmFormat(json.mapper());
            case LANGFUSE -> new LangfuseFormat();
            case OTEL -> new OtelFormat(json.mapper());
            case CASSETTE -> new CassetteFormat();
        };
    }

    /** A reason that never quotes the input: Jackson's own messages echo tokens, which may be secrets. */
    static String jsonReason(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int col = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
        String where = col > 0 ? " at column " + col : "";
        if (m.startsWith("Unexpected end-of-input") || m.contains("end-of-input")) {
            return "malformed JSON: unexpected end of line (truncated record?)";
        }
        if (m.startsWith("Unrecognized token")) {
            return "malformed JSON: unrecognized token" + where;
        }
        if (m.startsWith("Unexpected character")) {
            return "malformed JSON: unexpected character" + where;
        }
        if (m.contains("Trailing token") || m.contains("trailing")) {
            return "malformed JSON: unexpected data after the JSON value" + where;
        }
        if (m.contains("Invalid UTF-8")) {
            return "invalid UTF-8" + where;
        }
        return "malformed JSON" + where;
    }

    /** {@link #jsonReason(JsonProcessingException)} naming the line in the file, for records that span lines. */
    static String jsonReason(JsonProcessingException e, long firstLine) {
        String r = jsonReason(e);
        int l = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        return l > 1 ? r + " on line " + (firstLine + l - 1) : r;
    }

    /**
     * Maps one line or document: its records finished, its spans added, and Langfuse observations it leaves without a
     * start or end time handed to the consumer to merge with the rest of the input (a line holding only those is
     * neither a request nor ignored).
     */
    void mapTree(TreeFormat tree, JsonNode node, List<LogRecord> out, List<Span> spans, Chunk res,
                 RecordSink sink, String src, long line, byte[] b, int off, int len) throws BadInputException {
        List<LangfuseFormat.Pending> pending = null;
        BatchParts parts = null; // batch formats: a bad span or event costs itself, not its line
        if (tree instanceof LangfuseFormat lf) {
            pending = new ArrayList<>(0);
            parts = new BatchParts("event");
            lf.map(node, out, spans, pending, parts);
        } else if (tree instanceof OtelFormat otel) {
            parts = new BatchParts("span");
            otel.map(node, out, spans, parts);
        } else if (spans == null) {
            tree.map(node, out);
        } else {
            tree.map(node, out, spans);
        }
        Map<LogRecord, LogRecord> finished = Map.of();
        // observations held for the rest of the input (not those listed as mapped complete, kept for a later update)
        boolean held = pending != null && pending.stream().anyMatch(p -> !p.complete());
        boolean skipped = parts != null && !parts.skipped.isEmpty();
        if (parts != null && !out.isEmpty()) {
            finished = finishEach(out, parts, res, sink, src, line, b, off, len);
            skipped = !parts.skipped.isEmpty();
        } else if (!out.isEmpty() || (!held && !skipped)) {
            finished = finishAll(out, res, sink, src, line);
        } else {
            Timestamps.takeNoOffset(); // nothing of this line to count it on
        }
        if (skipped) {
            addSkipped(parts, res, src, line, b, off, len);
        }
        placeMalformedSpans(spans, b, off, len);
        int before = res.spans.size();
        addSpans(spans, finished, res, src, line);
        if (out.isEmpty() && !held && !skipped && sink.wantsSpans()
                && res.spans.subList(before, res.spans.size()).stream().anyMatch(sp -> sp.problem() == null)) {
            res.spanLines++; // no request, but spans that were read: not nothing read (cli.md's exit 3)
        }
        if (pending != null) {
            for (LangfuseFormat.Pending p : pending) {
                res.pending.add(p.at(src, line));
            }
        }
    }

    /**
     * Whether a document's spans are listed: for a sink that maps them, and for OTLP always, since which spans are
     * requests depends on the spans beneath them ({@link UsageRollups}), whatever the command.
     */
    static boolean listsSpans(TreeFormat tree, RecordSink sink) {
        return sink.wantsSpans() || tree instanceof OtelFormat;
    }

    /**
     * A held Langfuse update that no create of this input completed, merged into {@code stored}, the request an earlier
     * read stored for its id ({@link RecordSink#storedCopies}), at the update's line.
     */
    Chunk updated(LogRecord stored, LangfuseFormat.Pending p, RecordSink sink, io.techopt.tokens.TokenCounter tokens) {
        Chunk res = new Chunk(p.file());
        try {
            finishAll(new ArrayList<>(List.of(LangfuseFormat.updateStored(stored, p.body(), p.trace(), tokens))), res, sink,
                    p.file(), p.line());
        } catch (BadInputException ex) {
            res.bad.add(new BadLine(p.file(), p.line(), ex.getMessage()));
        } catch (RuntimeException | StackOverflowError ex) {
            res.bad.add(new BadLine(p.file(), p.line(), "unreadable record (" + ex.getClass().getSimpleName() + ")"));
        }
        return res;
    }

    /** A held Langfuse observation mapped now that it is complete (or the input ended), at its first line. */
    Chunk completed(LangfuseFormat.Pending p, RecordSink sink) {
        Chunk res = new Chunk(p.file());
        List<LogRecord> out = new ArrayList<>(1);
        List<Span> spans = sink.wantsSpans() ? new ArrayList<>() : null;
        try {
            langfuse.complete(p.body(), p.trace(), p.generation(), p.type(), out, spans);
            Map<LogRecord, LogRecord> finished = out.isEmpty() ? Map.of() : finishAll(out, res, sink, p.file(), p.line());
            addSpans(spans, finished, res, p.file(), p.line());
        } catch (BadInputException ex) {
            res.bad.add(new BadLine(p.file(), p.line(), ex.getMessage()));
        } catch (RuntimeException | StackOverflowError ex) {
            res.bad.add(new BadLine(p.file(), p.line(), "unreadable record (" + ex.getClass().getSimpleName() + ")"));
        }
        return res;
    }

    /**
     * A malformed span that knows its JSON pointer in the document is reported at the line where its object opens
     * (the document's first line is line 1 here; {@link Span#at} adds it) and its reason names the pointer: one pass
     * over the document finds every such span's line.
     */
    private void placeMalformedSpans(List<Span> spans, byte[] b, int off, int len) {
        if (spans == null) {
            return;
        }
        Map<String, Long> lines = new HashMap<>();
        for (Span s : spans) {
            if (s.problem() != null && s.name() != null && s.name().startsWith("/")) {
                lines.put(s.name(), 1L);
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        findLines(lines, b, off, len);
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            if (s.problem() != null && s.name() != null && s.name().startsWith("/")) {
                spans.set(i, new Span(null, lines.get(s.name()) - 1, null, null, null, 0, 0, null, 0, null, null, null,
                        null, null, "span " + s.name() + ": " + s.problem()));
            }
        }
    }

    /** Sets each JSON pointer's value to the line (1 = the document's first) where its object opens, in one pass. */
    private void findLines(Map<String, Long> lines, byte[] b, int off, int len) {
        if (lines.isEmpty() || b == null) {
            return;
        }
        try (JsonParser p = json.factory().createParser(b, off, len)) {
            int found = 0;
            for (JsonToken t = p.nextToken(); t != null && found < lines.size(); t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT && p.getParsingContext().getParent() != null) {
                    String at = p.getParsingContext().getParent().pathAsPointer().toString();
                    if (lines.containsKey(at)) {
                        lines.put(at, (long) p.currentTokenLocation().getLineNr());
                        found++;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the document parsed once already; a span whose line cannot be found keeps the document's
        }
    }

    /**
     * Finishes a batch document's records one by one: one that fails is listed in {@code parts} (reported at its span
     * or event), the others are read. Returns each record finished, by identity, as {@link #finishAll}.
     */
    private Map<LogRecord, LogRecord> finishEach(List<LogRecord> out, BatchParts parts, Chunk res, RecordSink sink,
                                                 String src, long line, byte[] b, int off, int len) {
        Map<LogRecord, LogRecord> finished = new IdentityHashMap<>(out.size() * 2);
        Map<String, Long> noModelLines = null;
        for (LogRecord r : out) {
            if ("span".equals(parts.noun) && (r.model == null || r.model.isBlank()) && options.defaultModel() == null) {
                // an OTel span with usage and no model may be a roll-up of the calls beneath it (an invoke_agent span:
                // semconv makes the model only conditionally required), which needs none: decided once the roll-ups
                // are (Delivery), a bad line then only if it is a request
                if (noModelLines == null) {
                    noModelLines = new HashMap<>();
                    for (LogRecord o : out) {
                        if (o.model == null || o.model.isBlank()) {
                            noModelLines.put(parts.at(o), 1L);
                        }
                    }
                    noModelLines.remove("");
                    findLines(noModelLines, b, off, len);
                }
                String at = parts.at(r);
                LogRecord.Builder m = r.with(NO_MODEL, new BadLine(src, line + noModelLines.getOrDefault(at, 1L) - 1,
                        (at.isEmpty() ? "" : "span " + at + " skipped: ") + MISSING_MODEL)).toBuilder();
                m.model = NO_MODEL_LABEL;
                LogRecord marked = m.build();
                parts.place(marked, at);
                try {
                    finished.put(r, finish(marked, res, sink, src, line));
                } catch (BadInputException e) {
                    parts.skip(at, e.getMessage());
                }
                continue;
            }
            int records = res.records.size();
            long filtered = res.filtered, firstMs = res.firstMs, lastMs = res.lastMs, noOffset = res.noOffset;
            String firstNoOffset = res.firstNoOffset;
            try {
                finished.put(r, finish(r, res, sink, src, line));
            } catch (BadInputException e) {
                res.records.subList(records, res.records.size()).clear();
                res.filtered = filtered;
                res.firstMs = firstMs;
                res.lastMs = lastMs;
                res.noOffset = noOffset;
                res.firstNoOffset = firstNoOffset;
                parts.skip(parts.at(r), e.getMessage());
            }
        }
        return finished;
    }

    /**
     * The spans or events a batch document skipped, as bad lines at the line where each one's object opens (the
     * document's own line for one-line JSONL), naming its place in the document, in line order.
     */
    private void addSkipped(BatchParts parts, Chunk res, String src, long line, byte[] b, int off, int len) {
        Map<String, Long> lines = new HashMap<>();
        for (BatchParts.Skipped s : parts.skipped) {
            if (!s.at().isEmpty()) {
                lines.put(s.at(), 1L);
            }
        }
        findLines(lines, b, off, len);
        List<BadLine> bad = new ArrayList<>(parts.skipped.size());
        for (BatchParts.Skipped s : parts.skipped) {
            bad.add(new BadLine(src, line + lines.getOrDefault(s.at(), 1L) - 1,
                    s.at().isEmpty() ? s.reason() : parts.noun + " " + s.at() + " skipped: " + s.reason()));
        }
        bad.sort(java.util.Comparator.comparingLong(BadLine::line));
        res.bad.addAll(bad);
    }

    /**
     * Finishes a line's records: all or none, so a line never counts both as requests and as bad. Returns each record
     * as parsed (by identity) with its finished copy, for the spans that name it as their call.
     */
    Map<LogRecord, LogRecord> finishAll(List<LogRecord> out, Chunk res, RecordSink sink, String src, long line) throws BadInputException {
        if (out.isEmpty()) {
            Timestamps.takeNoOffset(); // a span's time read for the latency map: no request of this line to count it on
            res.ignored++;
            return Map.of();
        }
        int records = res.records.size();
        long filtered = res.filtered, firstMs = res.firstMs, lastMs = res.lastMs;
        Map<LogRecord, LogRecord> finished = new IdentityHashMap<>(out.size() * 2);
        try {
            for (LogRecord r : out) {
                finished.put(r, finish(r, res, sink, src, line));
            }
            return finished;
        } catch (BadInputException e) {
            res.records.subList(records, res.records.size()).clear();
            res.filtered = filtered;
            res.firstMs = firstMs;
            res.lastMs = lastMs;
            throw e;
        }
    }

    /**
     * The spans of a line whose records were read: each stamped with its line; one with implausible times becomes a
     * malformed span (reported by whoever maps spans, never a bad line: its requests are read as before). Spans go on
     * whatever their time: a trace crossing --since/--until is the mapper's to take whole or leave out whole.
     */
    private void addSpans(List<Span> spans, Map<LogRecord, LogRecord> finished, Chunk res, String src, long line) {
        if (spans == null) {
            return;
        }
        for (Span s : spans) {
            // a call skipped as bad (BatchParts) leaves its span without a call: an LLM call of unknown cost
            Span at = s.at(src, line, s.call() == null ? null : finished.get(s.call()));
            if (at.problem() == null) {
                String problem = spanProblem(at);
                if (problem != null) {
                    at = Span.malformed(problem).at(src, line);
                }
            }
            res.spans.add(at);
        }
    }

    private String spanProblem(Span s) {
        long startMs = Math.floorDiv(s.startNs(), 1_000_000L), endMs = Math.floorDiv(s.endNs(), 1_000_000L);
        if (startMs < plausibleFrom || startMs >= plausibleTo || endMs < plausibleFrom || endMs >= plausibleTo) {
            return "span time outside the plausible range " + instant(plausibleFrom) + " to " + instant(plausibleTo);
        }
        if (s.endNs() < s.startNs()) {
            return "span ends before it starts";
        }
        return null;
    }

    LogRecord finish(LogRecord r, Chunk res, RecordSink sink, LogSource src, long line) throws BadInputException {
        return finish(r, res, sink, src.name(), line);
    }

    /**
     * Checks and completes a copy of one record as parsed; adds it to the chunk as {@code sink.prepare} returns it
     * when it is inside --since/--until, else counts it as filtered. A record without usage must have text: the sink
     * (a {@link TokenEstimatingSink}) estimates its tokens in {@code prepare}. Returns the record as added (or, when
     * filtered, as finished).
     */
    LogRecord finish(LogRecord parsed, Chunk res, RecordSink sink, String src, long line) throws BadInputException {
        LogRecord.Builder r = parsed.toBuilder();
        r.line = line;
        boolean noOffset = Timestamps.takeNoOffset(); // parsed on this thread for this line (its first record)
        if (r.model == null || r.model.isBlank()) {
            if (options.defaultModel() != null) {
                r.model = options.defaultModel();
            } else if (parsed.derived(COST_WITHOUT_MODEL) != null) {
                r.model = NO_MODEL_LABEL;
            } else {
                throw new BadInputException(MISSING_MODEL);
            }
        }
        checkFigures(r);
        if (r.relativeTime) {
            r.timestampMs = anchor + r.timestampMs;
            res.relativeIn = src;
        }
        if (r.timestampMs < plausibleFrom || r.timestampMs >= plausibleTo) {
            if (r.timestampMs < options.sinceMs() || r.timestampMs >= options.untilMs()) {
                // outside --since/--until: out of the window asked for, as any line there, whatever the clock says
                res.filtered++;
                return r.build();
            }
            throw new BadInputException("timestamp " + instant(r.timestampMs) + " is outside the plausible range "
                    + instant(plausibleFrom) + " to " + instant(plausibleTo) + " (pass --since/--until to read it)");
        }
        capLabels(r, res, src, line);
        if (r.usage == null && !r.hasPrompt() && r.response == null) {
            throw new BadInputException("record has no usage and no text to count tokens from");
        }
        if (noOffset) {
            res.firstNoOffset = res.noOffset++ == 0 ? src + ":" + line : res.firstNoOffset;
        }
        res.firstMs = Math.min(res.firstMs, r.timestampMs);
        res.lastMs = Math.max(res.lastMs, r.timestampMs);
        LogRecord done = r.build();
        if (done.timestampMs < options.sinceMs() || done.timestampMs >= options.untilMs()) {
            res.filtered++;
            return done;
        }
        LogRecord prepared = sink.prepare(done);
        res.records.add(prepared);
        return prepared;
    }

    static String instant(long ms) {
        return java.time.Instant.ofEpochMilli(ms).toString();
    }

    /** Logged cost, latency and quality: a figure that is negative, infinite or absurd makes the line bad. */
    private static void checkFigures(LogRecord.Builder r) throws BadInputException {
        if (!Double.isNaN(r.loggedCostUsd) && (!(r.loggedCostUsd >= 0) || r.loggedCostUsd >= UsageNormalizer.ABSURD)) {
            throw new BadInputException("logged cost must be a non-negative number of dollars below "
                    + UsageNormalizer.ABSURD_TEXT + " per request");
        }
        if (!Double.isNaN(r.latencyMs) && (!(r.latencyMs >= 0) || r.latencyMs > MAX_LATENCY_MS)) {
            throw new BadInputException("latency must be a non-negative number of milliseconds up to 10^12 (31 years)");
        }
        if (r.usage != null && r.usage.reasoningTokens() > r.usage.outputTokens()) {
            throw new BadInputException("reasoning tokens (" + r.usage.reasoningTokens() + ") exceed output tokens ("
                    + r.usage.outputTokens() + "): reasoning is part of output_tokens (log-format.md)");
        }
        if (!Double.isNaN(r.quality) && !(r.quality >= 0 && r.quality <= 1)) {
            throw new BadInputException("quality must be between 0 and 1");
        }
        if (r.count < 0 || r.count > 1_000_000_000L) {
            throw new BadInputException("request count must be between 0 and 10^9");
        }
        // each kind is checked on its own when read; five kinds under the ceiling can still add up past it
        if (r.usage != null && r.usage.totalTokens() > UsageNormalizer.MAX_TOKENS * Math.max(1, r.count)) {
            throw new BadInputException("token counts add up to " + r.usage.totalTokens() + " together, "
                    + UsageNormalizer.ABSURD_TEXT + " or more per request (the ceiling)");
        }
    }

    private static void capLabels(LogRecord.Builder r, Chunk res, String src, long line) {
        int before = (int) res.truncated;
        r.model = cap(r.model, res);
        r.provider = cap(named(r.provider), res);
        r.user = cap(unpadded(r.user), res);
        r.team = cap(unpadded(r.team), res);
        r.taskType = cap(r.taskType, res);
        r.experiment = cap(r.experiment, res);
        r.variant = cap(r.variant, res);
        if (before == 0 && res.truncated > 0) {
            res.firstTruncated = src + ":" + line;
        }
    }

    /**
     * A user or team without the spaces around it (also no-break ones, zero-width ones and a BOM): " leo@example.com " is leo@example.com, one group
     * row and one budget scope, not a second row with the same pseudonym (review r17 #3); a label of spaces only stays.
     */
    /**
     * A provider of spaces or invisible characters only names none (null): its price is the model's, and --by provider
     * and FOCUS's ProviderName both take the catalog's provider for it (review r24f L2: --by provider grouped "", "  "
     * and a zero-width space as a provider named "", FOCUS as the catalog's).
     */
    static String named(String s) {
        return s == null || s.codePoints().anyMatch(Character::isLetterOrDigit) ? s : null;
    }

    static String unpadded(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        int a = 0, z = s.length();
        while (a < z && padding(s.charAt(a))) {
            a++;
        }
        while (z > a && padding(s.charAt(z - 1))) {
            z--;
        }
        return a == z || a == 0 && z == s.length() ? s : s.substring(a, z);
    }

    private static boolean padding(char c) {
        // a zero-width space, joiner or BOM at an edge is invisible padding too (review r18 F9e: "\u200bgrowth" was a row)
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT;
    }

    /**
     * A label longer than {@link LogReader#MAX_LABEL} characters keeps its start, its length and a hash of the whole,
     * so two long names stay apart and the report says what happened.
     */
    static String cap(String s, Chunk res) {
        if (s == null || s.length() <= LogReader.MAX_LABEL) {
            return s;
        }
        // redact before cutting: a credential across the cut would lose its tail, no longer be recognised, and show its prefix
        String whole = s;
        s = io.techopt.core.Redactor.redact(s);
        if (s.length() <= LogReader.MAX_LABEL) {
            return s;
        }
        res.truncated++;
        int cut = Character.isHighSurrogate(s.charAt(LogReader.MAX_LABEL - 1)) ? LogReader.MAX_LABEL - 1 : LogReader.MAX_LABEL;
        return s.substring(0, cut) + "…[truncated from " + whole.length() + " chars, #"
                + String.format("%08x", whole.hashCode()) + "]";
    }
}
