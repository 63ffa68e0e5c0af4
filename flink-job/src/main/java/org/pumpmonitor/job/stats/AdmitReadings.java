package org.pumpmonitor.job.stats;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.pumpmonitor.job.model.SensorReading;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Lets each reading of a pump through once, and decides, in a way that survives restarts, which
 * readings still count for their day's statistics. Keyed by pump.
 *
 * <p><b>Duplicates.</b> A pump sends one reading per minute. A second reading for a minute
 * already seen (a sensor that resends, a producer retry outside Kafka's idempotence) is dropped:
 * the first to arrive is the one stored and the one counted. The minutes seen are kept per pump
 * and day until the day's statistics are closed, plus {@code retention}; a duplicate older than
 * that is stored again (marked late), as nothing remembers it.
 *
 * <p><b>Too late.</b> A day's statistics close when the watermark passes the end of the day plus
 * the allowed lateness. Flink keeps no watermark in a checkpoint or savepoint, so after a restore
 * a reading for a closed day would open a fresh, empty window. This function keeps the highest
 * watermark at which it closed a day in its operator state, and after a restore judges lateness
 * by that and the current watermark, whichever is higher. Every reading goes to the main output
 * (to be stored); a reading that counts also goes to {@link #ON_TIME}, one too late to
 * {@link #TOO_LATE}.
 */
public class AdmitReadings extends KeyedProcessFunction<String, SensorReading, SensorReading>
        implements CheckpointedFunction {

    /** Readings that count for their day's statistics. */
    public static final OutputTag<SensorReading> ON_TIME = new OutputTag<>("on-time-readings") {};
    /** Readings for a day whose statistics are closed. */
    public static final OutputTag<SensorReading> TOO_LATE = new OutputTag<>("too-late-readings") {};

    public static final String DUPLICATES_METRIC = "duplicateReadings";

    private static final long MINUTE = 60_000;
    /** The longest day (25 hours, when daylight saving time ends) has 1,500 minutes. */
    private static final int MINUTES_PER_DAY = 25 * 60;

    private final ZoneId zone;
    private final long allowedLatenessMillis;
    private final long retentionMillis;

    /** Per pump: the start of a day → a bit per minute of it that has been seen. */
    private transient MapState<Long, long[]> minutesSeen;
    /** One entry per subtask: the highest watermark at which it closed a day. */
    private transient ListState<Long> closingWatermarks;
    private transient long closingWatermark;
    private transient Counter duplicates;

    public AdmitReadings(ZoneId zone, Duration allowedLateness, Duration retention) {
        this.zone = zone;
        this.allowedLatenessMillis = allowedLateness.toMillis();
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        closingWatermarks = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("closing-watermarks", Types.LONG));
        // After rescaling every subtask sees every entry; the lowest is true of all of them.
        closingWatermark = Long.MIN_VALUE;
        boolean first = true;
        for (Long watermark : closingWatermarks.get()) {
            if (watermark != Long.MIN_VALUE) {
                closingWatermark = first ? watermark : Math.min(closingWatermark, watermark);
                first = false;
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        closingWatermarks.update(List.of(closingWatermark));
    }

    @Override
    public void open(Configuration parameters) {
        minutesSeen = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "minutes-seen", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        duplicates = getRuntimeContext().getMetricGroup().counter(DUPLICATES_METRIC);
    }

    @Override
    public void processElement(SensorReading reading, Context ctx, Collector<SensorReading> out)
            throws Exception {
        long watermark = Math.max(ctx.timerService().currentWatermark(), closingWatermark);
        TimeWindow day = CalendarDayWindows.dayOf(reading.eventTime, zone);
        long closesAt = closingTime(day);
        if (!firstOfItsMinute(reading, day, closesAt, watermark, ctx)) {
            duplicates.inc();
            return;
        }
        out.collect(reading);
        if (closesAt <= watermark) {
            ctx.output(TOO_LATE, reading);
        } else {
            ctx.output(ON_TIME, reading);
            ctx.timerService().registerEventTimeTimer(closesAt);
        }
    }

    /** The watermark at which the window of the day drops its state. */
    private long closingTime(TimeWindow day) {
        return day.maxTimestamp() + allowedLatenessMillis;
    }

    private boolean firstOfItsMinute(
            SensorReading reading, TimeWindow day, long closesAt, long watermark, Context ctx) throws Exception {
        long[] seen = minutesSeen.get(day.getStart());
        if (seen == null) {
            if (closesAt + retentionMillis <= watermark) {
                return true; // forgotten already: nothing to compare with
            }
            seen = new long[(MINUTES_PER_DAY + 63) / 64];
            ctx.timerService().registerEventTimeTimer(closesAt + retentionMillis);
        }
        int minute = (int) Math.floorDiv(reading.eventTime - day.getStart(), MINUTE);
        long bit = 1L << (minute % 64);
        if ((seen[minute / 64] & bit) != 0) {
            return false;
        }
        seen[minute / 64] |= bit;
        minutesSeen.put(day.getStart(), seen);
        return true;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SensorReading> out) throws Exception {
        closingWatermark = Math.max(closingWatermark, ctx.timerService().currentWatermark());
        List<Long> forgotten = new ArrayList<>();
        for (Iterator<Map.Entry<Long, long[]>> it = minutesSeen.iterator(); it.hasNext(); ) {
            long dayStart = it.next().getKey();
            if (closingTime(CalendarDayWindows.dayOf(dayStart, zone)) + retentionMillis <= timestamp) {
                forgotten.add(dayStart);
            }
        }
        for (long dayStart : forgotten) {
            minutesSeen.remove(dayStart);
        }
    }
}
