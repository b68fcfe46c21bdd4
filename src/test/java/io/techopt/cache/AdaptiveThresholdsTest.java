package io.techopt.cache;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #16 item 2: per-entry thresholds under a user-set error bound. */
class AdaptiveThresholdsTest {
    /**
     * The first version fitted the shared curve after 50 outcomes of any kind: 50 wrong ones pushed P(correct) to 0
     * everywhere, no candidate was plausible, and the policy never explored (nor served) again.
     */
    @Test
    void wrongOutcomesAloneNeverStopItExploring() {
        AdaptiveThresholds t = new AdaptiveThresholds(0.05);
        for (int i = 0; i < 200; i++) {
            t.verified(new ArrayList<>(), 0.80 + i * 0.0005, false);
        }
        assertEquals(AdaptiveThresholds.Decision.EXPLORE, t.decide(new ArrayList<>(), 0.97));
    }

    /** Outcomes drawn from a known curve: what it serves is wrong at most at the bound's rate, and it does serve. */
    @Test
    void servedCandidatesKeepTheBoundAndAnEntryWithCorrectOutcomesIsServedSooner() {
        SplittableRandom r = new SplittableRandom(11);
        AdaptiveThresholds t = new AdaptiveThresholds(0.05);
        List<List<AdaptiveThresholds.Outcome>> entries = new ArrayList<>();
        for (int e = 0; e < 300; e++) {
            entries.add(new ArrayList<>());
        }
        long served = 0, wrong = 0;
        for (int i = 0; i < 20000; i++) {
            double s = 0.80 + 0.2 * r.nextDouble();
            boolean correct = r.nextDouble() < AdaptiveThresholds.sigmoid(40 * (s - 0.88)); // P(correct) 0.5 at 0.88
            List<AdaptiveThresholds.Outcome> entry = entries.get(r.nextInt(entries.size()));
            switch (t.decide(entry, s)) {
                case SERVE -> {
                    served++;
                    wrong += correct ? 0 : 1;
                }
                case EXPLORE -> t.verified(entry, s, correct);
                case MISS -> {
                }
            }
        }
        assertTrue(served > 1000, "served " + served);
        assertTrue((double) wrong / served <= 0.05, wrong + " wrong of " + served);
        List<AdaptiveThresholds.Outcome> proven = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            AdaptiveThresholds.record(proven, 0.93, true);
        }
        double s = 0.80;
        while (t.decide(new ArrayList<>(), s) != AdaptiveThresholds.Decision.SERVE) {
            s += 0.001;
        }
        assertTrue(t.decide(proven, s - 0.01) == AdaptiveThresholds.Decision.SERVE,
                "an entry proven right at 0.93 is served below the threshold of a fresh one (" + s + ")");
    }
}
