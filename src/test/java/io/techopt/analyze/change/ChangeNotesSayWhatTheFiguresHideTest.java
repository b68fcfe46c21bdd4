package io.techopt.analyze.change;

import com.fasterxml.jackson.databind.JsonNode;
import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r9: conditions of a --compare-to run that its figures alone do not show are said in change.notes, with the
 * counts known by construction.
 */
class ChangeNotesSayWhatTheFiguresHideTest {
    @TempDir
    Path dir;

    static final String[] CHANGE = {"--since", "2026-10-16", "--until", "2026-10-31", "--compare-to", "2026-10-01..2026-10-16"};

    /** 10 requests a day of each model, October 1-30, 1000 input and 200 output tokens each; ids are model-day-i. */
    static String log(String... models) {
        StringBuilder b = new StringBuilder();
        for (int d = 1; d <= 30; d++) {
            for (String m : models) {
                for (int i = 0; i < 10; i++) {
                    b.append(String.format(Locale.ROOT, "{\"timestamp\": \"2026-10-%02dT%02d:00:00Z\", \"request_id\": \"%s-%d-%d\", "
                            + "\"model\": \"%s\", \"provider\": \"vllm\", \"team\": \"t1\", \"usage\": {\"input_tokens\": 1000, "
                            + "\"output_tokens\": 200}}%n", d, i, m, d, i, m));
                }
            }
        }
        return b.toString();
    }

    JsonNode run(String log, String prices, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("analyze", TestSupport.write(dir, "log.jsonl", log).toString(), "-q",
                "-f", "json", "--prices", TestSupport.write(dir, "prices.json", prices).toString()));
        args.addAll(List.of(extra));
        TestSupport.Run r = TestSupport.cli(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r.json();
    }

    /** Review r9 #2: acme-a's first price is dated October 16, so all 150 baseline requests are priced at a later price. */
    @Test
    void baselineRequestsPricedAtAPriceDatedAfterThemAreAChangeNoteNamingModelCountAndDate() throws IOException {
        String prices = "{\"models\": [{\"key\": \"acme-a\", \"provider\": \"vllm\", \"prices\": [{\"effective\": \"2026-10-16\", "
                + "\"input\": 1.0, \"output\": 2.0}, {\"effective\": \"2026-10-20\", \"input\": 2.0, \"output\": 4.0}]}, "
                + "{\"key\": \"acme-b\", \"provider\": \"vllm\", \"prices\": [{\"effective\": \"2026-09-01\", \"input\": 1.0, \"output\": 2.0}]}]}";
        JsonNode r = run(log("acme-a", "acme-b"), prices, CHANGE);
        assertEquals(0.21, r.at("/change/baseline/cost_usd").asDouble() / 2, 1e-12, "150 x $0.0014 per model");
        List<String> early = new ArrayList<>();
        r.at("/change/notes").forEach(n -> {
            if (n.asText().contains("first price")) {
                early.add(n.asText());
            }
        });
        assertEquals(1, early.size(), r.at("/change/notes").toString());
        String note = early.get(0);
        assertTrue(note.startsWith("baseline period: model 'acme-a': 150 requests dated before its first price (2026-10-16"), note);
        assertTrue(note.contains("priced at the 2026-10-16 price"), note);
        assertFalse(note.contains("acme-b"), note);
        // the current period's requests are all on or after October 16: the report itself warns of none
        assertFalse(r.get("warnings").toString().contains("first price"), r.get("warnings").toString());
    }
}
