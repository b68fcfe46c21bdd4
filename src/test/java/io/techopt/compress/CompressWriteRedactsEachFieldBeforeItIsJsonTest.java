package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `compress --write` wrote user, team and response as they were logged and left them to the line's redaction, which reads
 * the JSON text: there a TAB is "\t", a quote '\"' and a backslash "\\", so "SECRET\tV", {@code <entry key="password">V</entry>}
 * and {@code pass\u005cu0077ord=V} kept V in the copy while analyze masked them (red19's end-to-end run). Each field is
 * now redacted as text before it is written.
 */
class CompressWriteRedactsEachFieldBeforeItIsJsonTest {
    private static final String VALUE = "Zx9kQ2vLm4Pt7RwA";
    private static final List<String> FORMS = List.of("SECRET\t" + VALUE, "<entry key=\"password\">" + VALUE + "</entry>",
            "pass\\u0077ord=" + VALUE);

    @TempDir
    Path tmp;

    @Test
    void userTeamAndResponseHoldNoCredentialInTheCopy() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < FORMS.size(); i++) {
            ObjectNode r = TestSupport.JSON.createObjectNode().put("timestamp", "2026-10-01T10:0" + i + ":00Z").put("model", "gpt-4o-mini")
                    .put("request_id", "r" + i).put("user", FORMS.get(i)).put("team", FORMS.get((i + 1) % FORMS.size()))
                    .put("response", "The line " + FORMS.get((i + 2) % FORMS.size()) + " looks fine.");
            r.putArray("messages").addObject().put("role", "user").put("content", "Is this config line right? It reads well to me.");
            r.putObject("usage").put("input_tokens", 40).put("output_tokens", 10);
            log.append(r).append('\n');
        }
        Path f = TestSupport.write(tmp, "fields.jsonl", log.toString());
        Path out = tmp.resolve("compressed.jsonl");
        TestSupport.Run run = TestSupport.cli("compress", "-q", "-f", "json", "--log", "--write", out.toString(), f.toString());
        assertEquals(0, run.code(), run.err());
        String written = Files.readString(out);
        assertFalse(written.contains(VALUE), written);
        for (String line : written.lines().toList()) {
            JsonNode r = TestSupport.JSON.readTree(line);
            for (String field : List.of("user", "team", "response")) {
                assertTrue(r.get(field).asText().contains("[REDACTED]"), field + " in " + line);
            }
        }
    }
}
