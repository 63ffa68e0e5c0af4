package org.pumpmonitor.job.stats;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.pumpmonitor.core.model.CalendarDay;
import org.pumpmonitor.core.model.CalendarDays;
import org.pumpmonitor.core.model.SensorReading;

import java.time.ZoneId;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Tumbling event-time windows of one calendar day, from midnight to midnight in a time zone.
 *
 * <p>Flink's {@code TumblingEventTimeWindows} with a one-day size and an offset aligns to
 * midnight only in zones without daylight saving time: a day there is 23 or 25 hours twice a
 * year. This assigner takes the day's bounds from the zone's rules instead.
 */
public class CalendarDayWindows extends WindowAssigner<Object, TimeWindow> {

    private final ZoneId zone;
    // Each parallel instance of the window operator has its own copy of the assigner.
    private transient CalendarDays days;
    /** The window of the day assigned last, the same object for every reading of that day. */
    private transient CalendarDay windowDay;
    private transient List<TimeWindow> window;

    public CalendarDayWindows(ZoneId zone) {
        this.zone = zone;
    }

    public static TimeWindow dayOf(long timestamp, ZoneId zone) {
        CalendarDay day = CalendarDay.of(timestamp, zone);
        return new TimeWindow(day.start(), day.end());
    }

    /**
     * The day of a reading's event time, which the admitting operator may have moved to the second
     * occurrence of a repeated local hour after its record's timestamp was set.
     */
    @Override
    public Collection<TimeWindow> assignWindows(
            Object element, long timestamp, WindowAssignerContext context) {
        long time = element instanceof SensorReading reading ? reading.eventTime : timestamp;
        if (days == null) {
            days = new CalendarDays(zone);
        }
        CalendarDay day = days.of(time);
        if (day != windowDay) {
            windowDay = day;
            window = Collections.singletonList(new TimeWindow(day.start(), day.end()));
        }
        return window;
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger(StreamExecutionEnvironment env) {
        return EventTimeTrigger.create();
    }

    @Override
    public TypeSerializer<TimeWindow> getWindowSerializer(ExecutionConfig executionConfig) {
        return new TimeWindow.Serializer();
    }

    @Override
    public boolean isEventTime() {
        return true;
    }

    @Override
    public String toString() {
        return "CalendarDayWindows(" + zone + ")";
    }
}
