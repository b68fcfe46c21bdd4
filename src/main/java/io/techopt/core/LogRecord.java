package io.techopt.core;

import java.util.List;

/**
 * One request as every reader produces it (canonical log format v1). Optional numbers are NaN when absent;
 * optional strings are null.
 */
public final class LogRecord {
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
    /** Requests this record stands for: 1, or more for an aggregate CSV row (its tokens and cost are totals). */
    public long count = 1;
    /**
     * The logged cost is the cost: a billing export (FOCUS BilledCost) or a cost-only CSV. Nothing is recomputed
     * for such a record; re-pricing its tokens would lose what the bill knew (cache writes, discounts).
     */
    public boolean costAsLogged;
    /** Usage was counted with the tokenizer because the source carried none. */
    public boolean estimated;
    /** Line (or CSV row, or document line) the record came from, for reports of what ingest skipped. */
    public long line;
    /** The timestamp is an offset in ms from the start of a replay trace (Mooncake), anchored by ingest. */
    public boolean relativeTime;
    /** The logged prompt carried tool calls, tool results, images or other non-text parts that {@link #messages} (text only) lost. */
    public boolean nonTextContent;
    /** The record carried two token counts that disagree (LiteLLM's flat counts against its usage_object). */
    public boolean conflictingTokens;
    /** Set by a RecordSink's prepare step on a parser thread, read back in accept. */
    public Object derived;

    public boolean hasPrompt() {
        return messages != null && !messages.isEmpty();
    }
}
