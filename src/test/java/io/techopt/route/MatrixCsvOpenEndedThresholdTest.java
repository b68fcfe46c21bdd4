package io.techopt.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each routing curve starts at a threshold above every score (nothing goes to the strong model): +Infinity, which the
 * JSON writes as null. `route-sim --matrix -f csv` died on it with "techopt: Infinite or NaN" and exit 2 (a usage error)
 * and wrote nothing.
 */
class MatrixCsvOpenEndedThresholdTest {
    @TempDir
    Path dir;

    @Test
    void aCurvesThresholdAboveEveryScoreIsAnEmptyCellAsTheJsonsNullAndTheCsvIsWritten() throws IOException {
        Path matrix = TestSupport.write(dir, "matrix.csv", "prompt,gpt-4-1106-preview,mixtral-8x7b-instruct-v0.1\n"
                + "What is 2+2?,True,True\nName a prime.,True,False\nSpell cat.,True,True\nWhat is 3*3?,False,False\n");
        TestSupport.Run json = TestSupport.cli("route-sim", "--matrix", matrix.toString(), "--embedder", "hash", "-q", "-f", "json");
        assertEquals(0, json.code(), json.err());
        JsonNode first = json.json().get("routers").get(0).get("curve").get(0);
        assertTrue(first.get("threshold").isNull(), first.toString());

        TestSupport.Run csv = TestSupport.cli("route-sim", "--matrix", matrix.toString(), "--embedder", "hash", "-q", "-f", "csv", "--table", "curves");
        assertEquals(0, csv.code(), csv.err());
        String name = json.json().get("routers").get(0).get("name").asText();
        String shareZero = csv.out().lines().filter(l -> l.startsWith(name + ",")).findFirst().orElseThrow();
        assertTrue(shareZero.startsWith(name + ",,0,"), "the open-ended threshold is an empty cell: " + shareZero + "\n" + csv.out());
    }
}
