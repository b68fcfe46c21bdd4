package io.techopt.ingest;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A retry logged twice under one request id is one request for every command that counts requests. */
class RequestsLoggedTwiceTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandCountsARequestLoggedTwiceOnce() throws IOException {
        String a = "{\"timestamp\":\"2026-10-01T10:00:00Z\",\"request_id\":\"req-1\",\"user\":\"u1\",\"experiment\":\"e\",\"variant\":\"control\","
                + "\"model\":\"gpt-4o-mini\",\"task_type\":\"simple_qa\",\"messages\":[{\"role\":\"user\",\"content\":\"What is a webhook?\"}],"
                + "\"response\":\"An HTTP callback.\",\"usage\":{\"input_tokens\":100,\"output_tokens\":10},\"quality\":0.8}";
        String b = a.replace("req-1", "req-2").replace("10:00:00Z", "10:05:00Z").replace("u1", "u2").replace("control", "treatment");
        Path log = TestSupport.write(dir, "log.jsonl", a + "\n" + a + "\n" + b + "\n");
        assertEquals(2, TestSupport.cli("analyze", log.toString(), "--format", "json").json().get("requests").asLong());
        assertEquals(2, TestSupport.cli("budget", log.toString(), "--format", "json").json().get("requests").asLong());
        assertEquals(2, TestSupport.cli("compress", "--log", log.toString(), "--format", "json").json().get("requests").asLong());
        assertEquals(2, TestSupport.cli("route-sim", log.toString(), "--format", "json").json().get("requests").asLong());
        assertEquals(2, TestSupport.cli("cache-warm", log.toString(), "--dry-run", "--format", "json").json().get("requests").asLong());
        var ab = TestSupport.cli("ab-report", log.toString(), "--experiment", "e", "--format", "json").json();
        long total = 0;
        for (var v : ab.get("variants")) {
            total += v.get("requests").asLong();
        }
        assertEquals(2, total);
    }
}
