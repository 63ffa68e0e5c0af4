package org.pumpmonitor.job.source;

import org.pumpmonitor.core.parse.SensorReadingParser;
import org.pumpmonitor.job.source.ReadingTimestamps;
import org.pumpmonitor.job.source.ReadingWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.job.source.ParsedRecord;

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
    private final ReadingWatermarks<ParsedRecord> watermarks =
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
        ReadingDeserializer deserializer = new ReadingDeserializer(new SensorReadingParser(ZoneOffset.UTC, Duration.ofDays(1)));
        long sent = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
        List<ParsedRecord> read = new ArrayList<>();
        for (String line : List.of("COHUTTA,12/31/99,1:01,10.27,1.73,881,1.56,85,1.94",
                "COHUTTA,11/26/26,11:59,10.27,1.73,881,1.56,85,1.94")) {
            deserializer.deserialize(new ConsumerRecord<>("t", 0, read.size(), sent,
                    org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, new byte[0],
                    line.getBytes(StandardCharsets.UTF_8), new org.apache.kafka.common.header.internals.RecordHeaders(),
                    java.util.Optional.empty()), new org.apache.flink.api.common.functions.util.ListCollector<>(read));
        }
        ReadingTimestamps timestamps = new ReadingTimestamps();
        assertThat(timestamps.extractTimestamp(read.get(0), sent)).isEqualTo(ReadingTimestamps.NO_TIMESTAMP);
        assertThat(timestamps.extractTimestamp(read.get(1), sent))
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
