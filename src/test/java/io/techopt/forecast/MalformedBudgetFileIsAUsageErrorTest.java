package io.techopt.forecast;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A --budget file the user got wrong is a usage error (exit 2, cli.md), as a bad option value is, not a runtime
 * failure (exit 1): the message names the file and what is wrong, with any secret in it redacted.
 */
class MalformedBudgetFileIsAUsageErrorTest {
    @TempDir
    Path tmp;

    @Test
    void everyMalformedBudgetFileExitsTwoNamingTheFileAndWhatIsWrong() throws IOException {
        Path log = tmp.resolve("spend.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int d = 1; d <= 20; d++) {
            sb.append(String.format("{\"timestamp\":\"2026-10-%02dT10:00:00Z\",\"model\":\"gpt-4o-mini\",\"request_id\":\"r%d\","
                    + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}%n", d, d));
        }
        Files.writeString(log, sb.toString());
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("budgets:\n  - {scope: total, monthly_usd: [\n", "not valid YAML");
        bad.put("- just\n- a list\n", "a YAML mapping");
        bad.put("budgets:\n  - {scope: \"team:whsec_H18BudgetSecret012345\", monthly_usd: abc}\n", "monthly_usd");
        bad.put("budgets:\n  - {scope: region:eu, monthly_usd: 10}\n", "must be total, team:NAME");
        bad.put("budgets:\n  - {monthly_usd: 10}\n", "without 'scope'");
        List<String> wrong = new ArrayList<>();
        int n = 0;
        for (var e : bad.entrySet()) {
            Path file = tmp.resolve("budget-" + n++ + ".yaml");
            Files.writeString(file, e.getKey());
            TestSupport.Run run = TestSupport.cli("cost-forecast", "-q", "-f", "json", "--budget", file.toString(), log.toString());
            if (run.code() != 2 || !run.err().contains(file.toString()) || !run.err().contains(e.getValue())
                    || run.err().contains("H18BudgetSecret")) {
                wrong.add(e.getValue() + ": exit " + run.code() + ", " + run.err().strip());
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
