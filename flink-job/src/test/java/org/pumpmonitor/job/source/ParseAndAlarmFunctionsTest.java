package org.pumpmonitor.job.source;

import org.pumpmonitor.job.source.ReadingDeserializer;
import org.pumpmonitor.core.parse.SensorReadingParser;
import org.pumpmonitor.job.alarms.DetectLowPressure;
import org.pumpmonitor.job.source.ReadingTimestamps;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.job.source.ParsedRecord;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParseAndAlarmFunctionsTest {

    @Test
    void goodRecordsBecomeReadingsWithTheirKafkaCoordinates() throws Exception {
        try (OneInputStreamOperatorTestHarness<ParsedRecord, SensorReading> harness = splitHarness()) {
            harness.processElement(record(7, "COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94"), 0);

            SensorReading reading = harness.extractOutputValues().get(0);
            assertThat(reading.pumpId).isEqualTo("COHUTTA");
            assertThat(reading.topic).isEqualTo("pump-sensor");
            assertThat(reading.partition).isEqualTo(2);
            assertThat(reading.offset).isEqualTo(7);
            assertThat(reading.kafkaTimestamp).isEqualTo(1_000_007L);
            assertThat(harness.getSideOutput(SplitDeadLetters.DEAD_LETTERS)).isNull();
        }
    }

    @Test
    void badRecordsBecomeDeadLettersAndTheNextGoodOneStillParses() throws Exception {
        try (OneInputStreamOperatorTestHarness<ParsedRecord, SensorReading> harness = splitHarness()) {
            byte[] huge = new byte[1024 * 1024];
            Arrays.fill(huge, (byte) ',');
            harness.processElement(record(1, "garbage"), 0);
            harness.processElement(record(2, huge), 0);
            harness.processElement(record(3, (byte[]) null), 0);
            harness.processElement(record(4, "COHUTTA,3/10/14,1:02,1,1,1,1,1,1"), 0);

            assertThat(harness.extractOutputValues()).hasSize(1);
            DeadLetter[] letters = harness.getSideOutput(SplitDeadLetters.DEAD_LETTERS).stream()
                    .map(r -> r.getValue()).toArray(DeadLetter[]::new);
            assertThat(letters).extracting(d -> d.offset).containsExactly(1L, 2L, 3L);
            assertThat(letters[0].reason).isEqualTo("expected 9 comma-separated fields, found 1");
            assertThat(new String(letters[0].raw, StandardCharsets.UTF_8)).isEqualTo("garbage");
            assertThat(letters[1].raw).hasSize(DeadLetter.MAX_RAW_BYTES);
            assertThat(letters[1].rawSize).isEqualTo(1024 * 1024);
            assertThat(letters[1].isTruncated()).isTrue();
            assertThat(letters[2].reason).isEqualTo("empty line");
        }
    }

    /** The source parses each line once: the timestamp assigner and the split read its result. */
    @Test
    void theSourceParsesEachLineOnceIntoAReadingOrADeadLetter() throws Exception {
        List<ParsedRecord> read = new ArrayList<>();
        DESERIALIZER.deserialize(new ConsumerRecord<>("pump-sensor", 2, 7, new byte[0],
                "COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94".getBytes(StandardCharsets.UTF_8)),
                new ListCollector<>(read));
        DESERIALIZER.deserialize(new ConsumerRecord<>("pump-sensor", 2, 8, new byte[0],
                "garbage".getBytes(StandardCharsets.UTF_8)), new ListCollector<>(read));
        assertThat(read.get(0).reading.psi).isEqualTo(85);
        assertThat(read.get(0).deadLetter).isNull();
        assertThat(read.get(1).reading).isNull();
        assertThat(read.get(1).deadLetter.reason).isEqualTo("expected 9 comma-separated fields, found 1");

        try (OneInputStreamOperatorTestHarness<ParsedRecord, SensorReading> harness = splitHarness()) {
            harness.processElement(read.get(0), 0);
            harness.processElement(read.get(1), 0);
            assertThat(harness.extractOutputValues()).extracting(r -> r.offset).containsExactly(7L);
            assertThat(harness.getSideOutput(SplitDeadLetters.DEAD_LETTERS)).extracting(r -> r.getValue().reason)
                    .containsExactly("expected 9 comma-separated fields, found 1");
        }
        assertThat(new ReadingTimestamps().extractTimestamp(read.get(0), 0)).isEqualTo(read.get(0).reading.eventTime);
        assertThat(new ReadingTimestamps().extractTimestamp(read.get(1), 0)).isEqualTo(ReadingTimestamps.NO_TIMESTAMP);
    }

    @Test
    void lowPressureRaisesAnAlarmAndTheReadingStillPasses() throws Exception {
        DetectLowPressure detect = new DetectLowPressure(5.0);
        try (OneInputStreamOperatorTestHarness<SensorReading, SensorReading> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(detect)) {
            SensorReading low = new SensorReading("MOJO", 60_000, 1, 1, 1, 1, 4.99, 1);
            SensorReading atThreshold = new SensorReading("MOJO", 120_000, 1, 1, 1, 1, 5.0, 1);
            harness.processElement(low, 0);
            harness.processElement(atThreshold, 0);

            assertThat(harness.extractOutputValues()).containsExactly(low, atThreshold);
            assertThat(harness.getSideOutput(DetectLowPressure.ALARMS))
                    .extracting(r -> r.getValue())
                    .containsExactly(new LowPressureAlarm("MOJO", 60_000, 4.99, 5.0));
        }
    }

    private static final ReadingDeserializer DESERIALIZER = new ReadingDeserializer(new SensorReadingParser(ZoneOffset.UTC));

    private static OneInputStreamOperatorTestHarness<ParsedRecord, SensorReading> splitHarness() throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new SplitDeadLetters());
    }

    /** What the source makes of a Kafka record of pump-sensor, partition 2, at the offset. */
    private static ParsedRecord record(long offset, String line) {
        return record(offset, line.getBytes(StandardCharsets.UTF_8));
    }

    private static ParsedRecord record(long offset, byte[] value) {
        List<ParsedRecord> read = new ArrayList<>();
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("pump-sensor", 2, offset, 1_000_000 + offset,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, new byte[0], value,
                new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
        DESERIALIZER.deserialize(record, new ListCollector<>(read));
        return read.get(0);
    }
}
