package io.techopt.forecast;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The refusal to forecast from under a day of traffic is measured on the first and last requests' instants, as analyze
 * holds them (r21h M2: it parsed analyze's rendered period back, and a string it could not parse read as "a full day").
 */
class SubDayHistoryIsMeasuredOnInstantsTest {
    static final Instant FIRST = Instant.parse("2026-10-05T09:00:00.250Z");

    @Test
    void anHourOfTrafficIsUnderADayAndSaysItsSpan() {
        assertEquals("58 minute(s) (from 2026-10-05T09:00:00.250Z to 2026-10-05T09:58:00.250Z)",
                ForecastNotes.subDay(FIRST, FIRST.plusSeconds(58 * 60)));
    }

    @Test
    void spansOverTwoHoursAreSaidInHours() {
        assertEquals("19.9 hours (from 2026-10-05T09:00:00.250Z to 2026-10-06T04:54:00.250Z)",
                ForecastNotes.subDay(FIRST, FIRST.plusSeconds(19 * 3600 + 54 * 60)));
    }

    @Test
    void twentyHoursOrMoreIsAFullDay() {
        assertNull(ForecastNotes.subDay(FIRST, FIRST.plusSeconds(ForecastNotes.FULL_DAY_HOURS * 3600L)));
    }

    @Test
    void anUnknownEndMeasuresNothing() {
        assertNull(ForecastNotes.subDay(null, FIRST));
        assertNull(ForecastNotes.subDay(FIRST, null));
    }
}
