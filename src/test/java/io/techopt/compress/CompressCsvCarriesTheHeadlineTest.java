package io.techopt.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review of issue 12: `compress samples/requests.jsonl.gz -f csv` started at by_strategy: requests, tokens before and
 * after, usd_saved, the target and kept shares and the notes were in no CSV row. The CSV now opens with a summary
 * table under the JSON's key names, holding the JSON's values, and closes with the notes.
 */
class CompressCsvCarriesTheHeadlineTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    @Test
    void theLogCsvOpensWithTheSummaryTheJsonHasAndCarriesItsNotes() throws Exception {
        String log = "samples/requests.jsonl.gz";
        TestSupport.Run csv = TestSupport.cli("compress", log, "--embedder", "hash", "-q", "-f", "csv");
        TestSupport.Run json = TestSupport.cli("compress", log, "--embedder", "hash", "-q", "-f", "json");
        assertEquals(0, csv.code(), csv.err());
        assertEquals(0, json.code(), json.err());
        JsonNode j = JSON.readTree(json.out());
        // compress's csv is its summary: the headline, one row under the JSON's names
        List<String> lines = csv.out().lines().toList();
        assertEquals(2, lines.size(), csv.out());
        String[] head = lines.get(0).split(",");
        String[] row = lines.get(1).split(",");
        List<String> keys = List.of(head);
        for (String k : List.of("requests", "tokens_before", "tokens_after", "usd_saved", "target_tokens", "target_share", "kept_share")) {
            int at = keys.indexOf(k);
            assertTrue(at >= 0, k + " is a column of the summary: " + lines.get(0));
            assertEquals(j.get(k).asDouble(), Double.parseDouble(row[at]), 1e-6 * Math.max(1, Math.abs(j.get(k).asDouble())), k);
        }
        String notes = TestSupport.cli("compress", log, "--embedder", "hash", "-q", "-f", "csv", "--table", "notes").out();
        for (JsonNode note : j.get("notes")) {
            String first = note.asText().split(",")[0].split("\"")[0];
            assertTrue(notes.lines().skip(1).anyMatch(l -> l.contains(first)), "note in the CSV's notes table: " + note);
        }
    }

    @Test
    void aSinglePromptsCsvOpensWithItsTokensAndCarriesItsNotes() throws Exception {
        Path p = TestSupport.write(tmp, "prompt.txt", "The quick brown fox jumps over the lazy dog. ".repeat(40)
                + "The rocket launches at dawn from the northern pad. It carries three satellites.");
        TestSupport.Run csv = TestSupport.cli("compress", p.toString(), "--rate", "0.3", "-q", "-f", "csv");
        assertEquals(0, csv.code(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertTrue(lines.get(0).startsWith("tokens_before,tokens_after,ratio,target_tokens"), lines.get(0));
        assertEquals(2, lines.size(), csv.out());
        String notes = TestSupport.cli("compress", p.toString(), "--rate", "0.3", "-q", "-f", "csv", "--table", "notes").out();
        assertTrue(notes.startsWith("note\n") && notes.lines().count() > 1, notes);
    }
}
