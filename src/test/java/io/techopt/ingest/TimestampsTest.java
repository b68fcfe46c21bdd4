package io.techopt.ingest;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimestampsTest {
    @Test
    void formsFoundInRealLogs() throws BadInputException {
        long t = Instant.parse("2025-01-24T09:20:46.847Z").toEpochMilli();
        assertEquals(t, Timestamps.parse("2025-01-24T09:20:46.847Z"));
        assertEquals(t, Timestamps.parse("2025-01-24 09:20:46.847371"), "LiteLLM: microseconds, no zone = UTC");
        assertEquals(t, Timestamps.parse("2025-01-24T01:20:46.847-08:00"));
        assertEquals(Instant.parse("2023-11-16T18:17:03.979Z").toEpochMilli(), Timestamps.parse("2023-11-16 18:17:03.9799600"), "Azure trace");
        assertEquals(Instant.parse("2026-10-05T00:00:00Z").toEpochMilli(), Timestamps.parse("2026-10-05"));
        assertEquals(Instant.parse("2026-10-05T10:30:00Z").toEpochMilli(), Timestamps.parse("2026-10-05T10:30"));
        assertEquals(1735060987000L, Timestamps.fromNumber(1735060987), "epoch seconds");
        assertEquals(1735060987123L, Timestamps.fromNumber(1735060987123L), "epoch milliseconds");
        assertThrows(BadInputException.class, () -> Timestamps.parse("2026-02-30T00:00:00Z"));
        assertThrows(BadInputException.class, () -> Timestamps.parse("last tuesday"));
    }

    @Property(tries = 500)
    void fastPathAgreesWithJavaTime(@ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long ms,
                                    @ForAll @LongRange(min = -12, max = 14) long offsetHours) throws BadInputException {
        OffsetDateTime t = Instant.ofEpochMilli(ms).atOffset(ZoneOffset.ofHours((int) offsetHours));
        assertEquals(ms, Timestamps.parse(t.toString()), t.toString());
    }
}
