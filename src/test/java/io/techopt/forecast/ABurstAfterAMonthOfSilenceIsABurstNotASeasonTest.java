package io.techopt.forecast;

import io.techopt.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.techopt.forecast.ASparseLogEndingInABurstIsReadBothWaysTest.assertReadBothWays;
import static io.techopt.forecast.CumulativeIsARunningTotalsBoundsTest.sparseThenBurst;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review r24f M4: a $1 request on about one day in ten up to 2026-10-11, silence, then $24 on 11-14: the burst rule
 * measured the burst against the 28 days before it, which held no spend, so it never ran and the fit learned a weekly
 * season from one day ($53.18, 80% to $56.17, while the burst going on gives $408). A burst after a long silence is
 * at least as much a burst: it is measured against the days with spend before the silence.
 */
class ABurstAfterAMonthOfSilenceIsABurstNotASeasonTest {
    @TempDir
    static Path dir;

    /** sparseThenBurst's requests up to 2026-10-11, then a $24 day on each of the last {@code days} days to 11-14. */
    static String afterASilence(int days) {
        StringBuilder sb = new StringBuilder();
        for (String line : sparseThenBurst(days).split("\n")) {
            String day = line.substring(line.indexOf("\"timestamp\":\"") + 13).substring(0, 10);
            if (day.compareTo("2026-10-11") <= 0 || day.compareTo(java.time.LocalDate.parse("2026-11-15").minusDays(days).toString()) >= 0) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void oneBurstDayAfterFiveSilentWeeksIsReadAsAOneOffAndAsGoingOn() throws IOException {
        Path log = TestSupport.write(dir, "gap1.jsonl", afterASilence(1));
        // one-off: the $24 logged (and the sparse rate's ~$0.10 a day, the silence says less); goes on: 24 + 16 x 24
        assertReadBothWays(TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json(), 25.6, 408);
    }

    @Test
    void twoBurstDaysAfterASilenceGrowNoTrend() throws IOException {
        Path log = TestSupport.write(dir, "gap2.jsonl", afterASilence(2));
        assertReadBothWays(TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json(), 49.6, 432);
    }

    @Test
    void theNoteSaysTheBurstIsMeasuredAgainstTheDaysBeforeTheSilence() throws IOException {
        Path log = TestSupport.write(dir, "gap1n.jsonl", afterASilence(1));
        String w = TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json().get("warnings").toString();
        assertTrue(w.contains("before a silence of 33 days"), w);
    }
}
