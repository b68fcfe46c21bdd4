package io.techopt.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18: a LiteLLM spend-log row whose top-level prompt_tokens/completion_tokens disagree with its usage_object
 * (or cannot be read: -10, 2^64) was resolved silently. usage_object is still used (it is the detailed count), and
 * the run now counts and warns about such records.
 */
class LiteLlmConflictingTokensTest {
    @TempDir
    Path tmp;

    @Test
    void flatCountsThatDisagreeWithUsageObjectAreCountedAndWarnedAboutAndUsageObjectIsUsed() throws IOException {
        Path real = TestSupport.shared("data/litellm-logs/gcs_pub_sub_body/spend_logs_payload.json");
        ObjectNode row = (ObjectNode) TestSupport.JSON.readTree(Files.readString(real));
        StringBuilder log = new StringBuilder();
        log.append(TestSupport.JSON.writeValueAsString(row)).append('\n'); // agrees: 10 and 20
        for (Object[] v : new Object[][]{{-10, 20}, {10, new java.math.BigInteger("18446744073709551616")}, {11, 20}}) {
            ObjectNode c = row.deepCopy();
            c.put("request_id", "conflict-" + log.length());
            c.set("prompt_tokens", TestSupport.JSON.valueToTree(v[0]));
            c.set("completion_tokens", TestSupport.JSON.valueToTree(v[1]));
            log.append(TestSupport.JSON.writeValueAsString(c)).append('\n');
        }
        Path f = TestSupport.write(tmp, "spend.jsonl", log.toString());
        TestSupport.Run r = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(4, j.get("requests").asLong());
        assertEquals(40, j.at("/tokens/input").asLong(), "usage_object's 10 prompt tokens each");
        assertEquals(80, j.at("/tokens/output").asLong(), "usage_object's 20 completion tokens each");
        String warnings = j.get("warnings").toString();
        assertTrue(warnings.contains("3 records had conflicting token fields"), warnings);
        assertTrue(warnings.contains("used usage_object"), warnings);

        Path agreeing = TestSupport.write(tmp, "agree.jsonl", TestSupport.JSON.writeValueAsString(row) + "\n");
        JsonNode a = TestSupport.cli("analyze", "-f", "json", "-q", agreeing.toString()).json();
        assertFalse(a.get("warnings").toString().contains("conflicting"), a.get("warnings").toString());
    }
}
