package io.techopt.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;
import io.techopt.core.Derived;
import io.techopt.core.LogRecord;
import io.techopt.core.Message;
import io.techopt.core.PromptKey;
import io.techopt.core.Redactor;
import io.techopt.core.Usage;
import io.techopt.ingest.RecordSink;
import io.techopt.pricing.CostCalculator;
import io.techopt.pricing.PriceBook;
import io.techopt.pricing.PriceEntry;
import io.techopt.pricing.PriceVersion;
import io.techopt.pricing.Pricer;
import org.duckdb.DuckDBAppender;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Receives one log's records and appends them, normalized and priced, to the staging table through DuckDB's Appender,
 * one row a record in input order ({@code ord}). Prices as analyze's pricing pass does: a record whose cost is its
 * logged cost keeps it, else its tokens at the catalog entry's prices on its day (or --price-date). Every text column
 * passes the {@link Redactor}; prompt and answer text only with {@code keepText}.
 */
public final class StagingSink implements RecordSink {
    private static final long DAY_MS = 86_400_000L;
    private static final JsonFactory JSON = new JsonFactory();

    /** What a parser thread derives from a record before it reaches {@link #accept}. */
    private record Prepared(PromptKey.Info key, String messages, String response) {
    }

    private final StoreRowWriter appender;
    private final Pricer pricer;
    private final int seq;
    private final boolean keepText;
    /** Labels repeat (models, users, teams): each distinct one is redacted once; bounded so a log of unique ids cannot grow it. */
    private final Map<String, String> redacted = new HashMap<>();
    long rows, requests;
    /** Rows that are an update of a request already staged (ingest's RepeatedRequests.UPDATE), not a copy logged twice. */
    long updates;
    /** The {@code ord} of each update: the copy it replaces is dropped before the rows are written (review r14 #11). */
    final java.util.List<Long> updateOrds = new java.util.ArrayList<>();
    long firstMs = Long.MAX_VALUE, lastMs = Long.MIN_VALUE;
    /**
     * Prompt and answer text the Appender holds are handed to the table past this many characters: left to itself it
     * holds thousands of rows in memory, and their text does not fit DuckDB's limit.
     */
    private static final long FLUSH_TEXT_CHARS = 4L << 20;
    private long textSinceFlush;
    /** Characters of prompt and answer text in the rows (0 without keepText). */
    long textChars;

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    /** Requests the rows stand for. */
    public long requests() {
        return requests;
    }

    /** The {@code ord} of each row that is an update of an earlier row of the same request (its copy is to be dropped). */
    public java.util.List<Long> updateOrds() {
        return java.util.Collections.unmodifiableList(updateOrds);
    }

    StagingSink(DuckDBAppender appender, Pricer pricer, int seq, boolean keepText) {
        this(StoreRowWriter.of(appender), pricer, seq, keepText);
    }

    /** A sink writing each row to {@code out} (the Spark job's rows: the same values as the CLI's store). */
    public StagingSink(StoreRowWriter out, Pricer pricer, int seq, boolean keepText) {
        this.appender = out;
        this.pricer = pricer;
        this.seq = seq;
        this.keepText = keepText;
    }

    private static final Derived.Key<Prepared> PREPARED = Derived.Key.of("store.prepared", Prepared.class);

    /** Keys, and with keepText the redacted text, on a parser thread; the record goes on without its text. */
    @Override
    public LogRecord prepare(LogRecord r) {
        // a stored request an update was merged into keeps the prompt key its own log gave (its text may be gone)
        PromptKey.Info stored = r.derived(PromptKey.STORED);
        PromptKey.Info key = stored != null ? stored : r.hasPrompt() ? PromptKey.of(r.model, r.messages) : null;
        String messages = keepText && r.hasPrompt() ? messagesJson(r) : null;
        String response = keepText && r.response != null ? Redactor.redact(r.response) : null;
        return r.with(PREPARED, new Prepared(key, messages, response)).withoutText();
    }

    /** The place ({@link StoreSchema#POSITION}) of the stored row a record read back by {@link #storedCopies} was. */
    static final Derived.Key<Long> STORED_AT = Derived.Key.of("store.storedAt", Long.class);

    /** Finds the stored copies of request ids (the store's rows of earlier sources); none until the store sets it. */
    java.util.function.Function<java.util.Collection<String>, Map<String, LogRecord>> earlier = ids -> Map.of();
    /** The places of the stored rows that rows of this log replace (a Langfuse update merged into its stored create). */
    final java.util.List<Long> replaced = new java.util.ArrayList<>();

    @Override
    public Map<String, LogRecord> storedCopies(java.util.Collection<String> requestIds) {
        return earlier.apply(requestIds);
    }

    @Override
    public void accept(LogRecord r) {
        if (r.derived(io.techopt.ingest.RepeatedRequests.UPDATE) != null) {
            updates++;
            updateOrds.add(rows);
        }
        Long storedAt = r.derived(STORED_AT);
        if (storedAt != null) {
            replaced.add(storedAt);
        }
        Prepared p = r.derived(PREPARED);
        if (p == null) {
            p = new Prepared(null, null, null);
        }
        Usage u = r.usage == null ? Usage.ZERO : r.usage;
        PriceBook.Resolution res = pricer.resolve(r.model, r.provider);
        PriceEntry e = res == null ? null : res.entry();
        PriceVersion v = r.costAsLogged || e == null ? null : pricer.version(e, r.timestampMs);
        double cost = r.costAsLogged ? r.loggedCostUsd : v == null ? Double.NaN : CostCalculator.cost(v, u, r.batch);
        appender.beginRow();
        appender.append(seq);
        appender.append(rows);
        appender.append(r.line);
        appender.appendEpochMicros(r.timestampMs * 1000);
        appender.appendEpochDays((int) Math.floorDiv(r.timestampMs, DAY_MS));
        appender.append(r.relativeTime);
        text(r.requestId == null ? null : Redactor.redact(r.requestId));
        if (r.requestId == null) {
            appender.appendNull();
        } else {
            appender.append(PromptKey.hash(r.requestId)); // the key analyze's last-copy rule uses (RepeatedRequests)
        }
        label(r.model);
        label(r.provider);
        label(r.user);
        label(r.team);
        label(r.sessionId);
        label(r.taskType);
        appender.append(u.inputTokens());
        appender.append(u.cacheReadTokens());
        appender.append(u.cacheWriteTokens());
        appender.append(u.cacheWrite1hTokens());
        appender.append(u.outputTokens());
        appender.append(u.reasoningTokens());
        appender.append(r.count);
        appender.append(r.estimated);
        appender.append(r.conflictingTokens);
        appender.append(r.nonTextContent);
        number(r.latencyMs);
        appender.append(r.error);
        text(r.errorText == null ? null : Redactor.redact(r.errorText));
        appender.append(r.batch);
        number(r.loggedCostUsd);
        appender.append(r.costAsLogged);
        text(v == null ? null : e.key());
        if (v == null || v.effective() == null) {
            appender.appendNull();
        } else {
            appender.append(v.effective());
        }
        number(cost);
        PromptKey.Info k = p.key();
        key(k == null ? 0 : k.key(), k == null ? -1 : k.promptChars());
        key(k == null ? 0 : k.systemPrefix(), k == null ? -1 : k.systemChars());
        key(k == null ? 0 : k.historyPrefix(), k == null ? -1 : k.historyChars());
        number(r.quality);
        label(r.experiment);
        label(r.variant);
        text(p.messages());
        text(p.response());
        appender.endRow();
        long text = length(p.messages()) + length(p.response());
        textChars += text;
        textSinceFlush += text;
        if (textSinceFlush > FLUSH_TEXT_CHARS) {
            appender.flush();
            textSinceFlush = 0;
        }
        rows++;
        requests += r.count;
        firstMs = Math.min(firstMs, r.timestampMs);
        lastMs = Math.max(lastMs, r.timestampMs);
    }

    private void text(String s) {
        if (s == null) {
            appender.appendNull();
        } else {
            appender.append(s);
        }
    }

    private void label(String s) {
        if (s == null) {
            appender.appendNull();
            return;
        }
        if (redacted.size() > 100_000) {
            redacted.clear();
        }
        appender.append(redacted.computeIfAbsent(s, Redactor::storedLabel));
    }

    private void number(double d) {
        if (Double.isNaN(d)) {
            appender.appendNull();
        } else {
            appender.append(d);
        }
    }

    /** A prompt key and its normalized length; 0 (no such prefix, or no prompt) is stored as null. */
    private void key(long key, int chars) {
        if (key == 0) {
            appender.appendNull();
            appender.appendNull();
        } else {
            appender.append(key);
            appender.append(chars);
        }
    }

    /** The prompt as a JSON array of {role, content}, each content redacted. */
    private static String messagesJson(LogRecord r) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartArray();
            for (Message m : r.messages) {
                g.writeStartObject();
                g.writeStringField("role", m.role());
                g.writeStringField("content", Redactor.redact(m.content()));
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }
}
