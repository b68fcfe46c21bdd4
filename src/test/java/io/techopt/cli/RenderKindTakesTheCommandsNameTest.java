package io.techopt.cli;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `render --kind` took the schema names (analyze-logs, budget-log, compress-log, cache-warm-simulate) but not the
 * commands' own names a user types (analyze, budget, compress, "cache-warm simulate"): both are taken, and draw the same.
 */
class RenderKindTakesTheCommandsNameTest {
    @Test
    void aCommandsNameAndItsSchemasNameDrawTheSameReport() {
        List<String[]> cases = List.of(new String[]{"analyze.json", "analyze", "analyze-logs"},
                new String[]{"budget.json", "budget", "budget-log"}, new String[]{"compress.json", "compress", "compress-log"},
                new String[]{"cache-warm-calibrate.json", "cache-warm calibrate", "cache-warm-calibrate"},
                new String[]{"route-sim.json", "route-sim", "route-sim"});
        for (String[] c : cases) {
            String file = "src/test/resources/golden/" + c[0];
            TestSupport.Run bySchema = TestSupport.cli("render", file, "--kind", c[2], "-f", "table");
            TestSupport.Run byCommand = TestSupport.cli("render", file, "--kind", c[1], "-f", "table");
            assertEquals(0, bySchema.code(), c[2] + ": " + bySchema.err());
            assertEquals(0, byCommand.code(), c[1] + ": " + byCommand.err());
            assertEquals(bySchema.out(), byCommand.out(), c[1]);
        }
        TestSupport.Run unknown = TestSupport.cli("render", "src/test/resources/golden/analyze.json", "--kind", "analyse", "-f", "table");
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("analyze") && unknown.err().contains("analyze-logs") && unknown.err().contains("'analyse'"), unknown.err());
    }
}
