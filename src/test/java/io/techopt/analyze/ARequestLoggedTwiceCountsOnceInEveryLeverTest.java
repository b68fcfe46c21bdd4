package io.techopt.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request id read again counts once, its last copy, in every figure (log-format.md): the bundled sample read twice,
 * or as two overlapping parts, gives the figures of the sample read once, savings levers included, on both engines and
 * on a store. Review rev21b MED-2: the prompt-cache lever wrote and read both copies (118 requests, $0.035 on the
 * sample became more on the overlapping parts, and a log read twice more than doubled it).
 */
class ARequestLoggedTwiceCountsOnceInEveryLeverTest {
    @TempDir
    static Path tmp;
    static Path whole, again, first, second;

    @BeforeAll
    static void splitTheSample() throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("samples/requests.jsonl.gz")))) {
            lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
        whole = TestSupport.write(tmp, "whole.jsonl", String.join("\n", lines) + "\n");
        again = TestSupport.write(tmp, "again.jsonl", String.join("\n", lines) + "\n\n"); // other bytes, the same requests
        int n = lines.size();
        // the parts overlap by a third of the log, in read order: their last copies are the whole log's lines in order
        first = TestSupport.write(tmp, "first.jsonl", String.join("\n", lines.subList(0, 2 * n / 3)) + "\n");
        second = TestSupport.write(tmp, "second.jsonl", String.join("\n", lines.subList(n / 3, n)) + "\n");
    }

    static JsonNode analyze(String... args) {
        List<String> a = new ArrayList<>(List.of("analyze", "-f", "json", "-q"));
        a.addAll(List.of(args));
        TestSupport.Run r = TestSupport.cli(a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r.json();
    }

    /**
     * The figures, savings included, without what counts the logs' lines and copies (inputs, duplicate ids); DuckDB's
     * sums compare to their last digits (assertSameFigures).
     */
    static JsonNode figures(JsonNode j) {
        ObjectNode o = j.deepCopy();
        o.remove(List.of("inputs", "duplicate_request_ids", "ingest", "warnings"));
        return o;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "duckdb"})
    void theSampleReadTwiceOrInOverlappingPartsGivesTheFiguresOfTheSampleReadOnce(String engine) {
        JsonNode once = analyze("--engine", engine, whole.toString());
        JsonNode prompt = once.at("/savings/1");
        assertEquals("prompt_cache", prompt.get("lever").asText());
        assertTrue(prompt.get("requests").asLong() > 0, "the sample has prompt-cache hits to count: " + prompt);
        for (List<String> logs : List.of(List.of(whole.toString(), again.toString()), List.of(first.toString(), second.toString()))) {
            List<String> args = new ArrayList<>(List.of("--engine", engine));
            args.addAll(logs);
            JsonNode twice = analyze(args.toArray(String[]::new));
            assertTrue(twice.get("duplicate_request_ids").asLong() > once.get("duplicate_request_ids").asLong(), logs.toString());
            TestSupport.assertSameFigures(figures(once), figures(twice), engine + " " + logs);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "memory"})
    void aStoreOfTheOverlappingPartsGivesTheFiguresOfTheSampleReadOnce(String engine) {
        Path store = tmp.resolve("store-" + engine);
        for (Path part : List.of(first, second)) {
            TestSupport.Run r = TestSupport.cli("ingest", "-q", "-f", "json", part.toString(), "--store", store.toString());
            assertEquals(0, r.code(), r.err());
        }
        JsonNode once = analyze("--engine", engine, whole.toString());
        JsonNode onStore = analyze("--engine", engine, "--store", store.toString());
        TestSupport.assertSameFigures(figures(once), figures(onStore), engine + " on the store");
    }
    /**
     * Review rev22 MED-2: the semantic cache replay (--semantic-cache, --plan) took every copy and undid an earlier one
     * when its later copy came, leaving the hits it gave in between: a log read twice lost 43% of the lever. A first
     * read now marks the earlier copies and the replay sees the last copies alone, in read order.
     */
    @org.junit.jupiter.api.Test
    void theSemanticCacheAndThePlanCountTheLastCopiesAlone() {
        String[] options = {"--plan", "--semantic-cache", "hash"};
        JsonNode once = analyze(concat(options, whole.toString()));
        JsonNode semantic = once.at("/savings/3");
        assertEquals("semantic_cache", semantic.get("lever").asText(), once.get("savings").toString());
        assertTrue(semantic.get("requests").asLong() > 0, "the sample has semantic hits to count: " + semantic);
        for (List<String> logs : List.of(List.of(whole.toString(), again.toString()), List.of(first.toString(), second.toString()))) {
            JsonNode twice = analyze(concat(options, logs.toArray(String[]::new)));
            TestSupport.assertSameFigures(figures(once), figures(twice), "--plan --semantic-cache hash " + logs);
        }
        Path store = tmp.resolve("store-with-text");
        for (Path part : List.of(first, second)) {
            TestSupport.Run r = TestSupport.cli("ingest", "-q", "-f", "json", part.toString(), "--store", store.toString(), "--keep-text");
            assertEquals(0, r.code(), r.err());
        }
        TestSupport.assertSameFigures(figures(once), figures(analyze(concat(options, "--store", store.toString()))),
                "--plan --semantic-cache hash on a store of the overlapping parts");
    }

    private static String[] concat(String[] a, String... b) {
        List<String> out = new ArrayList<>(List.of(a));
        out.addAll(List.of(b));
        return out.toArray(String[]::new);
    }
}
