package io.techopt.forecast;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adversarial finding (review of 80e7e05, recon.jsonl): with enough single-day errors but too few out-of-sample sums,
 * the note said "intervals of sums longer than 0 days use the widening measured for 0 days".
 */
class SumIntervalNoteTest {
    @Test
    void withNoMeasuredSumsTheNoteSaysSumsUseTheSingleDayWideningNotZeroDays() {
        double[] y = new double[30];
        for (int i = 0; i < y.length; i++) {
            y[i] = 10 + (i % 3);
        }
        double[][] dayErrors = new double[Prediction.MIN_ERRORS + 2][];
        for (int i = 0; i < dayErrors.length; i++) {
            dayErrors[i] = new double[]{0.5 + i * 0.1, 1};
        }
        Prediction p = Prediction.calibrate(LinearTrend.fit(y), y.length, 10, dayErrors, List.of());
        String notes = String.join("\n", p.notes());
        assertFalse(notes.contains("0 days"), notes);
        assertTrue(notes.contains("single days"), notes);

        // with sums of up to 3 days measured, the note names 3
        List<double[][]> sums = List.of(dayErrors, dayErrors, dayErrors);
        String three = String.join("\n", Prediction.calibrate(LinearTrend.fit(y), y.length, 10, dayErrors, sums).notes());
        assertTrue(three.contains("longer than 3 days") && three.contains("measured for 3 days"), three);
    }
}
