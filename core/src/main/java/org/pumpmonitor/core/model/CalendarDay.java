package org.pumpmonitor.core.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A calendar day in a time zone, from midnight to midnight: 23 or 25 hours where daylight saving
 * time begins or ends, which a fixed one-day length would get wrong.
 *
 * @param start its first millisecond, epoch milliseconds
 * @param end the first millisecond of the next day
 */
public record CalendarDay(LocalDate date, long start, long end) {

    /** The day of an instant in the zone. */
    public static CalendarDay of(long epochMillis, ZoneId zone) {
        LocalDate date = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
        return new CalendarDay(date, date.atStartOfDay(zone).toInstant().toEpochMilli(),
                date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
    }

    /** Its last millisecond. */
    public long maxTimestamp() {
        return end - 1;
    }
}
