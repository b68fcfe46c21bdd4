package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r11 #2: a Langfuse GENERATION with no usage and no text (masked inputs, a call that failed before its
 * prompt was logged) is read as the OTel reader reads an LLM span without usage: an LLM call of unknown cost, mapped
 * in the latency map, not a request, with the note. It never costs the other events of its batch line.
 */
class LangfuseGenerationWithoutUsageTest {
    @TempDir
    Path tmp;

    static String event(String id, String type, String body) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"body\":" + body + ",\"timestamp\":\"2026-03-01T10:00:00Z\"}";
    }

    static String obs(String id, String parent, int fromMs, int toMs, String extra) {
        return "{\"id\":\"" + id + "\",\"traceId\":\"trace-1\"" + (parent == null ? "" : ",\"parentObservationId\":\"" + parent + "\"")
                + ",\"name\":\"" + id + "\",\"startTime\":\"2026-03-01T10:00:00." + String.format("%03d", fromMs) + "Z\""
                + ",\"endTime\":\"" + (toMs >= 1000 ? "2026-03-01T10:00:01.000Z" : "2026-03-01T10:00:00." + String.format("%03d", toMs) + "Z") + "\""
                + extra + "}";
    }

    /** lf_mixed3: span S [0,1000), G1 gpt-4o 1000/100 [100,400), G2 gpt-4o with no usage and no text [400,700). */
    static List<String> batch(String g2extra) {
        return List.of("{\"batch\":[" + String.join(",",
                event("ev0", "trace-create", "{\"id\":\"trace-1\",\"timestamp\":\"2026-03-01T10:00:00.000Z\",\"name\":\"agent run\"}"),
                event("ev1", "span-create", obs("S", null, 0, 1000, "")),
                event("ev2", "generation-create", obs("G1", "S", 100, 400, ",\"model\":\"gpt-4o\",\"usageDetails\":{\"input\":1000,\"output\":100}")),
                event("ev3", "generation-create", obs("G2", "S", 400, 700, ",\"model\":\"gpt-4o\"" + g2extra))) + "]}");
    }

    JsonNode analyze(List<String> lines) throws Exception {
        return TraceRuns.analyze(tmp, "lf.jsonl", lines);
    }

    void assertOneCallPricedAndOneOfUnknownCost(JsonNode j) {
        assertEquals(1, j.get("requests").asLong(), j.toString());
        assertEquals(0.0035, j.get("cost_usd").asDouble(), 1e-12);
        assertEquals(0, j.path("bad_lines").asLong(0), j.toString());
        JsonNode lat = j.get("latency");
        assertEquals(1, lat.get("traces").asLong());
        assertEquals(0.6, lat.at("/stages/0/share_of_wall").asDouble(), 1e-12, lat.at("/stages/0").toString());
        assertEquals(0.4, lat.at("/stages/3/share_of_wall").asDouble(), 1e-12, lat.at("/stages/3").toString());
        assertTrue(lat.get("headline").asText().contains("1 without usage"), lat.get("headline").asText());
        assertTrue(lat.get("notes").toString().contains("1 LLM call in traces carries no token usage"), lat.get("notes").toString());
    }

    @Test
    void aGenerationWithoutUsageOrTextIsAnLlmCallOfUnknownCostAndItsBatchKeepsItsOtherEvents() throws Exception {
        assertOneCallPricedAndOneOfUnknownCost(analyze(batch("")));
    }

    @Test
    void aFailedGenerationWithoutUsageOrTextIsAnLlmCallOfUnknownCostToo() throws Exception {
        // lf_mixed4_err: G2 at level ERROR with a status message (a rate-limited call has no usage)
        assertOneCallPricedAndOneOfUnknownCost(analyze(batch(",\"level\":\"ERROR\",\"statusMessage\":\"RateLimitError: 429\"")));
    }

    @Test
    void aGenerationWithoutUsageOrTextInABatchLineOfItsOwnIsMappedNotABadLine() throws Exception {
        // lf_mixed2: G2 alone on line 2
        String one = batch("").get(0);
        int cut = one.indexOf(",{\"id\":\"ev3\"");
        String first = one.substring(0, cut) + "]}";
        String second = "{\"batch\":[" + one.substring(cut + 1);
        JsonNode j = analyze(List.of(first, second));
        assertOneCallPricedAndOneOfUnknownCost(j);
        assertFalse(j.toString().contains("no usage and no text"), j.toString());
    }
}
