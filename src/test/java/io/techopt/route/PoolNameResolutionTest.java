package io.techopt.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 defect 5: a pool file's model names resolve by the price book's rules (pricing.md), so {@code gpt-4o-mini}
 * and {@code claude-sonnet-4} are the logged {@code gpt-4o-mini-2024-07-18} and {@code claude-sonnet-4-20250514};
 * a name that resolves to nothing is a usage error naming it; routing strategies only call pool models.
 */
class PoolNameResolutionTest {
    @TempDir
    Path tmp;

    @Test
    void readmePoolNamesMatchTheSamplesDatedModelNames() throws IOException {
        Path pool = TestSupport.write(tmp, "pool.yaml", "default: gpt-4o-mini\nmodels:\n"
                + "  - {model: gpt-4o-mini, tier: economy, quality: 0.74}\n"
                + "  - {model: claude-sonnet-4, tier: premium, quality: 0.9}\n");
        TestSupport.Run run = TestSupport.cli("route-sim", "samples/requests.jsonl.gz", "--pool", pool.toString(), "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(2, j.get("models").size());
        for (JsonNode m : j.get("models")) {
            assertTrue(m.get("logged_requests").asLong() > 100, "pool model matched no logged request: " + m);
        }
        Set<String> poolNames = new HashSet<>();
        j.get("models").forEach(m -> poolNames.add(m.get("model").asText()));
        assertTrue(poolNames.contains("gpt-4o-mini-2024-07-18") && poolNames.contains("claude-sonnet-4-20250514"), poolNames.toString());
        for (JsonNode s : j.get("strategies")) {
            if (s.get("name").asText().equals("as-logged")) {
                continue;
            }
            for (Iterator<String> it = s.get("share_by_model").fieldNames(); it.hasNext(); ) {
                String model = it.next();
                assertTrue(poolNames.contains(model), s.get("name").asText() + " calls " + model + ", outside the pool " + poolNames);
            }
        }
        // the observed cells of the pool models come from the log, not the priors alone
        long observed = 0;
        for (JsonNode c : j.get("cells")) {
            if (poolNames.contains(c.get("model").asText())) {
                observed += c.get("observations").asLong();
            }
        }
        assertTrue(observed > 100, j.get("cells").toString());
    }

    @Test
    void aPoolNameThatResolvesToNothingIsAUsageErrorNamingIt() throws IOException {
        Path pool = TestSupport.write(tmp, "pool.yaml", "models:\n  - {model: gpt-4o-mini}\n  - {model: acme-nonexistent-9}\n");
        TestSupport.Run run = TestSupport.cli("route-sim", "samples/requests.jsonl.gz", "--pool", pool.toString(), "-f", "json", "-q");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("acme-nonexistent-9"), run.err());
        assertEquals("", run.out(), "no report on a usage error");
    }

    @Test
    void weakAndStrongAndDefaultResolveLikePoolNames() throws IOException {
        Path pool = TestSupport.write(tmp, "pool.yaml", "default: claude-sonnet-4-20250514\nmodels:\n"
                + "  - {model: gpt-4o-mini}\n  - {model: claude-sonnet-4}\n");
        TestSupport.Run run = TestSupport.cli("route-sim", "samples/requests.jsonl.gz", "--pool", pool.toString(),
                "--weak", "gpt-4o-mini-2024-07-18", "--strong", "claude-sonnet-4", "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        assertEquals("gpt-4o-mini-2024-07-18", run.json().get("weak_model").asText());
        assertEquals("claude-sonnet-4-20250514", run.json().get("strong_model").asText());
        assertEquals("claude-sonnet-4-20250514", run.json().get("default_model").asText());
    }
}
