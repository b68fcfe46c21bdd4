package io.techopt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r14 #13/#14: analyze's JSON carried the readers' warnings, but budget, route-sim, ab-report, compress and
 * cache-warm printed them on stderr only, which -q hides and --out leaves behind; on a store without text, route-sim's
 * and budget's "complexity judged from prompt tokens alone" was nowhere in the report while the router's cost moved
 * -64%. Every report that reads logs now has a warnings array with stderr's sentences, in the text formats too.
 */
class EveryReportCarriesItsReadersWarningsTest {
    static final String NOT_GZIP = "named .gz but not gzip-compressed; read as plain text";

    @TempDir
    static Path tmp;
    static Path plainNamedGz, untypedStore;

    @BeforeAll
    static void inputs() throws IOException {
        // the sample uncompressed under a .gz name: every reader warns, and the log still reads in full
        plainNamedGz = tmp.resolve("sample-plain.jsonl.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(JsonOutputContractTest.SAMPLE)))) {
            Files.write(plainNamedGz, in.readAllBytes());
        }
        // 300 of the sample's requests without their task type, in a store without text
        List<String> untyped = new ArrayList<>();
        for (String line : Files.readAllLines(plainNamedGz).subList(0, 300)) {
            untyped.add(line.replaceAll("\"task_type\":\\s*\"[^\"]*\",\\s*", ""));
        }
        assertTrue(untyped.stream().noneMatch(l -> l.contains("task_type")));
        Path log = TestSupport.write(tmp, "untyped.jsonl", String.join("\n", untyped) + "\n");
        untypedStore = tmp.resolve("untyped-store");
        assertEquals(0, TestSupport.cli("ingest", log.toString(), "--store", untypedStore.toString(), "-q").code());
    }

    static List<String> warnings(JsonNode doc) {
        List<String> w = new ArrayList<>();
        doc.path("warnings").forEach(n -> w.add(n.asText()));
        return w;
    }

    /** The command run with -q and --out FILE -f json: the file's warnings. */
    static List<String> quietReportWarnings(String name, String... args) throws IOException {
        Path out = tmp.resolve(name + ".json");
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("-q", "-f", "json", "--out", out.toString()));
        TestSupport.Run run = TestSupport.cli(a.toArray(String[]::new));
        assertEquals(0, run.code(), name + ": " + run.err());
        return warnings(TestSupport.JSON.readTree(out.toFile()));
    }

    @Test
    void aReadersWarningIsInTheJsonOfEveryCommandThatReadsTheLogEvenUnderQuietAndOut() throws IOException {
        String log = plainNamedGz.toString();
        List<String[]> runs = List.of(
                new String[]{"budget", "budget", log},
                new String[]{"route-sim", "route-sim", log},
                new String[]{"ab-report", "ab-report", log, "--experiment", "support-prompt-v2"},
                new String[]{"compress", "compress", log, "--since", "2026-10-05", "--until", "2026-10-06"},
                new String[]{"cache-warm", "cache-warm", log, "--dry-run", "--embedder", "hash"},
                new String[]{"cache-warm-simulate", "cache-warm", "simulate", log, "--no-semantic"},
                new String[]{"cost-forecast", "cost-forecast", log},
                new String[]{"analyze", "analyze", log});
        for (String[] r : runs) {
            String[] args = java.util.Arrays.copyOfRange(r, 1, r.length);
            List<String> w = quietReportWarnings(r[0], args);
            assertTrue(w.stream().anyMatch(x -> x.endsWith(NOT_GZIP)), r[0] + "'s report lacks the reader's warning: " + w);
            assertEquals(1, w.stream().filter(x -> x.endsWith(NOT_GZIP)).count(), r[0] + " says it once: " + w);
        }
    }

    @Test
    void aReportWithoutWarningsHasAnEmptyArray() {
        JsonNode budget = TestSupport.cli("budget", JsonOutputContractTest.SAMPLE, "-q", "-f", "json").json();
        assertTrue(budget.get("warnings").isArray(), budget.toPrettyString());
    }

    @Test
    void onAStoreWithoutTextRouteSimAndBudgetSayInTheReportThatComplexityWasJudgedFromTokensAlone() throws IOException {
        for (String cmd : List.of("route-sim", "budget")) {
            List<String> w = quietReportWarnings(cmd + "-store", cmd, untypedStore.toString());
            String note = w.stream().filter(x -> x.contains("judged their complexity from their prompt tokens alone")).findFirst()
                    .orElseThrow(() -> new AssertionError(cmd + " on a store without text: no word of it in the report: " + w));
            assertTrue(note.startsWith("300 records without a known task type"), note);
            assertTrue(note.contains("can differ from the same log's read directly"), note);
            TestSupport.Run table = TestSupport.cli(cmd, untypedStore.toString(), "-q", "-f", "table");
            assertTrue(table.out().contains("judged their complexity from their prompt tokens alone"), cmd + " table:\n" + table.out());
        }
    }
}
