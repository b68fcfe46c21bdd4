package io.techopt.analyze.latency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.PlantedSecrets;
import io.techopt.TestSupport;
import io.techopt.contract.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The only OTel fixture in ../shared/data: the kwargs LiteLLM's OpenTelemetry callback receives
 * ({@code otel/captured_kwargs.json}). It is read as one request and mapped as the two spans that callback emits for
 * it: {@code litellm_request} and its child {@code raw_gen_ai_request}, both from the callback's start_time to its
 * end_time (litellm/integrations/opentelemetry.py, _start_primary_span and _maybe_log_raw_request).
 */
class LiteLlmOtelCaptureTest {
    private static final DateTimeFormatter NAIVE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    @TempDir
    Path tmp;

    static Path capture() {
        return TestSupport.shared("data/litellm-logs/otel/captured_kwargs.json");
    }

    @Test
    void theOtelCallbackCaptureIsReadAsOneRequestAndPricedFromItsStandardLoggingObject() {
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", capture().toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(1, j.get("requests").asLong());
        assertEquals(0, j.get("bad_lines").asLong());
        assertEquals(14, j.at("/tokens/input").asLong());
        assertEquals(67, j.at("/tokens/output").asLong());
        // Bedrock cross-region profile of Claude 3.7 Sonnet: $3 / $15 per 1M; LiteLLM logged 0.001047 too
        assertEquals(14 * 3e-6 + 67 * 15e-6, j.get("cost_usd").asDouble(), 1e-15);
        assertEquals("us.anthropic.claude-3-7-sonnet-20250219-v1:0", j.at("/by_model/0/price_key").asText());
        assertEquals(0.001047, j.at("/billing/logged_cost_usd").asDouble(), 1e-15);
        // the request's time is the standard logging object's epoch startTime (UTC by definition), not the naive
        // local start_time of the kwargs: no "without a UTC offset" warning
        assertFalse(j.toString().contains("without a UTC offset"), j.get("warnings").toString());
        assertEquals(236.798, j.at("/latency_ms/p50").asDouble(), 1e-3);
    }

    @Test
    void itIsMappedAsLiteLlmsTwoSpansWhoseSharesSumToOneAndMatchAHandComputationFromTheFilesTimestamps() throws Exception {
        JsonNode kwargs = TestSupport.JSON.readTree(capture().toFile());
        // by hand: both spans run from start_time to end_time (naive local times of the LiteLLM host), the raw request
        // is the deepest span all along, and both are the LLM call: LLM is 100% of wall time and critical path
        LocalDateTime start = LocalDateTime.parse(kwargs.get("start_time").asText(), NAIVE);
        LocalDateTime end = LocalDateTime.parse(kwargs.get("end_time").asText(), NAIVE);
        double wallMs = ChronoUnit.MICROS.between(start, end) / 1000.0;
        assertEquals(239.584, wallMs, 1e-9);
        // the host's UTC offset: its naive end_time against the standard logging object's epoch endTime
        double epochEnd = kwargs.at("/standard_logging_object/endTime").asDouble();
        long offsetS = Math.round((end.toEpochSecond(ZoneOffset.UTC) - epochEnd) / 900.0) * 900;
        assertEquals(-7 * 3600, offsetS);

        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", capture().toString());
        JsonNode j = run.json();
        assertTrue(JsonSchemas.violations("analyze-logs", j).isEmpty(), JsonSchemas.violations("analyze-logs", j).toString());
        JsonNode lat = j.get("latency");
        assertEquals(1, lat.get("traces").asLong());
        assertEquals(2, lat.get("spans").asLong(), "litellm_request and raw_gen_ai_request");
        assertEquals(0, lat.get("malformed_spans").asLong());
        assertEquals(wallMs, lat.get("wall_ms").asDouble(), 1e-9);
        JsonNode t = lat.at("/slowest_traces/0");
        // the trace is LiteLLM's trace id (litellm_trace_id)
        assertEquals(kwargs.at("/standard_logging_object/trace_id").asText(), t.get("trace_id").asText());
        assertEquals(wallMs, t.get("wall_ms").asDouble(), 1e-9);
        assertEquals(1.0, t.at("/wall_share/llm").asDouble(), 0);
        assertEquals(1.0, t.at("/critical_path_share/llm").asDouble(), 0);
        assertEquals(1.0, LatencyMapCliTest.sum(t.get("wall_share")), 1e-12);
        assertEquals(1.0, LatencyMapCliTest.sum(t.get("critical_path_share")), 1e-12);
        assertEquals(14 * 3e-6 + 67 * 15e-6, t.get("cost_usd").asDouble(), 1e-15);
        assertEquals(1.0, t.at("/cost_share/llm").asDouble(), 0);
        double shares = 0;
        for (JsonNode s : lat.get("stages")) {
            shares += s.get("share_of_wall").asDouble();
        }
        assertEquals(1.0, shares, 1e-12);
        JsonNode llm = lat.at("/stages/0");
        assertEquals("llm", llm.get("stage").asText());
        assertEquals(2, llm.get("spans").asLong());
        assertEquals(wallMs, llm.get("wall_ms").asDouble(), 1e-9);
        assertEquals(wallMs, llm.at("/span_ms/p50").asDouble(), 1e-9, "each span lasts start_time to end_time");
        assertEquals("LLM calls: 100.0% of latency, 100.0% of cost", lat.get("headline").asText());
        // the spans sit at the real instant: the naive times shifted by the host's offset (17:59:08.159939Z), so
        // --since at that millisecond keeps them and the next one leaves them out (the request, 2.8 ms later, stays)
        Instant spanStart = start.toInstant(ZoneOffset.ofTotalSeconds((int) offsetS));
        assertEquals(Instant.parse("2025-06-22T17:59:08.159939Z"), spanStart);
        JsonNode kept = TestSupport.cli("analyze", "-f", "json", "-q", "--since", "2025-06-22T17:59:08.159Z",
                "--until", "2025-06-22T18:00:00Z", capture().toString()).json();
        assertEquals(2, kept.at("/latency/spans").asLong(), kept.toString());
        JsonNode after = TestSupport.cli("analyze", "-f", "json", "-q", "--since", "2025-06-22T17:59:08.160Z",
                "--until", "2025-06-22T18:00:00Z", capture().toString()).json();
        assertEquals(1, after.get("requests").asLong());
        assertEquals(0, after.at("/latency/spans").asLong(), after.toString());
    }

    @Test
    void withoutItsStandardLoggingObjectTheKwargsAloneAreReadAndMapped() throws Exception {
        ObjectNode kwargs = (ObjectNode) TestSupport.JSON.readTree(capture().toFile());
        kwargs.remove("standard_logging_object");
        Path f = TestSupport.write(tmp, "kwargs.json", kwargs.toString());
        TestSupport.Run run = TestSupport.cli("analyze", "-f", "json", "-q", f.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode j = run.json();
        assertEquals(1, j.get("requests").asLong());
        assertEquals(0.001047, j.get("cost_usd").asDouble(), 1e-15, "priced from the logged response_cost's usage");
        assertEquals(239.584, j.at("/latency/wall_ms").asDouble(), 1e-9);
        assertEquals(1.0, j.at("/latency/slowest_traces/0/wall_share/llm").asDouble(), 0);
    }

    @Test
    void noSecretOfTheCaptureReachesAnyOutput() throws Exception {
        ObjectNode kwargs = (ObjectNode) TestSupport.JSON.readTree(capture().toFile());
        // plant credentials where LiteLLM keeps them: api_key, api_base, client_secret, the metadata's key and e-mail,
        // a header, and the span name LiteLLM takes from metadata.generation_name
        List<PlantedSecrets.Planted> planted = PlantedSecrets.ALL;
        kwargs.put("api_key", planted.get(0).text());
        ((ObjectNode) kwargs.get("litellm_params")).put("api_key", planted.get(1).text());
        ((ObjectNode) kwargs.get("litellm_params")).put("client_secret", planted.get(2).text());
        ((ObjectNode) kwargs.get("litellm_params")).put("api_base", planted.get(13).text());
        ObjectNode meta = (ObjectNode) kwargs.at("/litellm_params/metadata");
        meta.put("user_api_key", planted.get(6).text());
        meta.put("user_api_key_user_email", "dana.kowalski+llm@finance-example.org");
        meta.put("generation_name", "call " + planted.get(9).text());
        ((ObjectNode) meta.get("headers")).put("authorization", planted.get(4).text());
        ((ObjectNode) kwargs.get("standard_logging_object")).put("end_user", planted.get(10).text());
        Path f = TestSupport.write(tmp, "kwargs.json", kwargs.toString());
        for (String fmt : List.of("table", "json", "csv", "markdown", "html")) {
            TestSupport.Run run = TestSupport.cliWithEveryCsvTable("analyze", "-f", fmt, "--group-by", "user", f.toString());
            assertEquals(0, run.code(), run.err());
            String all = run.out() + run.err();
            for (int i : new int[]{0, 1, 2, 4, 6, 9, 10, 13}) {
                assertFalse(all.contains(planted.get(i).needle()), fmt + " leaks " + planted.get(i).family());
            }
            assertFalse(all.contains("dana.kowalski"), fmt + " leaks the e-mail");
            // the Bedrock ARN carries the AWS account id and region: the model is shown as its profile id
            assertFalse(all.contains("1234567890123"), fmt + " shows the AWS account id");
            assertFalse(all.contains("bedrock-runtime.us-west-2.amazonaws.com"), fmt + " shows the api_base");
        }
        JsonNode j = TestSupport.cli("analyze", "-f", "json", "-q", f.toString()).json();
        assertEquals("us.anthropic.claude-3-7-sonnet-20250219-v1:0", j.at("/by_model/0/model").asText());
        assertNull(j.at("/latency/slowest_traces/0").get("name"));
    }
}
