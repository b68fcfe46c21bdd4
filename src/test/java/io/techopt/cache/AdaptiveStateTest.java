package io.techopt.cache;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #16: the adaptive policy's learned state, written out and read back (it persists with the index). */
class AdaptiveStateTest {
    /** What the adaptive policy counts as the same answer: case, spacing and punctuation set aside, wording not. */
    @Test
    void answersDifferingOnlyInCaseSpacingOrPunctuationHaveOneFingerprint() {
        String fp = SemanticCache.answerFingerprint("Reset it from Settings -> Account.");
        assertEquals(24, fp.length(), fp);
        assertEquals(fp, SemanticCache.answerFingerprint("  reset it, from settings  account"));
        assertEquals(fp, SemanticCache.answerFingerprint("RESET IT FROM SETTINGS\n\tACCOUNT!!"));
        assertTrue(!fp.equals(SemanticCache.answerFingerprint("Reset it from the Settings account.")), "a word more is another answer");
        assertEquals(null, SemanticCache.answerFingerprint(" \n "));
    }

    /** Outcomes from a known curve over 200 entries, as a warm or a replay would verify them. */
    static AdaptiveState learned(double maxError, int outcomes) {
        SplittableRandom r = new SplittableRandom(5);
        AdaptiveState s = new AdaptiveState(maxError);
        for (int i = 0; i < outcomes; i++) {
            double sim = 0.80 + 0.2 * r.nextDouble();
            boolean correct = r.nextDouble() < AdaptiveThresholds.sigmoid(40 * (sim - 0.88));
            s.verified("e" + r.nextInt(200), "q" + i, sim, correct);
        }
        return s;
    }

    @Test
    void aRestoredStateDecidesExactlyAsTheRunThatLearnedIt() throws IOException {
        AdaptiveState before = learned(0.05, 2000);
        AdaptiveState after = AdaptiveState.fromJson(before.toJson(), 0.05);
        assertEquals(before.outcomes(), after.outcomes());
        assertEquals(before.entriesWithOutcomes(), after.entriesWithOutcomes());
        int served = 0;
        for (int e = 0; e < 200; e += 7) {
            for (double sim = 0.80; sim <= 1.0; sim += 0.01) {
                AdaptiveThresholds.Decision d = before.decide("e" + e, sim);
                assertEquals(d, after.decide("e" + e, sim), "entry e" + e + " at " + sim);
                served += d == AdaptiveThresholds.Decision.SERVE ? 1 : 0;
            }
        }
        assertTrue(served > 0, "the learned state serves somewhere, so the comparison means something");
        assertEquals(before.toJson(), after.toJson());
        // learning goes on from where it stood: the same next outcome, the same state
        before.verified("e1", "q-next", 0.95, true);
        after.verified("e1", "q-next", 0.95, true);
        assertEquals(before.toJson(), after.toJson());
    }

    @Test
    void nothingKeptIsAFreshStateAndAnotherFormatIsRefused() throws IOException {
        assertEquals(0, AdaptiveState.fromJson(null, 0.02).outcomes());
        assertEquals(AdaptiveThresholds.Decision.EXPLORE, AdaptiveState.fromJson("", 0.02).decide("any", 0.99));
        IOException e = assertThrows(IOException.class, () -> AdaptiveState.fromJson("{\"format\":\"other\"}", 0.02));
        assertTrue(e.getMessage().contains(AdaptiveState.FORMAT), e.getMessage());
    }
}
