package io.techopt.cache.qdrant;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An unreachable Qdrant is reported as the README says: "Qdrant at host:port: connection failed", exit 1. */
class QdrantUnreachableTest {
    @TempDir
    Path dir;

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // free again once closed: nothing listens there
        }
    }

    @Test
    void theAdapterSaysConnectionFailedNamingHostAndPortOnly() throws IOException {
        int port = closedPort();
        IOException e = assertThrows(IOException.class, () -> new QdrantVectorIndex("http://127.0.0.1:" + port, "c", 8, 16));
        assertEquals("Qdrant at 127.0.0.1:" + port + ": connection failed", e.getMessage());
    }

    @Test
    void cacheWarmExitsOneWithTheReadmeMessage() throws IOException {
        int port = closedPort();
        Path log = TestSupport.write(dir, "q.jsonl", ("{\"timestamp\":\"2026-10-01T10:00:00Z\",\"model\":\"gpt-4o-mini\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}],\"response\":\"Paris\","
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}\n").repeat(3));
        TestSupport.Run run = TestSupport.cli("cache-warm", "-q", "--embedder", "hash", "--qdrant", "http://127.0.0.1:" + port, log.toString());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("Qdrant at 127.0.0.1:" + port + ": connection failed"), run.err());
        assertFalse(run.err().contains("StatusRuntimeException") || run.err().contains("UNAVAILABLE"), run.err());
    }
}
