package io.techopt.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.techopt.analyze.PromptKey;
import io.techopt.ingest.LogRecord;
import io.techopt.ingest.Message;
import io.techopt.ingest.RecordSink;
import io.techopt.report.AtomicOutput;
import io.techopt.report.Redactor;
import io.techopt.stats.LongHashSet;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the requests that could have waited for a Batch API as OpenAI Batch API input JSONL
 * ({@code custom_id, method, url, body}): successful, not already batched, with a prompt, of a batchable task
 * type. Lines are built on the parser threads; the file appears only when {@link #commit} is called. Secrets in
 * prompts are redacted, as everywhere in techopt's output.
 */
public final class BatchExporter implements RecordSink, AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private final Set<String> batchable;
    private final AtomicOutput.Pending out;
    private final LongHashSet ids = new LongHashSet();
    private long written;

    public BatchExporter(java.nio.file.Path file, Set<String> batchable) throws IOException {
        this.batchable = batchable;
        this.out = AtomicOutput.open(file);
    }

    @Override
    public void prepare(LogRecord r) {
        if (r.batch || r.error || !r.hasPrompt() || r.taskType == null
                || !batchable.contains(r.taskType.toLowerCase(Locale.ROOT))) {
            return;
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            String id = r.requestId != null ? Redactor.redact(r.requestId)
                    : "techopt-" + Long.toHexString(PromptKey.of(r.model, r.messages).key()) + "-" + r.timestampMs;
            g.writeStartObject();
            g.writeStringField("custom_id", id);
            g.writeStringField("method", "POST");
            g.writeStringField("url", "/v1/chat/completions");
            g.writeObjectFieldStart("body");
            g.writeStringField("model", r.model);
            g.writeArrayFieldStart("messages");
            for (Message m : r.messages) {
                g.writeStartObject();
                g.writeStringField("role", m.role());
                g.writeStringField("content", Redactor.redact(m.content()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        r.derived = w.toString();
    }

    @Override
    public void accept(LogRecord r) {
        if (!(r.derived instanceof String line)) {
            return;
        }
        // custom_id must be unique within a batch file: a request logged twice is exported once
        long key = PromptKey.hash(line.substring(0, line.indexOf(",\"method\"")));
        if (!ids.add(key)) {
            return;
        }
        try {
            out.write(line);
            out.write("\n");
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long written() {
        return written;
    }

    public void commit() throws IOException {
        out.commit();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
