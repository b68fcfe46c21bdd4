package io.techopt.analyze;

import io.techopt.core.Saving;
import io.techopt.core.SavingsLever;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Review r24h L3: the savings plan's effects were paired with analyze's savings by position in two lists. */
class OwnLeverEffectsPairEachLeverWithItsOwnSavingTest {
    private static List<OwnLever> levers() {
        return List.of(new ExactCacheLever(false), new PromptCacheLever(300_000), new BatchLever(Set.of("summarize"), false));
    }

    @Test
    void eachLeversNameIsTheLeverKeyOfItsSaving() {
        for (OwnLever lever : levers()) {
            assertEquals(lever.name(), lever.saving(10.0).lever(), lever.getClass().getSimpleName());
        }
    }

    @Test
    void savingsInAnotherOrderAndWithAnotherLeversAreStillPairedByName() {
        List<OwnLever> levers = levers();
        List<Saving> savings = new ArrayList<>(levers.stream().map(l -> l.saving(10.0)).toList());
        Collections.reverse(savings);
        savings.add(1, new Saving("semantic_cache", 1.0, 1, 0.1, List.of("another lever's saving, added by Analyzer.addLever")));
        List<SavingsLever.Effect> effects = OwnLevers.effects(levers, savings);
        assertEquals(levers.size(), effects.size());
        for (int i = 0; i < levers.size(); i++) {
            assertEquals(levers.get(i).name(), effects.get(i).alone().lever(), "effect " + i + " got another lever's saving");
        }
    }

    @Test
    void aLeverWithoutItsSavingFailsInsteadOfTakingAnothers() {
        List<OwnLever> levers = levers();
        List<Saving> savings = levers.subList(1, 3).stream().map(l -> l.saving(10.0)).toList();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OwnLevers.effects(levers, savings));
        assertTrue(e.getMessage().contains("exact_cache"), e.getMessage());
    }
}
