package io.techopt.analyze;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.techopt.analyze.PlanFixtures.lever;
import static io.techopt.analyze.PlanFixtures.requests;
import static io.techopt.analyze.PlanFixtures.step;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review h19: the "saves more in the plan than alone" note was one text for every lever, so routing's note spoke of
 * cache writes and of prefixes a cached request would have written. Each lever's note speaks only of that lever.
 */
class PlanLeverNoteSpeaksOnlyOfItsLeverTest {
    private static String notes(SavingsPlan.Result r, String lever) {
        return step(r, lever).notes().toString();
    }

    @Test
    void routingAndPromptCacheEachExplainTheirOwnLossesTheCacheRemoved() {
        double[] cost = {1, 1, 1, 1};
        // the exact cache answers request 0, on which prompt caching (a write) and routing (a dearer model) lose money
        SavingsPlan.Result r = SavingsPlan.run(List.of(
                lever("exact_cache", new double[]{1, 0, 0, 0}, cost, true),
                lever("prompt_cache", new double[]{-0.25, 0.5, 0, 0}, cost, false),
                lever("routing", new double[]{-0.5, 0, 0.5, 0.5}, cost, false)), requests(cost));
        String pc = notes(r, "prompt_cache"), routing = notes(r, "routing");
        assertTrue(pc.contains("saves more in the plan") && routing.contains("saves more in the plan"), r.toString());
        assertTrue(pc.contains("cache write") && pc.contains("prefix"), pc);
        assertTrue(routing.contains("dearer model"), routing);
        assertFalse(routing.contains("prefix") || routing.contains("cache write"), "routing speaks of prompt caching: " + routing);
        assertFalse(pc.contains("route") || pc.contains("dearer model"), "prompt_cache speaks of routing: " + pc);
    }
}
