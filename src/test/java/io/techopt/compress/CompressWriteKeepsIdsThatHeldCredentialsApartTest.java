package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import io.techopt.core.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Review r26s M4: `compress --write` masked a request id shaped like a credential (a 40-character random id has an AWS
 * secret's shape, req-sk-proj-… holds an API key) to one "[REDACTED]", so the copy's five requests were one request
 * (analyze: requests 1, duplicate_request_ids 4) and its sessions one session. An id's mask now carries a stable
 * pseudonym of the whole id: distinct ids stay distinct, the same id is the same in every copy, and no part of the
 * credential shows.
 */
class CompressWriteKeepsIdsThatHeldCredentialsApartTest {
    private static final List<String> IDS = List.of("pLIix6MEOLeMa61EqJomTEI1JEzO3joOj37HyVa1", "aQXekW9LctXb03rEMU64yTY6BzUZKC97i4xgcia1",
            "Fnq9RBXO2tAG1yKwILALo5vR67b2rMQSe0uJc8Za", "req-sk-proj-RqIdAb3dEf5gHi7jKl9mNo1pQr3sTu0", "req-sk-proj-RqIdAb3dEf5gHi7jKl9mNo1pQr3sTu1");

    @TempDir
    Path tmp;

    @Test
    void theCopysRequestsAndSessionsStayAsManyAsTheLogsAndHoldNoCredential() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < IDS.size(); i++) {
            ObjectNode r = TestSupport.JSON.createObjectNode().put("timestamp", "2026-10-01T10:0" + i + ":00Z").put("model", "gpt-4o-mini")
                    .put("request_id", IDS.get(i)).put("session_id", "sess-" + IDS.get(i));
            r.putArray("messages").addObject().put("role", "user").put("content", "question " + i);
            r.putObject("usage").put("input_tokens", 100).put("output_tokens", 2);
            log.append(r).append('\n');
        }
        Path f = TestSupport.write(tmp, "ids.jsonl", log.toString());
        Path first = tmp.resolve("first.jsonl"), second = tmp.resolve("second.jsonl");
        for (Path out : List.of(first, second)) {
            TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "json", "--log", "--write", out.toString(), f.toString());
            assertEquals(0, run.code(), run.err());
        }
        String written = Files.readString(first);
        for (String id : IDS) {
            assertFalse(written.contains(id.substring(id.length() - 20)), written);
        }
        Set<String> requests = new HashSet<>(), sessions = new HashSet<>();
        for (String line : written.lines().toList()) {
            JsonNode r = TestSupport.JSON.readTree(line);
            requests.add(r.get("request_id").asText());
            sessions.add(r.get("session_id").asText());
        }
        assertEquals(IDS.size(), requests.size(), written);
        assertEquals(IDS.size(), sessions.size(), written);
        assertEquals(written, Files.readString(second), "the same id has the same pseudonym in every copy");

        JsonNode ingest = TestSupport.cli("analyze", "-f", "json", first.toString()).json().get("ingest");
        assertEquals(IDS.size(), ingest.get("requests_read").asInt(), ingest.toString());
        assertEquals(0, ingest.get("duplicate_request_ids").asInt(), ingest.toString());
    }

    /** A copy read again keeps its pseudonyms: no rule takes "[REDACTED:1a2b3c4d]" after a name for a value to mask. */
    @ParameterizedTest
    @ValueSource(strings = {"req password=Zx9kQ2vLm4Pt7RwA", "password: Zx9kQ2vLm4Pt7RwA", "x?token=Zx9kQ2vLm4Pt7RwA",
            "Authorization: Token Zx9kQ2vLm4Pt7RwA", "pLIix6MEOLeMa61EqJomTEI1JEzO3joOj37HyVa1"})
    void anIdsPseudonymRedactedAgainStaysAsWritten(String id) {
        String once = Redactor.identifier(id);
        assertFalse(once.contains("Zx9kQ2vLm4Pt7RwA") || once.contains("JEzO3joOj37HyVa1"), once);
        assertEquals(once, Redactor.redact(once));
    }
}
