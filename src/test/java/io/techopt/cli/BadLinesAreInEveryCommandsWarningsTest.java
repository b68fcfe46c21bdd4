package io.techopt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r17 #6: the lines a reader skipped were on stderr and in ingest.bad_line_samples, never in the JSON
 * {@code warnings} a script reads (ingest also kept "requests have no price" in its notes only, where analyze warns):
 * every command that reads logs now says them in {@code warnings}.
 */
class BadLinesAreInEveryCommandsWarningsTest {
    @TempDir
    Path tmp;

    private static boolean mentions(JsonNode warnings, String what) {
        for (JsonNode w : warnings) {
            if (w.asText().contains(what)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void skippedLinesAreWarnedInTheJsonOfEveryCommandThatReadsLogs() throws IOException {
        String good = TestSupport.GOOD_LINE;
        Path log = TestSupport.write(tmp, "bad.jsonl", good + "\n" + good.replace("10:00", "11:00") + "\n{not json\n"
                + good.replace("gpt-4o-mini", "my-unknown-model").replace("10:00", "12:00") + "\n");
        List<List<String>> commands = List.of(List.of("analyze"), List.of("budget"), List.of("cost-forecast"), List.of("route-sim"),
                List.of("compress"), List.of("cache-warm", "--dry-run"), List.of("ingest", "--store", tmp.resolve("S").toString()));
        for (List<String> c : commands) {
            List<String> args = new java.util.ArrayList<>(c);
            args.addAll(List.of(log.toString(), "-f", "json", "-q"));
            TestSupport.Run run = TestSupport.cli(args.toArray(new String[0]));
            assertEquals(0, run.code(), c + ": " + run.err());
            JsonNode warnings = run.json().get("warnings");
            assertTrue(mentions(warnings, "1 bad line skipped") && mentions(warnings, "bad.jsonl:3"), c + ": " + warnings);
        }
        TestSupport.Run ingest = TestSupport.cli("ingest", log.toString(), "--store", tmp.resolve("S2").toString(), "-f", "json", "-q");
        assertTrue(mentions(ingest.json().get("warnings"), "have no price"), ingest.json().toString());
        // read back from the store, the lines skipped at ingest are warned of too
        TestSupport.Run store = TestSupport.cli("analyze", "--store", tmp.resolve("S2").toString(), "-f", "json", "-q");
        assertEquals(0, store.code(), store.err());
        assertTrue(mentions(store.json().get("warnings"), "1 bad line was skipped"), store.json().get("warnings").toString());
    }
}
