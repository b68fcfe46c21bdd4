package io.techopt.cache;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class FalseHitGuardTest {
    final FalseHitGuard g = new FalseHitGuard();

    @Test
    void rejectsWhatAsksSomethingElse() {
        assertEquals("opposite words (enable/disable)", g.reject("How do I enable 2FA?", "How do I disable 2FA?"));
        assertEquals("numbers differ", g.reject("What changed in version 2?", "What changed in version 3?"));
        assertEquals("negation differs", g.reject("Why does the cache hit?", "Why doesn't the cache hit?"));
        assertEquals("different entities", g.reject("How do I learn Python fast?", "How do I learn Java fast?"));
        assertNotNull(g.reject("Is GPT-4 better than Claude?", "Is GPT-3 better than Claude?"));
    }

    @Test
    void letsParaphrasesThrough() {
        assertNull(g.reject("How can I reset my password?", "What is the way to reset my password?"));
        assertNull(g.reject("What is the capital of France?", "Which city is the capital of France?"));
        assertNull(g.reject("How do I learn Python?", "What is the best way to learn Python?"));
    }

    @Test
    void calibrationPicksTheHighestRecallAtThePrecisionBar() {
        List<Calibration.Scored> pairs = List.of(new Calibration.Scored(0.99, true, true), new Calibration.Scored(0.95, true, true),
                new Calibration.Scored(0.93, false, true), new Calibration.Scored(0.91, true, true),
                new Calibration.Scored(0.90, false, false), new Calibration.Scored(0.80, true, true));
        List<Calibration.Row> plain = Calibration.sweep(pairs, false, 0.80, 0.99, 0.01);
        Calibration.Row at94 = plain.stream().filter(r -> r.threshold() == 0.94).findFirst().orElseThrow();
        assertEquals(1.0, at94.precision(), 1e-12);
        assertEquals(0.5, at94.recall(), 1e-12);
        assertEquals(0.94, Calibration.recommend(plain, 0.95).threshold(), 1e-12);
        List<Calibration.Row> guarded = Calibration.sweep(pairs, true, 0.80, 0.99, 0.01);
        Calibration.Row at90 = guarded.stream().filter(r -> r.threshold() == 0.90).findFirst().orElseThrow();
        assertEquals(0.75, at90.precision(), 1e-12, "the guard removed the false hit at 0.90, not the one at 0.93");
    }
}
