package org.pumpmonitor.job.stats;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.job.model.SensorReading;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The admitting operator driven by hand: duplicates, lateness, and what a restore keeps. */
class AdmitReadingsTest {

    private static final long DAY_START = Instant.parse("2014-03-10T00:00:00Z").toEpochMilli();
    private static final long DAY_END = Instant.parse("2014-03-11T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    /** The watermark at which the day's statistics close: its last millisecond plus the lateness. */
    private static final long CLOSES = DAY_END - 1 + HOUR;

    private KeyedOneInputStreamOperatorTestHarness<String, SensorReading, SensorReading> harness;

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void theFirstReadingOfAMinuteCountsAndLaterOnesAreDropped() throws Exception {
        harness = open(null);
        process(reading("MOJO", DAY_START + MINUTE, 50));
        process(reading("MOJO", DAY_START + MINUTE, 99)); // same minute, other values
        process(reading("MOJO", DAY_START + MINUTE, 50)); // exact resend
        process(reading("CHER", DAY_START + MINUTE, 70)); // another pump
        process(reading("MOJO", DAY_START + 2 * MINUTE, 60));

        assertThat(psis(harness.extractOutputValues())).containsExactly(50.0, 70.0, 60.0);
        assertThat(psis(values(harness.getSideOutput(AdmitReadings.ON_TIME)))).containsExactly(50.0, 70.0, 60.0);
        assertThat(harness.getSideOutput(AdmitReadings.TOO_LATE)).isNull();
    }

    @Test
    void aReadingForAClosedDayIsTooLateButStillStored() throws Exception {
        harness = open(null);
        process(reading("MOJO", DAY_START + MINUTE, 50));
        harness.processWatermark(new Watermark(CLOSES));
        process(reading("MOJO", DAY_START + 2 * MINUTE, 60));
        // Within the allowed lateness of the next day: on time.
        process(reading("MOJO", DAY_END + MINUTE, 70));

        assertThat(psis(harness.extractOutputValues())).containsExactly(50.0, 60.0, 70.0);
        assertThat(psis(values(harness.getSideOutput(AdmitReadings.TOO_LATE)))).containsExactly(60.0);
        assertThat(psis(values(harness.getSideOutput(AdmitReadings.ON_TIME)))).containsExactly(50.0, 70.0);
    }

    @Test
    void aRestoreRemembersClosedDaysAndTheMinutesSeen() throws Exception {
        harness = open(null);
        process(reading("MOJO", DAY_START + MINUTE, 50));
        process(reading("MOJO", DAY_END + MINUTE, 55));
        harness.processWatermark(new Watermark(CLOSES));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        // After a restore the watermark starts again from nothing.
        harness = open(snapshot);
        process(reading("OTHER", DAY_START + 3 * MINUTE, 40)); // a pump never seen, a closed day
        process(reading("MOJO", DAY_END + MINUTE, 99)); // a duplicate of the open day
        process(reading("MOJO", DAY_END + 2 * MINUTE, 65));

        assertThat(psis(harness.extractOutputValues())).containsExactly(40.0, 65.0);
        assertThat(psis(values(harness.getSideOutput(AdmitReadings.TOO_LATE)))).containsExactly(40.0);
        assertThat(psis(values(harness.getSideOutput(AdmitReadings.ON_TIME)))).containsExactly(65.0);
    }

    @Test
    void theMinutesOfADayAreForgottenAfterTheRetention() throws Exception {
        harness = open(null);
        process(reading("MOJO", DAY_START + MINUTE, 50));
        harness.processWatermark(new Watermark(CLOSES + Duration.ofDays(1).toMillis() - 1));
        process(reading("MOJO", DAY_START + MINUTE, 51));
        harness.processWatermark(new Watermark(CLOSES + Duration.ofDays(1).toMillis()));
        process(reading("MOJO", DAY_START + MINUTE, 52));

        assertThat(psis(harness.extractOutputValues())).containsExactly(50.0, 52.0);
        assertThat(psis(values(harness.getSideOutput(AdmitReadings.TOO_LATE)))).containsExactly(52.0);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SensorReading, SensorReading> open(
            OperatorSubtaskState restore) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, SensorReading, SensorReading> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new AdmitReadings(ZoneOffset.UTC, Duration.ofHours(1), Duration.ofDays(1))),
                        r -> r.pumpId,
                        TypeInformation.of(String.class));
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        return harness;
    }

    private void process(SensorReading reading) throws Exception {
        harness.processElement(new StreamRecord<>(reading, reading.eventTime));
    }

    private static SensorReading reading(String pump, long time, double psi) {
        return new SensorReading(pump, time, 10, 2, 900, 1, psi, 1);
    }

    private static List<SensorReading> values(ConcurrentLinkedQueue<StreamRecord<SensorReading>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    private static List<Double> psis(List<SensorReading> readings) {
        return readings.stream().map(r -> r.psi).collect(Collectors.toList());
    }
}
