package io.techopt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.compress.CompressResult;
import io.techopt.experiment.AbResult;
import io.techopt.report.JsonRenderer;
import io.techopt.route.RouteSimResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cli.md: a figure that cannot be measured is null with its key present; the schemas require those keys. */
class NullFiguresKeepTheirKeysTest {
    static JsonNode json(Object o) {
        return JsonRenderer.mapper().valueToTree(o);
    }

    static void assertNullKeys(String schema, JsonNode doc, String... keys) {
        for (String k : keys) {
            assertTrue(doc.has(k) && doc.get(k).isNull(), schema + ": " + k + " in " + doc);
        }
        assertEquals(List.of(), JsonSchemas.violations(schema, doc), schema);
    }

    @Test
    void routeSimKeepsItsModelKeysWhenNull() {
        // as the command writes it: the report with the ingest object, the readers' warnings and the prices_used list every log-reading,
        // pricing command carries
        JsonNode doc = json(io.techopt.report.WarningsSection.on(List.of(), io.techopt.report.IngestCounts.of(new io.techopt.ingest.IngestStats(), 0).on(
                io.techopt.report.PricesUsedSection.on(new io.techopt.pricing.PricesUsed(null), new io.techopt.route.RouteSimReport(
                        new RouteSimResult(0, null, null, null, List.of(), List.of(), List.of(), List.of(), List.of()))), true)).json());
        assertNullKeys("route-sim", doc, "weak_model", "strong_model", "default_model");
    }

    @Test
    void abReportKeepsExperimentAndControlWhenNull() {
        JsonNode doc = json(new AbResult(null, new AbResult.Srm(1.0, false, Map.of(), 0.0), List.of(), List.of(),
                new AbResult.Recommendation("inconclusive", "no variants"), null, Map.of(), null, null, 0, null, false,
                0.05, List.of()));
        for (String k : List.of("experiment", "control")) {
            assertTrue(doc.has(k) && doc.get(k).isNull(), k + " in " + doc);
        }
        List<String> v = JsonSchemas.violations("ab-report", doc).stream()
                .filter(s -> s.contains("experiment") || s.contains("control")).toList();
        assertEquals(List.of(), v, "experiment and control are required and nullable");
    }

    @Test
    void compressKeepsTokensLeftForPromptCacheWhenNull() {
        JsonNode doc = json(new CompressResult.Prompt(10, 5, 0.5, "o200k_base", "text", null, Map.of(), null, List.of()));
        assertNullKeys("compress-prompt", doc, "tokens_left_for_prompt_cache");
    }
}
