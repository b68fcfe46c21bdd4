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

/**
 * README's promise for analyze --compare-to: the current period's cost is the report's cost_usd and the baseline's is
 * what {@code analyze --since B1 --until B2} alone gives, even when a request id is logged again in the other period
 * (each period keeps the last copy of an id among its own records, as a stand-alone run of it does).
 */
class ChangePeriodsAreStandAloneRunsTest {
    @TempDir
    Path dir;

    /**
     * Ten requests a day through October 2026, each with its own id, then 75 copies of ids of one period logged later
     * in the file with a time in the other period ({@code currentIdsInBaseline}: current ids stamped in the baseline).
     */
    Path log(boolean currentIdsInBaseline) throws IOException {
        StringBuilder sb = new StringBuilder();
        List<String> lines = new ArrayList<>();
        for (int d = 1; d <= 30; d++) {
            for (int i = 0; i < 10; i++) {
                lines.add(line(String.format(Locale.ROOT, "2026-10-%02dT10:%02d:00Z", d, i), "r" + d + "-" + i));
            }
        }
        for (int d = 1; d <= 15; d++) {
            for (int i = 0; i < 5; i++) {
                int idDay = currentIdsInBaseline ? d + 15 : d, atDay = currentIdsInBaseline ? d : d + 15;
                lines.add(line(String.format(Locale.ROOT, "2026-10-%02dT11:%02d:00Z", atDay, i), "r" + idDay + "-" + i));
            }
        }
        lines.forEach(l -> sb.append(l).append('\n'));
        return TestSupport.write(dir, "dup" + currentIdsInBaseline + ".jsonl", sb.toString());
    }

    static String line(String ts, String id) {
        return "{\"timestamp\":\"" + ts + "\",\"model\":\"gpt-4o\",\"request_id\":\"" + id + "\",\"team\":\"alpha\","
                + "\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}";
    }

    static JsonNode run(Path log, String... extra) {
        List<String> args = new ArrayList<>(List.of("analyze", log.toString(), "-q", "-f", "json"));
        args.addAll(List.of(extra));
        TestSupport.Run r = TestSupport.cli(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return r.json();
    }

    /** By construction: the period the copies are stamped in holds 150 own requests and the 75 copies (other ids). */
    void bothPeriodsAreTheirStandAloneRuns(Path log, long baselineRequests, long currentRequests) {
        JsonNode withChange = run(log, "--since", "2026-10-16", "--until", "2026-10-31", "--compare-to", "2026-10-01..2026-10-16");
        JsonNode base = run(log, "--since", "2026-10-01", "--until", "2026-10-16");
        JsonNode change = withChange.get("change");
        assertEquals(withChange.get("cost_usd").asDouble(), change.at("/current/cost_usd").asDouble(), 1e-12, change.toString());
        assertEquals(withChange.get("requests").asLong(), change.at("/current/requests").asLong(), change.toString());
        assertEquals(base.get("cost_usd").asDouble(), change.at("/baseline/cost_usd").asDouble(), 1e-12, change.toString());
        assertEquals(base.get("requests").asLong(), change.at("/baseline/requests").asLong(), change.toString());
        assertEquals(currentRequests, change.at("/current/requests").asLong());
        assertEquals(baselineRequests, change.at("/baseline/requests").asLong());
        assertEquals(0.0035 * currentRequests, change.at("/current/cost_usd").asDouble(), 1e-9); // 1000 in, 100 out on gpt-4o
    }

    @Test
    void currentIdsLoggedAgainWithBaselineTimesStayInTheCurrentCost() throws IOException {
        bothPeriodsAreTheirStandAloneRuns(log(true), 225, 150);
    }

    @Test
    void baselineIdsLoggedAgainWithCurrentTimesStayInTheBaselineCost() throws IOException {
        bothPeriodsAreTheirStandAloneRuns(log(false), 150, 225);
    }
}
