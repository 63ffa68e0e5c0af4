package org.pumpmonitor.job.source;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.Clock;
import org.apache.flink.util.clock.SystemClock;

import java.time.Duration;

/**
 * Bounded out-of-orderness watermarks of one Kafka partition, which go idle when the partition
 * has carried no reading for a while; only readings count.
 *
 * <p>Flink's {@code withIdleness} counts every record as activity, so a partition that carries
 * nothing but bad lines (a broken sensor, a wrong producer) would never go idle and would hold
 * the watermark back for good: no day would close and window state would grow. Here a record
 * with {@link ReadingTimestamps#NO_TIMESTAMP} (a dead letter to be) is ignored altogether.
 */
public class ReadingWatermarks<T> implements WatermarkGenerator<T> {

    private final long outOfOrdernessMillis;
    /** Zero: never idle. */
    private final long idleAfterNanos;
    private final Clock clock;

    private long maxTimestamp = Long.MIN_VALUE;
    /** Whether a reading came since the last periodic emit. */
    private boolean readingSinceLastEmit;
    private long lastActiveNanos;
    private boolean idle;

    public ReadingWatermarks(Duration outOfOrderness, Duration idleAfter) {
        this(outOfOrderness, idleAfter, SystemClock.getInstance());
    }

    /** On a clock of the caller's (tests). */
    public ReadingWatermarks(Duration outOfOrderness, Duration idleAfter, Clock clock) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.idleAfterNanos = idleAfter.toNanos();
        this.clock = clock;
        this.lastActiveNanos = clock.relativeTimeNanos();
    }

    @Override
    public void onEvent(T record, long timestamp, WatermarkOutput output) {
        if (timestamp == ReadingTimestamps.NO_TIMESTAMP) {
            return;
        }
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        readingSinceLastEmit = true;
    }

    /**
     * Idleness is judged between periodic emits, as Flink's own idleness timer does: a split that
     * read anything since the last emit emits its watermark first, however long ago that was, so
     * that a slow emit (a loaded machine, a long GC) cannot idle a split before its last readings
     * count.
     */
    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.relativeTimeNanos();
        if (readingSinceLastEmit) {
            readingSinceLastEmit = false;
            lastActiveNanos = now;
            idle = false;
        } else if (idle || (idleAfterNanos > 0 && now - lastActiveNanos >= idleAfterNanos)) {
            if (!idle) {
                output.markIdle();
                idle = true;
            }
            return;
        }
        if (maxTimestamp != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMillis - 1));
        }
    }
}
