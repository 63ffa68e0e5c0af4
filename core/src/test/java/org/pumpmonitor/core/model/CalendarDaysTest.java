package org.pumpmonitor.core.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalendarDaysTest {

    @Test
    void rememberingTheLastDayGivesEachInstantItsOwnDay() {
        ZoneId newYork = ZoneId.of("America/New_York");
        CalendarDays days = new CalendarDays(newYork);
        // Back and forth over days that include 2014-03-09, which had 23 hours there.
        long[] steps = {1, 59_999, 3_599_999, 3_600_000, 86_399_999, -86_400_000, -1};
        long time = Instant.parse("2014-03-07T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 2_000; i++) {
            time += steps[i % steps.length];
            assertEquals(CalendarDay.of(time, newYork), days.of(time), "day of " + Instant.ofEpochMilli(time));
        }
        assertTrue(time > Instant.parse("2014-03-12T00:00:00Z").toEpochMilli());
    }
}
