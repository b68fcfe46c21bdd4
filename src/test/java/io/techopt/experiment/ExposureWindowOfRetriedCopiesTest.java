package io.techopt.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ab-report counts a request logged again with its last copy, but the exposure window (and CUPED's pre-period, which
 * ends where it starts) still began at the earlier copy's time: a copy taken back out must not widen the window.
 */
class ExposureWindowOfRetriedCopiesTest {
    @TempDir
    static Path dir;

    private static String line(String id, String ts, String user, String variant) {
        return "{\"timestamp\":\"" + ts + "\",\"model\":\"gpt-4o\",\"request_id\":\"" + id + "\",\"user\":\"" + user
                + "\",\"experiment\":\"exp\",\"variant\":\"" + variant + "\",\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}\n";
    }

    @Test
    void anEarlierCopyTakenBackOutDoesNotWidenTheExposureWindow() throws IOException {
        StringBuilder body = new StringBuilder();
        for (int d = 1; d <= 6; d++) {
            for (int u = 0; u < 8; u++) {
                body.append(line("d" + d + "u" + u, String.format("2026-10-%02dT1%d:00:00Z", d, u), "u" + u, u % 2 == 0 ? "control" : "treatment"));
            }
        }
        // r-early was first logged on 2026-09-20 and logged again (the copy that counts) on 2026-10-07
        String early = line("r-early", "2026-09-20T08:00:00Z", "u0", "control");
        String again = line("r-early", "2026-10-07T08:00:00Z", "u0", "control");
        Path withEarly = TestSupport.write(dir, "with-early.jsonl", early + body + again);
        Path withoutEarly = TestSupport.write(dir, "without-early.jsonl", body + again);
        JsonNode got = TestSupport.cli("ab-report", "--experiment", "exp", "-f", "json", "-q", withEarly.toString()).json();
        JsonNode expected = TestSupport.cli("ab-report", "--experiment", "exp", "-f", "json", "-q", withoutEarly.toString()).json();
        assertEquals("2026-10-01T10:00:00Z", expected.get("first_exposure").asText(), expected.toString());
        assertEquals(expected.get("first_exposure"), got.get("first_exposure"), got.toString());
        assertEquals(expected.get("last_exposure"), got.get("last_exposure"), got.toString());
    }
}
