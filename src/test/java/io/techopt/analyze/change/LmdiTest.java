package io.techopt.analyze.change;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The LMDI-I cell formula and the analytical limits of Ang & Liu (2007) for zero values, by hand. */
class LmdiTest {
    @Test
    void twoFactorsShareTheChangeByTheirLogRatiosWeightedByTheLogMean() {
        // C = a × b: 2 × 3 = 6 to 4 × 3.3 = 13.2; L(13.2, 6) = 7.2 / ln 2.2
        double[] e = Lmdi.cell(6, 13.2, new double[]{2, 3}, new double[]{4, 3.3});
        double l = 7.2 / Math.log(2.2);
        assertEquals(l * Math.log(2), e[0], 1e-12);
        assertEquals(l * Math.log(1.1), e[1], 1e-12);
        assertEquals(7.2, e[0] + e[1], 1e-15);
    }

    @Test
    void aCellAppearingGivesItsWholeValueToTheFactorThatWasZeroAndNothingToTheOthers() {
        assertArrayEquals(new double[]{0, 5, 0}, Lmdi.cell(0, 5, new double[]{2, 0, 1}, new double[]{4, 1, 1.25}), 0);
        assertArrayEquals(new double[]{-5, 0, 0}, Lmdi.cell(5, 0, new double[]{2, 2.5, 1}, new double[]{0, 2.5, 3}), 0);
    }

    @Test
    void twoZeroFactorsShareTheCellEquallyAsTheirLimitsAtTheSameDeltaDo() {
        assertArrayEquals(new double[]{3, 3, 0}, Lmdi.cell(0, 6, new double[]{0, 0, 1}, new double[]{2, 3, 1}), 0);
    }

    @Test
    void aCellZeroInBothPeriodsHasNoEffects() {
        assertArrayEquals(new double[]{0, 0}, Lmdi.cell(0, 0, new double[]{0, 1}, new double[]{5, 0}), 0);
    }

    @Test
    void theLogMeanIsAccurateForCloseValues() {
        assertEquals(1, Lmdi.logMean(1, 1), 0);
        assertEquals(1 + 5e-13, Lmdi.logMean(1 + 1e-12, 1), 1e-15);
        assertEquals(1 / Math.log(2), Lmdi.logMean(2, 1), 1e-15);
    }
}
