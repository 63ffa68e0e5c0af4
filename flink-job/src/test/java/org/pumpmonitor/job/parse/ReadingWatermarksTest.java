package org.pumpmonitor.job.parse;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.job.model.KafkaRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingWatermarksTest {

    private static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(5);
    private static final Duration IDLENESS = Duration.ofSeconds(60);

    private final ManualClock clock = new ManualClock();
    private final Output output = new Output();
    private final ReadingWatermarks<KafkaRecord> watermarks =
            new ReadingWatermarks<>(OUT_OF_ORDERNESS, IDLENESS, clock);

    @Test
    void readingsMoveTheWatermarkToTheNewestMinusTheOutOfOrderness() {
        long t = Instant.parse("2014-03-10T01:00:00Z").toEpochMilli();
        watermarks.onEvent(null, t, output);
        watermarks.onEvent(null, t - 60_000, output);
        watermarks.onPeriodicEmit(output);
        assertThat(output.watermarks).containsExactly(t - OUT_OF_ORDERNESS.toMillis() - 1);
        assertThat(output.idle).isFalse();
    }

    @Test
    void aPartitionThatCarriesOnlyBadLinesGoesIdle() {
        for (int i = 0; i < 100; i++) {
            watermarks.onEvent(null, ReadingTimestamps.NO_TIMESTAMP, output);
            clock.advanceTime(1, TimeUnit.SECONDS);
            watermarks.onPeriodicEmit(output);
        }
        assertThat(output.watermarks).isEmpty();
        assertThat(output.idle).isTrue();
    }

    @Test
    void aSlowEmitStillEmitsTheLastReadingsBeforeGoingIdle() {
        long t = Instant.parse("2014-03-10T01:00:00Z").toEpochMilli();
        watermarks.onEvent(null, t, output);
        clock.advanceTime(IDLENESS.multipliedBy(2).toNanos(), TimeUnit.NANOSECONDS);
        watermarks.onPeriodicEmit(output);
        assertThat(output.watermarks).containsExactly(t - OUT_OF_ORDERNESS.toMillis() - 1);
        assertThat(output.idle).isFalse();

        clock.advanceTime(IDLENESS.toNanos(), TimeUnit.NANOSECONDS);
        watermarks.onPeriodicEmit(output);
        assertThat(output.idle).isTrue();

        watermarks.onEvent(null, t + 60_000, output);
        watermarks.onPeriodicEmit(output);
        assertThat(output.idle).isFalse();
        assertThat(output.watermarks).last().isEqualTo(t + 60_000 - OUT_OF_ORDERNESS.toMillis() - 1);
    }

    @Test
    void aReadingFromTheFarFutureGetsNoTimestamp() {
        SensorReadingParser parser = new SensorReadingParser(ZoneOffset.UTC, Duration.ofDays(1));
        ReadingTimestamps timestamps = new ReadingTimestamps(parser);
        long sent = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
        KafkaRecord future = new KafkaRecord("t", 0, 0, sent,
                "COHUTTA,12/31/99,1:01,10.27,1.73,881,1.56,85,1.94".getBytes(StandardCharsets.UTF_8));
        KafkaRecord tomorrow = new KafkaRecord("t", 0, 1, sent,
                "COHUTTA,11/26/26,11:59,10.27,1.73,881,1.56,85,1.94".getBytes(StandardCharsets.UTF_8));
        assertThat(timestamps.extractTimestamp(future, sent)).isEqualTo(ReadingTimestamps.NO_TIMESTAMP);
        assertThat(timestamps.extractTimestamp(tomorrow, sent))
                .isEqualTo(Instant.parse("2026-11-26T11:59:00Z").toEpochMilli());
    }

    private static final class Output implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
