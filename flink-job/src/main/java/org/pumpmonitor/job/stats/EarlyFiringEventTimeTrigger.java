package org.pumpmonitor.job.stats;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

import java.time.Duration;

/**
 * Fires when the watermark passes the end of the window (the final result), for every late
 * element within the allowed lateness (an update of the final result), and, while the window is
 * still open, at most once per {@code interval} of processing time after new elements arrived
 * (an early result).
 *
 * <p>An early firing is scheduled by the first element after the previous one, so a pump that
 * sends nothing causes no firings; the contents are never purged, so every firing carries the
 * whole day so far and overwrites the previous result.
 */
public class EarlyFiringEventTimeTrigger extends Trigger<Object, TimeWindow> {

    private final long intervalMillis;

    private final ValueStateDescriptor<Long> earlyFiringTime =
            new ValueStateDescriptor<>("early-firing-time", Types.LONG);

    private EarlyFiringEventTimeTrigger(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** @param interval the minimum gap between early firings; zero turns them off. */
    public static EarlyFiringEventTimeTrigger every(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("Early firing interval must not be negative");
        }
        return new EarlyFiringEventTimeTrigger(interval.toMillis());
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx)
            throws Exception {
        if (window.maxTimestamp() <= ctx.getCurrentWatermark()) {
            return TriggerResult.FIRE;
        }
        ctx.registerEventTimeTimer(window.maxTimestamp());
        if (intervalMillis > 0) {
            ValueState<Long> next = ctx.getPartitionedState(earlyFiringTime);
            if (next.value() == null) {
                long time = ctx.getCurrentProcessingTime() + intervalMillis;
                ctx.registerProcessingTimeTimer(time);
                next.update(time);
            }
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
        return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx)
            throws Exception {
        ctx.getPartitionedState(earlyFiringTime).clear();
        // Once the final result is out, late elements fire by themselves.
        return window.maxTimestamp() <= ctx.getCurrentWatermark()
                ? TriggerResult.CONTINUE
                : TriggerResult.FIRE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
        ValueState<Long> next = ctx.getPartitionedState(earlyFiringTime);
        Long time = next.value();
        if (time != null) {
            ctx.deleteProcessingTimeTimer(time);
            next.clear();
        }
    }

    @Override
    public String toString() {
        return "EarlyFiringEventTimeTrigger(" + intervalMillis + " ms)";
    }
}
