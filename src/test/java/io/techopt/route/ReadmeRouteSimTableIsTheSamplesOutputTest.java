package io.techopt.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Review r27n LOW-5: README's route-sim table for the sample had gone stale (model-router $6.40 and 4.0%, the command $6.16 and 7.6%). */
class ReadmeRouteSimTableIsTheSamplesOutputTest {
    @Test
    void everyRowAndTheProseFiguresAreTheCommandsOwn() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int start = readme.indexOf("| strategy | cost | saving | expected quality (95% CI) | change | p95 latency |");
        assertTrue(start > 0, "README's route-sim table for the sample");
        List<String> shown = new ArrayList<>();
        for (int i = start + 2; i < readme.size() && readme.get(i).startsWith("|"); i++) {
            shown.add(readme.get(i));
        }
        JsonNode j = TestSupport.cli("route-sim", "samples/requests.jsonl.gz", "-f", "json", "-q").json();
        List<String> actual = new ArrayList<>();
        for (JsonNode s : j.get("strategies")) {
            actual.add(String.format(Locale.ROOT, "| %s | $%.2f | %.1f%% | %.3f (%.3f-%.3f) | %+.3f | %.1f s |", s.get("name").asText(),
                    s.get("cost_usd").asDouble(), 100 * s.get("saving_share").asDouble(), s.get("quality").asDouble(),
                    s.get("quality_low").asDouble(), s.get("quality_high").asDouble(), s.get("quality_change").asDouble(),
                    s.at("/latency_ms/p95").asDouble() / 1000));
        }
        assertEquals(String.join("\n", actual), String.join("\n", shown));

        String prose = String.join(" ", readme.subList(start, start + actual.size() + 8));
        JsonNode router = strategy(j, "model-router"), cheapest = strategy(j, "cheapest at logged quality");
        for (String figure : List.of(
                String.format(Locale.ROOT, "the seed's rules save %.1f%% for %.3f", 100 * router.get("saving_share").asDouble(),
                        -router.get("quality_change").asDouble()),
                String.format(Locale.ROOT, "logged quality saves %.1f%% and gains %.3f", 100 * cheapest.get("saving_share").asDouble(),
                        cheapest.get("quality_change").asDouble()))) {
            assertTrue(prose.contains(figure), figure + " in: " + prose);
        }
    }

    private static JsonNode strategy(JsonNode j, String name) {
        for (JsonNode s : j.get("strategies")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no strategy " + name);
    }
}
