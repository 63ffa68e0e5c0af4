package org.pumpmonitor.job.admission;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.pumpmonitor.core.model.CalendarDay;
import org.pumpmonitor.core.model.CalendarDays;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.job.source.ReadingType;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Lets each reading of a pump through once, and decides which readings still count for their
 * day's statistics, from the pump's own readings alone. Keyed by pump.
 *
 * <p><b>Duplicates.</b> A pump sends one reading per minute. A second reading for a minute
 * already seen (a sensor that resends, a producer retry outside Kafka's idempotence) is dropped:
 * the first to arrive is the one stored and the one counted. The minutes seen are kept per pump
 * and day until the day's statistics are closed, plus {@code retention}; a duplicate older than
 * that is stored again (marked late), as nothing remembers it.
 *
 * <p><b>Too late.</b> Each pump has its own clock: the newest event time among its readings. A
 * day is closed for a pump once that clock, less the out-of-orderness, has passed the end of the
 * day plus the allowed lateness; a reading for a closed day is too late. So whether a reading
 * counts depends only on the readings of its pump that came before it (in its partition's order,
 * which a replay repeats), never on when the periodic watermark happened to move, nor on other
 * pumps or subtasks; the clock is keyed state, so it survives restores and rescaling. One bound
 * remains: a day that the job has forgotten (the watermark passed its closing plus
 * {@code retention}: the pump has been silent for that long) is closed for every pump.
 *
 * <p><b>Repeated hour.</b> Where daylight saving time ends, a local time of the repeated hour is
 * read as its first occurrence unless this pump has a reading for that minute already: then it is
 * the second occurrence ({@link SensorReading#laterOccurrence}). So a pump that sends the hour
 * twice, in order, has every reading stored and counted.
 *
 * <p>Every reading goes to the main output (to be stored); a reading that counts also goes to
 * {@link #ON_TIME}, one too late to {@link #TOO_LATE}.
 */
public class AdmitReadings extends KeyedProcessFunction<String, SensorReading, SensorReading>
        implements CheckpointedFunction, ResultTypeQueryable<SensorReading> {

    /** Readings that count for their day's statistics. */
    public static final OutputTag<SensorReading> ON_TIME = new OutputTag<>("on-time-readings", ReadingType.INFO);
    /** Readings for a day whose statistics are closed. */
    public static final OutputTag<SensorReading> TOO_LATE = new OutputTag<>("too-late-readings", ReadingType.INFO);

    public static final String DUPLICATES_METRIC = "duplicateReadings";

    private static final long MINUTE = 60_000;
    /** The longest day (25 hours, when daylight saving time ends) has 1,500 minutes. */
    private static final int MINUTES_PER_DAY = 25 * 60;

    private final ZoneId zone;
    private final long allowedLatenessMillis;
    private final long outOfOrdernessMillis;
    private final long retentionMillis;
    private transient CalendarDays days;

    /** Per pump: the start of a day → a bit per minute of it that has been seen. */
    private transient MapState<Long, long[]> minutesSeen;
    /** Per pump: the newest event time among its readings. */
    private transient ValueState<Long> pumpClock;
    /**
     * One entry per subtask: the highest watermark at which it forgot a day. After a restore, the
     * watermark starts again from nothing; this keeps forgotten days forgotten until it has come
     * back. The lowest entry of all subtasks is taken (it is true of all of them).
     */
    private transient ListState<Long> forgettingWatermarks;
    private transient long forgettingWatermark;
    private transient Counter duplicates;

    public AdmitReadings(ZoneId zone, Duration allowedLateness, Duration outOfOrderness, Duration retention) {
        this.zone = zone;
        this.allowedLatenessMillis = allowedLateness.toMillis();
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        forgettingWatermarks = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("closing-watermarks", Types.LONG));
        forgettingWatermark = Long.MIN_VALUE;
        boolean first = true;
        for (Long watermark : forgettingWatermarks.get()) {
            if (watermark != Long.MIN_VALUE) {
                forgettingWatermark = first ? watermark : Math.min(forgettingWatermark, watermark);
                first = false;
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        forgettingWatermarks.update(List.of(forgettingWatermark));
    }

    @Override
    public TypeInformation<SensorReading> getProducedType() {
        return ReadingType.INFO;
    }

    @Override
    public void open(Configuration parameters) {
        minutesSeen = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "minutes-seen", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        pumpClock = getRuntimeContext().getState(new ValueStateDescriptor<>("pump-clock", Types.LONG));
        duplicates = getRuntimeContext().getMetricGroup().counter(DUPLICATES_METRIC);
        days = new CalendarDays(zone);
    }

    @Override
    public void processElement(SensorReading reading, Context ctx, Collector<SensorReading> out)
            throws Exception {
        if (reading.laterOccurrence != SensorReading.NO_LATER_OCCURRENCE) {
            if (seen(reading.eventTime)) {
                reading.eventTime = reading.laterOccurrence;
            }
            reading.laterOccurrence = SensorReading.NO_LATER_OCCURRENCE;
        }
        long forgotten = Math.max(ctx.timerService().currentWatermark(), forgettingWatermark);
        CalendarDay day = days.of(reading.eventTime);
        long closesAt = closingTime(day);
        if (!firstOfItsMinute(reading, day, closesAt, forgotten, ctx)) {
            duplicates.inc();
            return;
        }
        Long stored = pumpClock.value();
        long clock = stored != null ? stored : clockOfMinutesSeen();
        out.collect(reading);
        if (closesAt <= clock - outOfOrdernessMillis - 1 || closesAt + retentionMillis <= forgotten) {
            ctx.output(TOO_LATE, reading);
        } else {
            ctx.output(ON_TIME, reading);
        }
        if (stored == null || reading.eventTime > clock) {
            pumpClock.update(Math.max(clock, reading.eventTime));
        }
    }

    /**
     * The clock of a pump without one: none for a new pump; for a pump restored from a savepoint
     * older than the clock, its newest minute seen (readings are dated to the minute).
     */
    private long clockOfMinutesSeen() throws Exception {
        long newest = Long.MIN_VALUE;
        for (Map.Entry<Long, long[]> day : minutesSeen.entries()) {
            long[] seen = day.getValue();
            for (int word = seen.length - 1; word >= 0; word--) {
                if (seen[word] != 0) {
                    int minute = word * 64 + 63 - Long.numberOfLeadingZeros(seen[word]);
                    newest = Math.max(newest, day.getKey() + minute * MINUTE);
                    break;
                }
            }
        }
        return newest;
    }

    private boolean seen(long eventTime) throws Exception {
        CalendarDay day = days.of(eventTime);
        long[] seen = minutesSeen.get(day.start());
        int minute = (int) Math.floorDiv(eventTime - day.start(), MINUTE);
        return seen != null && (seen[minute / 64] & (1L << (minute % 64))) != 0;
    }

    /** The watermark at which the window of the day drops its state. */
    private long closingTime(CalendarDay day) {
        return day.maxTimestamp() + allowedLatenessMillis;
    }

    private boolean firstOfItsMinute(
            SensorReading reading, CalendarDay day, long closesAt, long forgotten, Context ctx) throws Exception {
        long[] seen = minutesSeen.get(day.start());
        if (seen == null) {
            if (closesAt + retentionMillis <= forgotten) {
                return true; // forgotten already: nothing to compare with
            }
            seen = new long[(MINUTES_PER_DAY + 63) / 64];
            ctx.timerService().registerEventTimeTimer(closesAt + retentionMillis);
        }
        int minute = (int) Math.floorDiv(reading.eventTime - day.start(), MINUTE);
        long bit = 1L << (minute % 64);
        if ((seen[minute / 64] & bit) != 0) {
            return false;
        }
        seen[minute / 64] |= bit;
        minutesSeen.put(day.start(), seen);
        return true;
    }

    /** Forgets the days whose retention is over; a pump with no day left is forgotten altogether. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SensorReading> out) throws Exception {
        forgettingWatermark = Math.max(forgettingWatermark, ctx.timerService().currentWatermark());
        List<Long> forgotten = new ArrayList<>();
        boolean remembered = false;
        for (Iterator<Map.Entry<Long, long[]>> it = minutesSeen.iterator(); it.hasNext(); ) {
            long dayStart = it.next().getKey();
            if (closingTime(CalendarDay.of(dayStart, zone)) + retentionMillis <= timestamp) {
                forgotten.add(dayStart);
            } else {
                remembered = true;
            }
        }
        for (long dayStart : forgotten) {
            minutesSeen.remove(dayStart);
        }
        if (!remembered) {
            pumpClock.clear();
        }
    }
}
