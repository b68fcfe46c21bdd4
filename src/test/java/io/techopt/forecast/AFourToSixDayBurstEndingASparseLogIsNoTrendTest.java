package io.techopt.forecast;

import io.techopt.TestSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static io.techopt.forecast.ASparseLogEndingInABurstIsReadBothWaysTest.assertReadBothWays;
import static io.techopt.forecast.CumulativeIsARunningTotalsBoundsTest.sparseThenBurst;

/**
 * Review r24f M1: the burst rule read only one to three last days, so four $24 days ending a $1-a-day-in-ten log were
 * fitted as a level and a trend: $512.25, 80% to $1038, for readings of $97 (back to the sparse rate) and $481 (the
 * burst goes on). Four to six such days are read both ways as one to three are.
 */
class AFourToSixDayBurstEndingASparseLogIsNoTrendTest {
    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6})
    void aBurstOfFourToSixDaysIsReadAsAOneOffAndAsGoingOn(int days) throws IOException {
        Path log = TestSupport.write(dir, "burst" + days + ".jsonl", sparseThenBurst(days));
        // month-to-date: the 11-09 request and the burst; 16 days left at ~$0.10 (back to the sparse rate) or at the
        // burst's mean (six days take in 11-09, its $1 request too: $24.17 a day)
        double mtd = 1 + 24 * days, burst = days == 6 ? mtd / days : 24;
        assertReadBothWays(TestSupport.cli("cost-forecast", "-f", "json", "-q", log.toString()).json(), mtd + 1.6,
                mtd + 16 * burst);
    }
}
