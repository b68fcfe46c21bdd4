package io.techopt.ingest;

import io.techopt.core.LogRecord;
import io.techopt.core.Usage;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The reading thread's side of a read: takes each chunk in input order, adds its counts to the run's
 * {@link IngestStats}, hands its records and bad lines to the sink in line order (so --strict stops at the first bad
 * line and "last wins" holds), then its spans; merges Langfuse observations held across lines; and at the end says
 * in warnings what was read in a way the user should know. Consumer thread only.
 */
final class Delivery {
    /** The run's checked token total stays below this, so sums of any subset, by any grouping, fit a long. */
    static final long MAX_TOKEN_TOTAL = Long.MAX_VALUE / 4;

    private final IngestOptions options;
    private final RecordFinisher finisher;
    /** Counts the tokens of an update's output merged into a stored request that logged no usage. */
    private final io.techopt.tokens.TokenCounter tokens;
    private final Set<String> relativeFiles = Collections.synchronizedSet(new LinkedHashSet<>());
    /** Langfuse observations held across lines ({@link LangfusePending}). */
    private final LangfusePending langfusePending = new LangfusePending();
    /** OTel spans whose usage is the sum of the calls beneath them (not requests). */
    private final UsageRollups rollups = new UsageRollups();
    /** OTel calls under one response id that are distinct calls (not one call exported twice). */
    private final ResponseIdCalls responseIds = new ResponseIdCalls();
    /** Records whose timestamp had no UTC offset, and where the first was. */
    private long noOffsetTimestamps;
    private String firstNoOffset;
    /** Requests that logged a cost but no model, billed as logged under "(no model)", and where the first was. */
    private long costWithoutModel;
    private String firstCostWithoutModel;

    Delivery(IngestOptions options, RecordFinisher finisher, io.techopt.tokens.TokenCounter tokens) {
        this.options = options;
        this.finisher = finisher;
        this.tokens = tokens;
    }

    /** A new read starts. */
    void start() {
        noOffsetTimestamps = 0;
        firstNoOffset = null;
        costWithoutModel = 0;
        firstCostWithoutModel = null;
        rollups.reset();
        responseIds.reset();
    }

    /** One chunk in input order, then the held Langfuse observations it completed. */
    void take(Chunk r, IngestStats stats, RecordSink sink) {
        consume(r, stats, sink);
        java.util.Set<String> requests = null;
        for (LangfuseFormat.Pending p : r.pending) {
            if (p.complete()) {
                langfusePending.mapped(p); // kept for an update of it in a later line
                if (requests == null) {
                    requests = new java.util.HashSet<>();
                    for (LogRecord rec : r.records) {
                        requests.add(rec.requestId);
                    }
                }
                if (requests.contains(p.id())) {
                    langfusePending.delivered(p.id());
                }
                continue;
            }
            for (LangfuseFormat.Pending done : langfusePending.add(p)) {
                Chunk c = finisher.completed(done, sink);
                if (langfusePending.update(done)) {
                    asUpdate(c, langfusePending.wasDelivered(done.id()));
                }
                for (LogRecord rec : c.records) {
                    langfusePending.delivered(rec.requestId);
                }
                consume(c, stats, sink);
            }
        }
    }

    /**
     * A chunk of an observation mapped before and updated since: its spans marked, and its records when that earlier
     * mapping gave a request, so that their last copy wins without being counted as a request or span logged twice
     * ({@link RepeatedRequests#UPDATE}, {@link Span#update}).
     */
    private void asUpdate(Chunk c, boolean replacesARequest) {
        java.util.Map<LogRecord, LogRecord> marked = new java.util.IdentityHashMap<>();
        for (int i = 0; replacesARequest && i < c.records.size(); i++) {
            LogRecord r = c.records.get(i), m = r.with(RepeatedRequests.UPDATE, Boolean.TRUE);
            marked.put(r, m);
            c.records.set(i, m);
        }
        for (int i = 0; i < c.spans.size(); i++) {
            Span s = c.spans.get(i);
            if (s.problem() == null) {
                c.spans.set(i, s.asUpdate(s.call() == null ? null : marked.getOrDefault(s.call(), s.call())));
            }
        }
    }

    /**
     * The input has ended: maps the Langfuse observations still held, as complete as they got, and delivers the OTel
     * agent spans held for calls beneath them that never came.
     */
    void end(IngestStats stats, RecordSink sink) {
        List<LangfuseFormat.Pending> drained = langfusePending.drain();
        // updates of a generation whose create no line of this input held: one an earlier read stored (a Langfuse batch
        // split across logs ingested apart) is merged into that request, as a read of both logs merges them
        java.util.Set<String> uncreated = new java.util.LinkedHashSet<>();
        for (LangfuseFormat.Pending p : drained) {
            if (p.generation() && !p.body().hasNonNull("startTime") && !p.id().startsWith("#")) {
                uncreated.add(p.id());
            }
        }
        java.util.Map<String, LogRecord> stored = uncreated.isEmpty() ? java.util.Map.of() : sink.storedCopies(uncreated);
        for (LangfuseFormat.Pending done : drained) {
            LogRecord earlier = uncreated.contains(done.id()) ? stored.get(done.id()) : null;
            consume(earlier == null ? finisher.completed(done, sink) : finisher.updated(earlier, done, sink, tokens), stats, sink);
        }
        Chunk held = rollups.drain(); // agent spans with usage no call was read beneath: requests
        if (held != null) {
            consume(held, stats, sink);
        }
    }

    /** The warnings of the whole run, after the input has ended. */
    void warn(IngestStats stats) {
        for (String f : relativeFiles) {
            stats.warnings.add(f + ": timestamps are offsets in ms from the start of a replay trace; anchored at "
                    + java.time.Instant.ofEpochMilli(finisher.anchor()) + (options.sinceMs() == Long.MIN_VALUE
                    ? " (pass --since DATE to anchor them at the trace's real start)" : " (--since)"));
        }
        finisher.undatedBatchFiles.forEach((f, t) -> stats.warnings.add(f + ": Anthropic Message Batches results carry no time; its "
                + "requests are dated at the file's modification time, " + java.time.Instant.ofEpochMilli(t)
                + " (pass --batch-ended-at with the batch's ended_at, or its Message Batch JSON file, to date them)"));
        if (stats.truncatedLabels > 0) {
            stats.warnings.add(stats.truncatedLabels + " model name" + (stats.truncatedLabels == 1 ? "" : "s")
                    + " or other labels longer than " + LogReader.MAX_LABEL + " characters were cut to " + LogReader.MAX_LABEL
                    + " and marked '…[truncated …]' (first at " + stats.firstTruncated + ")");
        }
        if (noOffsetTimestamps > 0) {
            stats.warnings.add(noOffsetTimestamps + " line" + (noOffsetTimestamps == 1 ? " has a timestamp" : "s have timestamps")
                    + " without a UTC offset (first at " + firstNoOffset + "), read as UTC; log-format.md asks for 'Z' or "
                    + "an offset such as +02:00: if the log was written in local time, its hours are shifted");
        }
        if (costWithoutModel > 0) {
            stats.warnings.add(costWithoutModel + " request" + (costWithoutModel == 1 ? "" : "s") + " logged a cost but no "
                    + "model (first at " + firstCostWithoutModel + "): billed as logged under '" + RecordFinisher.NO_MODEL_LABEL
                    + "' (pass --default-model MODEL to name it)");
        }
        rollups.warn(stats.warnings);
        responseIds.warn(stats.warnings);
        if (stats.conflictingTokens > 0) {
            stats.warnings.add(stats.conflictingTokens + " record" + (stats.conflictingTokens == 1 ? "" : "s")
                    + " had conflicting token fields (LiteLLM's top-level prompt_tokens/completion_tokens against its "
                    + "usage_object or response usage); used usage_object (or the response's usage)");
        }
        if (stats.ignored > stats.spanLines) {
            long n = stats.ignored - stats.spanLines;
            stats.warnings.add(n + " line" + (n == 1 ? "" : "s")
                    + " held no LLM request (trace events, spans or observations without usage, recorded interactions without token "
                    + "counts) and " + (n == 1 ? "was" : "were") + " ignored");
        }
        if (stats.spanLines > 0) {
            // review r14 #5: "spans without gen_ai usage ... read only for the latency map" was OTel's wording for a
            // Langfuse log too, and hid that an LLM call among them costs what nobody logged
            stats.warnings.add(stats.spanLines + " line" + (stats.spanLines == 1 ? "" : "s") + " held no LLM request "
                    + "with token usage (trace spans or observations without usage): an LLM call among them has an unknown "
                    + "cost, left out of requests, tokens and cost, which count only LLM calls with usage (the latency map "
                    + "still shows its time)");
        }
    }

    private void bad(IngestStats stats, BadLine b) {
        stats.bad(b);
        if (options.strict()) {
            throw new StrictInputException(b);
        }
    }

    /** Every token the record carries; -1 when even that sum overflows. */
    private static long tokenSum(LogRecord r) {
        Usage u = r.usage;
        try {
            long s = Math.addExact(u.inputTokens(), u.cacheReadTokens());
            s = Math.addExact(s, u.cacheWriteTokens());
            s = Math.addExact(s, u.cacheWrite1hTokens());
            s = Math.addExact(s, u.outputTokens());
            return Math.addExact(s, u.reasoningTokens());
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /** One chunk of results: its counts, then its records and bad lines in line order, then its spans. */
    private void consume(Chunk r, IngestStats stats, RecordSink sink) {
        stats.lines += r.lines;
        stats.ignored += r.ignored;
        stats.spanLines += r.spanLines;
        stats.filtered += r.filtered;
        stats.firstRequestMs = Math.min(stats.firstRequestMs, r.firstMs);
        stats.lastRequestMs = Math.max(stats.lastRequestMs, r.lastMs);
        if (r.relativeIn != null) {
            relativeFiles.add(r.relativeIn);
        }
        if (r.truncated > 0 && stats.truncatedLabels == 0) {
            stats.firstTruncated = r.firstTruncated;
        }
        stats.truncatedLabels += r.truncated;
        if (r.noOffset > 0 && noOffsetTimestamps == 0) {
            firstNoOffset = r.firstNoOffset;
        }
        noOffsetTimestamps += r.noOffset;
        Set<LogRecord> rolledUp = r.spans.isEmpty() ? Set.of() : rollups.take(r.spans, r.records);
        if (!r.spans.isEmpty()) {
            responseIds.take(r.spans, r.records); // after the roll-ups: a roll-up span no longer names its call
        }
        // bad lines and records in line order, so --strict stops at the first bad line
        int bi = 0;
        for (LogRecord rec : r.records) {
            if (!rolledUp.isEmpty() && rolledUp.contains(rec)) {
                continue; // the sum of the calls beneath its span, not a request (UsageRollups)
            }
            while (bi < r.bad.size() && r.bad.get(bi).line() < rec.line) {
                bad(stats, r.bad.get(bi++));
            }
            BadLine noModel = rec.derived(RecordFinisher.NO_MODEL);
            if (noModel != null) {
                bad(stats, noModel); // a span without a model that is a request, not a roll-up: it cannot be priced
                continue;
            }
            long sum = tokenSum(rec);
            if (sum < 0 || stats.tokenTotal > MAX_TOKEN_TOTAL - sum) {
                bad(stats, new BadLine(r.file, rec.line, "token counts would overflow the run's totals; line skipped"));
                continue;
            }
            stats.tokenTotal += sum;
            if (!sink.counted(rec)) {
                stats.filtered++;
                sink.accept(rec);
                continue;
            }
            stats.records += rec.derived(RepeatedRequests.UPDATE) == null ? 1 : 0; // an update replaces a request read
            if (rec.derived(RecordFinisher.COST_WITHOUT_MODEL) != null && RecordFinisher.NO_MODEL_LABEL.equals(rec.model)) {
                firstCostWithoutModel = costWithoutModel++ == 0 ? r.file + ":" + rec.line : firstCostWithoutModel;
            }
            stats.conflictingTokens += rec.conflictingTokens ? 1 : 0;
            stats.estimated += rec.estimated ? 1 : 0;
            sink.accept(rec);
        }
        while (bi < r.bad.size()) {
            bad(stats, r.bad.get(bi++));
        }
        if (sink.wantsSpans()) {
            for (Span s : r.spans) {
                // a request skipped for its missing model: its span is a call of unknown cost
                sink.acceptSpan(s.call() != null && s.call().derived(RecordFinisher.NO_MODEL) != null ? s.withoutCall() : s);
            }
        }
    }
}
