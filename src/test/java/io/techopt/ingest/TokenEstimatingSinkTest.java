package io.techopt.ingest;

import io.techopt.core.LogRecord;
import io.techopt.tokens.TokenCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token estimation is a sink decorator in front of the caller's sink: a record that logged no usage has its tokens
 * counted from its text before the caller's {@code prepare} runs, so a sink that drops the prompt text there (as
 * analyze does) still gets the estimate; a record that logged usage keeps it.
 */
class TokenEstimatingSinkTest {
    @TempDir
    Path dir;

    static String litellm(String id, String time, String usage) {
        return "{\"id\":\"" + id + "\",\"call_type\":\"completion\",\"startTime\":\"2025-06-01 10:00:0" + time + ".000000\","
                + "\"endTime\":\"2025-06-01 10:00:0" + time + ".500000\",\"model\":\"gpt-4o\",\"status\":\"success\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}],"
                + "\"response\":{" + usage + "\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Hi! How can I help?\"}}]}}";
    }

    @Test
    void aRecordWithoutUsageIsEstimatedBeforeTheSinkPreparesItAndOneWithUsageKeepsIt() throws IOException {
        Path log = dir.resolve("log.jsonl");
        Files.writeString(log, litellm("a", "1", "") + "\n"
                + litellm("b", "2", "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3},") + "\n");
        List<String> seenInPrepare = new ArrayList<>();
        List<LogRecord> accepted = new ArrayList<>();
        RecordSink dropsText = new RecordSink() {
            @Override
            public LogRecord prepare(LogRecord r) {
                seenInPrepare.add(r.usage == null ? "no usage" : r.usage.inputTokens() + "/" + r.usage.outputTokens());
                return r.withoutText(); // what analyze does once it has what it needs
            }

            @Override
            public void accept(LogRecord r) {
                accepted.add(r);
            }
        };
        IngestStats stats = new LogReader(IngestOptions.defaults(), new TokenCounter())
                .read(LogSource.expand(List.of(log.toString())), dropsText);
        TokenCounter counter = new TokenCounter();
        var expected = counter.estimate("gpt-4o", List.of(new io.techopt.core.Message("user", "Hello, world!")),
                "Hi! How can I help?");
        assertEquals(List.of(expected.inputTokens() + "/" + expected.outputTokens(), "7/3"), seenInPrepare);
        assertEquals(2, accepted.size());
        assertTrue(accepted.get(0).estimated);
        assertFalse(accepted.get(1).estimated);
        assertNull(accepted.get(0).messages);
        assertEquals(1, stats.estimated);
        assertEquals(2, stats.records);
    }
}
