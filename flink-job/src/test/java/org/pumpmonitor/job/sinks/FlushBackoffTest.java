package org.pumpmonitor.job.sinks;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.job.sinks.CheckpointSafeHBaseSink.nextFlushDelayMillis;

/** When an HBase sink flushes next, after a periodic flush that took so long. */
class FlushBackoffTest {

    private static long millis(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void aQuickFlushKeepsTheInterval() {
        assertThat(nextFlushDelayMillis(20, 0)).isEqualTo(20);
        assertThat(nextFlushDelayMillis(20, millis(2))).isEqualTo(20);
        assertThat(nextFlushDelayMillis(1000, millis(50))).isEqualTo(1000);
    }

    @Test
    void aSlowFlushWaitsNineTimesAsLongBeforeTheNext() {
        assertThat(nextFlushDelayMillis(20, millis(5))).isEqualTo(45);
        assertThat(nextFlushDelayMillis(20, millis(15))).isEqualTo(135);
    }

    @Test
    void noWriteWaitsMoreThanTenIntervals() {
        assertThat(nextFlushDelayMillis(20, millis(100))).isEqualTo(200);
        assertThat(nextFlushDelayMillis(20, TimeUnit.SECONDS.toNanos(60))).isEqualTo(200);
        assertThat(nextFlushDelayMillis(1000, TimeUnit.SECONDS.toNanos(5))).isEqualTo(10_000);
    }
}
