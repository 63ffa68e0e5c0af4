package org.pumpmonitor.job.parse;

import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.job.model.DeadLetter;
import org.pumpmonitor.job.model.KafkaRecord;
import org.pumpmonitor.job.model.PressureAlarm;
import org.pumpmonitor.job.model.SensorReading;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParseAndAlarmFunctionsTest {

    @Test
    void goodRecordsBecomeReadingsWithTheirKafkaCoordinates() throws Exception {
        try (OneInputStreamOperatorTestHarness<KafkaRecord, SensorReading> harness = parseHarness()) {
            harness.processElement(record(7, "COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94"), 0);

            SensorReading reading = harness.extractOutputValues().get(0);
            assertThat(reading.pumpId).isEqualTo("COHUTTA");
            assertThat(reading.topic).isEqualTo("pump-sensor");
            assertThat(reading.partition).isEqualTo(2);
            assertThat(reading.offset).isEqualTo(7);
            assertThat(reading.kafkaTimestamp).isEqualTo(1_000_007L);
            assertThat(harness.getSideOutput(ParseReadings.DEAD_LETTERS)).isNull();
        }
    }

    @Test
    void badRecordsBecomeDeadLettersAndTheNextGoodOneStillParses() throws Exception {
        try (OneInputStreamOperatorTestHarness<KafkaRecord, SensorReading> harness = parseHarness()) {
            byte[] huge = new byte[1024 * 1024];
            Arrays.fill(huge, (byte) ',');
            harness.processElement(record(1, "garbage"), 0);
            harness.processElement(new KafkaRecord("pump-sensor", 2, 2, 5, huge), 0);
            harness.processElement(new KafkaRecord("pump-sensor", 2, 3, 5, null), 0);
            harness.processElement(record(4, "COHUTTA,3/10/14,1:02,1,1,1,1,1,1"), 0);

            assertThat(harness.extractOutputValues()).hasSize(1);
            DeadLetter[] letters = harness.getSideOutput(ParseReadings.DEAD_LETTERS).stream()
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

    @Test
    void theSourceParsesEachLineOnceAndTheParseOperatorUsesItsResult() throws Exception {
        KafkaRecordDeserializer deserializer = new KafkaRecordDeserializer(new SensorReadingParser(ZoneOffset.UTC));
        List<KafkaRecord> read = new ArrayList<>();
        Collector<KafkaRecord> collector = new ListCollector<>(read);
        deserializer.deserialize(new ConsumerRecord<>("pump-sensor", 2, 7, new byte[0],
                "COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94".getBytes(StandardCharsets.UTF_8)), collector);
        deserializer.deserialize(new ConsumerRecord<>("pump-sensor", 2, 8, new byte[0],
                "garbage".getBytes(StandardCharsets.UTF_8)), collector);
        assertThat(read.get(0).reading.psi).isEqualTo(85);
        assertThat(read.get(1).invalidReason).isEqualTo("expected 9 comma-separated fields, found 1");

        // The parse operator takes the source's result and does not parse the value again.
        read.get(0).value = "not parsed again".getBytes(StandardCharsets.UTF_8);
        try (OneInputStreamOperatorTestHarness<KafkaRecord, SensorReading> harness = parseHarness()) {
            harness.processElement(read.get(0), 0);
            harness.processElement(read.get(1), 0);
            assertThat(harness.extractOutputValues()).extracting(r -> r.offset).containsExactly(7L);
            assertThat(harness.getSideOutput(ParseReadings.DEAD_LETTERS)).extracting(r -> r.getValue().reason)
                    .containsExactly("expected 9 comma-separated fields, found 1");
        }
        assertThat(new ReadingTimestamps(new SensorReadingParser(ZoneOffset.UTC)).extractTimestamp(read.get(0), 0))
                .isEqualTo(read.get(0).reading.eventTime);
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
                    .containsExactly(new PressureAlarm("MOJO", 60_000, 4.99, 5.0));
        }
    }

    private static OneInputStreamOperatorTestHarness<KafkaRecord, SensorReading> parseHarness() throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(
                new ParseReadings(new SensorReadingParser(ZoneOffset.UTC)));
    }

    private static KafkaRecord record(long offset, String line) {
        return new KafkaRecord("pump-sensor", 2, offset, 1_000_000 + offset, line.getBytes(StandardCharsets.UTF_8));
    }
}
