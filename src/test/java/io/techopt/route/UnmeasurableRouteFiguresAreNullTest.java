package io.techopt.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** route-sim: a strategy figure nothing in the log measures is null with a note naming it, never 0, NaN or a bare prior. */
class UnmeasurableRouteFiguresAreNullTest {
    @TempDir
    Path tmp;

    static String notes(JsonNode j) {
        return j.get("assumptions").toString();
    }

    @Test
    void aLogWithoutLatencyGivesNoStrategyALatencyAndSaysWhy() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            b.append(String.format("{\"timestamp\":\"2026-10-%02dT10:00:00Z\",\"model\":\"%s\",\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d}}\n",
                    1 + i % 20, i % 3 == 0 ? "gpt-4o" : "gpt-4o-mini", 1000 + 31 * i, 100 + 7 * i));
        }
        Path log = TestSupport.write(tmp, "no-latency.jsonl", b.toString());
        JsonNode j = TestSupport.cli("route-sim", log.toString(), "-f", "json", "-q").json();
        for (JsonNode s : j.get("strategies")) {
            assertTrue(s.at("/latency_ms/p50").isNull() && s.at("/latency_ms/p95").isNull(),
                    "no latency was logged; a tier prior is not the as-logged latency: " + s);
            assertTrue(s.get("cost_per_request_usd").asDouble() > 0, s.toString());
        }
        assertTrue(notes(j).contains("latency_ms.p50") && notes(j).contains("No successful request logs a latency_ms"), notes(j));
        String csv = TestSupport.cli("route-sim", log.toString(), "-f", "csv", "-q").out();
        String asLogged = csv.lines().filter(l -> l.startsWith("as-logged,")).findFirst().orElseThrow();
        assertTrue(!asLogged.contains("NaN") && asLogged.contains(",,"), asLogged);
    }

    @Test
    void aWindowWithNoRequestHasNullStrategyFiguresAndNoZeroUnobservedShare() throws IOException {
        Path pool = TestSupport.write(tmp, "pool.yaml", "models:\n  - {model: gpt-4o-mini}\n  - {model: gpt-4o}\n");
        TestSupport.Run run = TestSupport.cli("route-sim", "samples/requests.jsonl.gz", "--since", "2027-01-01", "--pool", pool.toString(),
                "-f", "json", "-q");
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(0, j.get("requests").asLong());
        for (JsonNode s : j.get("strategies")) {
            for (String k : List.of("cost_per_request_usd", "saving_share", "quality", "quality_change", "unobserved_share")) {
                assertTrue(s.has(k) && s.get(k).isNull(), k + " of no request must be null: " + s);
                assertTrue(notes(j).contains(k), k + " is named in a note: " + notes(j));
            }
        }
    }

    @Test
    void aRouteLlmMatrixWithoutResponseColumnsHasNullResponseTokensNotZero() {
        Path mmlu = TestSupport.shared("data/routellm/mmlu_responses/mmlu_astronomy.csv");
        JsonNode j = TestSupport.cli("route-sim", "--matrix", mmlu.toString(), "--embedder", "hash", "-f", "json", "-q").json();
        for (JsonNode m : j.get("models")) {
            assertTrue(m.has("response_tokens") && m.get("response_tokens").isNull(), "no response column: " + m);
            assertTrue(m.get("prompt_tokens").asLong() > 0, m.toString());
        }
        assertTrue(notes(j).contains("response_tokens is null"), notes(j));
    }
}
