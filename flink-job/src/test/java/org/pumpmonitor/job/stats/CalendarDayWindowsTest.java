package org.pumpmonitor.job.stats;

import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class CalendarDayWindowsTest {

    @Test
    void aUtcDayRunsFromMidnightToMidnight() {
        TimeWindow day = CalendarDayWindows.dayOf(millis("2014-03-10T23:59:59.999Z"), ZoneOffset.UTC);
        assertThat(day.getStart()).isEqualTo(millis("2014-03-10T00:00:00Z"));
        assertThat(day.getEnd()).isEqualTo(millis("2014-03-11T00:00:00Z"));
        assertThat(CalendarDayWindows.dayOf(millis("2014-03-11T00:00:00Z"), ZoneOffset.UTC).getStart())
                .isEqualTo(day.getEnd());
    }

    @Test
    void daysFollowTheZonesDaylightSavingTime() {
        ZoneId newYork = ZoneId.of("America/New_York");
        // Clocks went forward on 2014-03-09: that day had 23 hours.
        TimeWindow shortDay = CalendarDayWindows.dayOf(millis("2014-03-09T12:00:00Z"), newYork);
        assertThat(shortDay.getStart()).isEqualTo(millis("2014-03-09T05:00:00Z"));
        assertThat(shortDay.getEnd()).isEqualTo(millis("2014-03-10T04:00:00Z"));
        assertThat(shortDay.getEnd() - shortDay.getStart()).isEqualTo(23 * 3600_000L);
    }

    @Test
    void assignsExactlyOneWindow() {
        assertThat(new CalendarDayWindows(ZoneOffset.UTC).assignWindows(null, 0, null))
                .containsExactly(new TimeWindow(0, 86_400_000L));
    }

    @Test
    void anAssignerThatRemembersItsLastDayAssignsEachTimeItsOwnDay() {
        ZoneId newYork = ZoneId.of("America/New_York");
        CalendarDayWindows windows = new CalendarDayWindows(newYork);
        long start = millis("2014-03-08T00:00:00Z");
        long[] steps = {1, 59_999, 3_599_999, 3_600_000, 86_399_999, -86_400_000, -1};
        long time = start;
        for (int i = 0; i < 2_000; i++) {
            time += steps[i % steps.length];
            assertThat(windows.assignWindows(null, time, null))
                    .as("time %s", Instant.ofEpochMilli(time))
                    .containsExactly(CalendarDayWindows.dayOf(time, newYork));
        }
        assertThat(time).isGreaterThan(millis("2014-03-12T00:00:00Z"));
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
