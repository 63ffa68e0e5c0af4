package org.pumpmonitor.core.model;

import java.time.ZoneId;

/**
 * The calendar days of a time zone, remembering the last one asked for: a pump's readings come in
 * runs of one day, and working a day out from the zone's rules ({@link CalendarDay#of}) is the
 * dearest step of admitting a reading or of assigning it its window. One per operator instance:
 * not for several threads.
 */
public final class CalendarDays {

    private final ZoneId zone;
    private CalendarDay last;

    public CalendarDays(ZoneId zone) {
        this.zone = zone;
    }

    /** The day of an instant in the zone, as {@link CalendarDay#of} gives it. */
    public CalendarDay of(long epochMillis) {
        CalendarDay day = last;
        if (day == null || epochMillis < day.start() || epochMillis >= day.end()) {
            day = CalendarDay.of(epochMillis, zone);
            last = day;
        }
        return day;
    }
}
