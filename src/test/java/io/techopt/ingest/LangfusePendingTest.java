package io.techopt.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The held Langfuse observations beyond the memory limit. */
class LangfusePendingTest {
    static LangfuseFormat.Pending create(String id) {
        ObjectNode b = JsonNodeFactory.instance.objectNode().put("id", id).put("traceId", "t").put("startTime", "2026-01-01T10:00:00Z");
        return new LangfuseFormat.Pending(id, b, null, true, "GENERATION", "f", 1);
    }

    static LangfuseFormat.Pending update(String id) {
        ObjectNode b = JsonNodeFactory.instance.objectNode().put("id", id).put("traceId", "t").put("endTime", "2026-01-01T10:00:01Z");
        return new LangfuseFormat.Pending(id, b, null, true, "GENERATION", "f", 2);
    }

    @Test
    void updatesWhoseCreateWasAlreadyMappedNeverPushOutObservationsStillWaitingForTheirs() {
        LangfusePending held = new LangfusePending(3);
        for (String id : List.of("c1", "c2", "c3")) {
            assertTrue(held.add(create(id)).isEmpty());
        }
        List<LangfuseFormat.Pending> out = held.add(create("c4"));
        assertEquals(List.of("c1"), out.stream().map(LangfuseFormat.Pending::id).toList(), "the oldest, beyond the limit");
        // c1's update comes after c1 was mapped: it waits for a create that will not come, and is the one to go
        out = held.add(update("c1"));
        assertEquals(1, out.size());
        assertEquals("c1", out.get(0).id());
        assertFalse(out.get(0).body().hasNonNull("startTime"));
        // every create still waiting gets its update merged
        for (String id : List.of("c2", "c3", "c4")) {
            out = held.add(update(id));
            assertEquals(1, out.size(), id);
            assertTrue(out.get(0).body().hasNonNull("startTime") && out.get(0).body().hasNonNull("endTime"), id);
        }
        assertTrue(held.drain().isEmpty());
    }
}
