package io.techopt.core;

import java.util.Collections;
import java.util.List;

/**
 * One request as every reader produces it (canonical log format v1), immutable once built. Optional numbers are NaN
 * when absent; optional strings are null. Readers fill a {@link Builder} (the same field names) and {@link Builder#build}
 * it; whoever needs a changed record makes a copy ({@link #toBuilder}, {@link #with}, {@link #withoutText}), so a
 * record handed to several sinks is the same for each of them.
 */
public final class LogRecord {
    public final long timestampMs;
    public final String model;
    public final String provider;
    public final String requestId;
    public final String user;
    public final String team;
    public final String sessionId;
    public final String taskType;
    /** The prompt's text parts, in order (unmodifiable; the reader hands its list over at build), or null when not logged or freed ({@link #withoutText}). */
    public final List<Message> messages;
    public final String response;
    public final double latencyMs;
    public final boolean error;
    public final String errorText;
    public final double loggedCostUsd;
    public final boolean batch;
    public final String experiment;
    public final String variant;
    public final double quality;
    public final Usage usage;
    /** Requests this record stands for: 1, or more for an aggregate CSV row (its tokens and cost are totals). */
    public final long count;
    /**
     * The logged cost is the cost: a billing export (FOCUS BilledCost) or a cost-only CSV. Nothing is recomputed
     * for such a record; re-pricing its tokens would lose what the bill knew (cache writes, discounts).
     */
    public final boolean costAsLogged;
    /** Usage was counted with the tokenizer because the source carried none. */
    public final boolean estimated;
    /** Line (or CSV row, or document line) the record came from, for reports of what ingest skipped. */
    public final long line;
    /** The timestamp is an offset in ms from the start of a replay trace (Mooncake), anchored by ingest. */
    public final boolean relativeTime;
    /** The logged prompt carried tool calls, tool results, images or other non-text parts that {@link #messages} (text only) lost. */
    public final boolean nonTextContent;
    /** The record carried two token counts that disagree (LiteLLM's flat counts against its usage_object). */
    public final boolean conflictingTokens;
    /**
     * What sinks derived from this record in their prepare step (on a parser thread), each under its own key, for
     * their accept step (on the reading thread): see {@link #derived(Derived.Key)} and {@link #with}.
     */
    public final Derived derived;

    private LogRecord(Builder b) {
        timestampMs = b.timestampMs;
        model = b.model;
        provider = b.provider;
        requestId = b.requestId;
        user = b.user;
        team = b.team;
        sessionId = b.sessionId;
        taskType = b.taskType;
        messages = b.messages == null ? null : Collections.unmodifiableList(b.messages);
        response = b.response;
        latencyMs = b.latencyMs;
        error = b.error;
        errorText = b.errorText;
        loggedCostUsd = b.loggedCostUsd;
        batch = b.batch;
        experiment = b.experiment;
        variant = b.variant;
        quality = b.quality;
        usage = b.usage;
        count = b.count;
        costAsLogged = b.costAsLogged;
        estimated = b.estimated;
        line = b.line;
        relativeTime = b.relativeTime;
        nonTextContent = b.nonTextContent;
        conflictingTokens = b.conflictingTokens;
        derived = b.derived == null ? Derived.NONE : b.derived;
    }

    public boolean hasPrompt() {
        return messages != null && !messages.isEmpty();
    }

    /** What the sink owning {@code key} derived from this record, or null. */
    public <T> T derived(Derived.Key<T> key) {
        return derived.get(key);
    }

    /** A copy carrying {@code value} under {@code key} besides what other sinks derived. */
    public <T> LogRecord with(Derived.Key<T> key, T value) {
        Builder b = toBuilder();
        b.derived = derived.with(key, value);
        return b.build();
    }

    /**
     * A copy without the prompt and response text: what a sink's prepare step returns once it has taken what it needs
     * from the text, so the text is not held while the record waits for the reading thread. The record read is
     * unchanged: another sink prepared from it still sees the text.
     */
    public LogRecord withoutText() {
        if (messages == null && response == null) {
            return this;
        }
        Builder b = toBuilder();
        b.messages = null;
        b.response = null;
        return b.build();
    }

    /** A builder holding this record's fields, to build a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.timestampMs = timestampMs;
        b.model = model;
        b.provider = provider;
        b.requestId = requestId;
        b.user = user;
        b.team = team;
        b.sessionId = sessionId;
        b.taskType = taskType;
        b.messages = messages;
        b.response = response;
        b.latencyMs = latencyMs;
        b.error = error;
        b.errorText = errorText;
        b.loggedCostUsd = loggedCostUsd;
        b.batch = batch;
        b.experiment = experiment;
        b.variant = variant;
        b.quality = quality;
        b.usage = usage;
        b.count = count;
        b.costAsLogged = costAsLogged;
        b.estimated = estimated;
        b.line = line;
        b.relativeTime = relativeTime;
        b.nonTextContent = nonTextContent;
        b.conflictingTokens = conflictingTokens;
        b.derived = derived;
        return b;
    }

    /** The mutable form readers fill, field by field (the same names and meanings as {@link LogRecord}'s). */
    public static final class Builder {
        public long timestampMs;
        public String model;
        public String provider;
        public String requestId;
        public String user;
        public String team;
        public String sessionId;
        public String taskType;
        public List<Message> messages;
        public String response;
        public double latencyMs = Double.NaN;
        public boolean error;
        public String errorText;
        public double loggedCostUsd = Double.NaN;
        public boolean batch;
        public String experiment;
        public String variant;
        public double quality = Double.NaN;
        public Usage usage;
        public long count = 1;
        public boolean costAsLogged;
        public boolean estimated;
        public long line;
        public boolean relativeTime;
        public boolean nonTextContent;
        public boolean conflictingTokens;
        public Derived derived = Derived.NONE;

        public boolean hasPrompt() {
            return messages != null && !messages.isEmpty();
        }

        public LogRecord build() {
            return new LogRecord(this);
        }
    }
}
