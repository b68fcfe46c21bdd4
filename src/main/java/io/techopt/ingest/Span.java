package io.techopt.ingest;

import io.techopt.core.LogRecord;

/**
 * One span of a trace as read (an OTLP span or a Langfuse observation): its timing, its links and the few attributes
 * that say what it is, never its payload. {@code call} is the request the span also became when it is an LLM call
 * with usage, else null. A span that could not be read has {@code problem} set and nothing else to trust but
 * {@code name}, which is then its JSON pointer in its document when the reader knows it (/resourceSpans/0/…), or null.
 *
 * @param kind      OTLP SpanKind (0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer); 0 for Langfuse
 * @param operation {@code gen_ai.operation.name}, or null
 * @param type      the Langfuse observation type upper-cased (GENERATION, SPAN, EVENT, TOOL, RETRIEVER, …), or null
 * @param toolName  {@code gen_ai.tool.name}, or null
 * @param dbSystem  {@code db.system} or {@code db.system.name} (a database or vector store call), or null
 * @param genAiSystem {@code gen_ai.provider.name} or {@code gen_ai.system} (the span is a GenAI call even when it
 *                  carries no usage), or null
 * @param update    the span mapped again, merged with an update of it read after it was complete (a Langfuse
 *                  observation updated after its end): its last copy wins, but it is not a span sent twice
 */
public record Span(String file, long line, String traceId, String spanId, String parentId, long startNs, long endNs,
                   String name, int kind, String operation, String type, String toolName, String dbSystem,
                   LogRecord call, String problem, String genAiSystem, boolean update) {

    /** A span as read (not an {@link #asUpdate update} of one mapped before). */
    public Span(String file, long line, String traceId, String spanId, String parentId, long startNs, long endNs,
                String name, int kind, String operation, String type, String toolName, String dbSystem,
                LogRecord call, String problem, String genAiSystem) {
        this(file, line, traceId, spanId, parentId, startNs, endNs, name, kind, operation, type, toolName, dbSystem,
                call, problem, genAiSystem, false);
    }

    /** A span that names no GenAI provider (Langfuse observations, malformed spans). */
    public Span(String file, long line, String traceId, String spanId, String parentId, long startNs, long endNs,
                String name, int kind, String operation, String type, String toolName, String dbSystem,
                LogRecord call, String problem) {
        this(file, line, traceId, spanId, parentId, startNs, endNs, name, kind, operation, type, toolName, dbSystem,
                call, problem, null);
    }

    static Span malformed(String reason) {
        return malformed(reason, null);
    }

    /** A span that could not be read, at {@code pointer} (a JSON pointer in its document, or null). */
    static Span malformed(String reason, String pointer) {
        return new Span(null, 0, null, null, null, 0, 0, pointer, 0, null, null, null, null, null, reason);
    }

    /** The same span without its call: its usage was a roll-up of the calls beneath it ({@link UsageRollups}). */
    Span withoutCall() {
        return new Span(file, line, traceId, spanId, parentId, startNs, endNs, name, kind, operation, type, toolName,
                dbSystem, null, problem, genAiSystem, update);
    }

    /** The same span naming {@code call} as its call: its record keyed again ({@link ResponseIdCalls}). */
    Span withCall(LogRecord call) {
        return new Span(file, line, traceId, spanId, parentId, startNs, endNs, name, kind, operation, type, toolName,
                dbSystem, call, problem, genAiSystem, update);
    }

    /** The same span marked as an {@code update}, naming {@code call} (its record, marked likewise) as its call. */
    Span asUpdate(LogRecord call) {
        return new Span(file, line, traceId, spanId, parentId, startNs, endNs, name, kind, operation, type, toolName,
                dbSystem, call, problem, genAiSystem, true);
    }

    /** Stamped with its file and line: {@code line} is the document's first line, plus the span's own line in it. */
    Span at(String file, long line) {
        return at(file, line, call);
    }

    /** {@link #at(String, long)} naming {@code call}, the record as ingest finished it, as the span's call. */
    Span at(String file, long line, LogRecord call) {
        return new Span(file, line + this.line, traceId, spanId, parentId, startNs, endNs, name, kind, operation, type, toolName,
                dbSystem, call, problem, genAiSystem, update);
    }
}
