package org.pumpmonitor.job.admission;

import org.pumpmonitor.job.admission.AdmitReadings;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.core.parse.SensorReadingParser;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The admitting operator driven by hand: duplicates, each pump's lateness, what a restore keeps. */
class AdmitReadingsTest {

    private static final long DAY_START = Instant.parse("2014-03-10T00:00:00Z").toEpochMilli();
    private static final long DAY_END = Instant.parse("2014-03-11T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    /** When day 1 closes: its last millisecond plus the allowed lateness (1 h). */
    private static final long CLOSES = DAY_END - 1 + HOUR;
    /** The first reading of a pump that closes day 1 for it: CLOSES plus the out-of-orderness (5 min). */
    private static final long CLOSING_READING = DAY_END + HOUR + 5 * MINUTE;
    private static final int MAX_PARALLELISM = 128;

    private final List<KeyedOneInputStreamOperatorTestHarness<String, SensorReading, SensorReading>> harnesses =
            new ArrayList<>();
    private KeyedOneInputStreamOperatorTestHarness<String, SensorReading, SensorReading> harness;

    @AfterEach
    void tearDown() throws Exception {
        for (var h : harnesses) {
            h.close();
        }
    }

    @Test
    void theFirstReadingOfAMinuteCountsAndLaterOnesAreDropped() throws Exception {
        harness = open(ZoneOffset.UTC, null, 1, 0);
        process(reading("MOJO", DAY_START + MINUTE, 50));
        process(reading("MOJO", DAY_START + MINUTE, 99)); // same minute, other values
        process(reading("MOJO", DAY_START + MINUTE, 50)); // exact resend
        process(reading("CHER", DAY_START + MINUTE, 70)); // another pump
        process(reading("MOJO", DAY_START + 2 * MINUTE, 60));

        assertThat(psis(harness.extractOutputValues())).containsExactly(50.0, 70.0, 60.0);
        assertThat(psis(onTime(harness))).containsExactly(50.0, 70.0, 60.0);
        assertThat(tooLate(harness)).isEmpty();
    }

    /**
     * A pump's own readings close its day, with no watermark at all: the decision does not wait
     * for one (a reading replayed in the same instant as those that made it late is late), and
     * another pump's day stays open.
     */
    @Test
    void aPumpsOwnReadingsCloseItsDay() throws Exception {
        harness = open(ZoneOffset.UTC, null, 1, 0);
        process(reading("MOJO", DAY_START + MINUTE, 50));
        process(reading("MOJO", CLOSING_READING - MINUTE, 55)); // the day is not closed yet
        process(reading("MOJO", DAY_START + 2 * MINUTE, 60));
        process(reading("MOJO", CLOSING_READING, 65));
        process(reading("MOJO", DAY_START + 3 * MINUTE, 70));
        process(reading("CHER", DAY_START + 3 * MINUTE, 80)); // another pump: its day is open

        assertThat(psis(harness.extractOutputValues())).containsExactly(50.0, 55.0, 60.0, 65.0, 70.0, 80.0);
        assertThat(psis(tooLate(harness))).containsExactly(70.0);
        assertThat(psis(onTime(harness))).containsExactly(50.0, 55.0, 60.0, 65.0, 80.0);
    }

    @Test
    void theWatermarkAloneClosesNoPumpsDay() throws Exception {
        harness = open(ZoneOffset.UTC, null, 1, 0);
        process(reading("MOJO", DAY_START + MINUTE, 50));
        harness.processWatermark(new Watermark(CLOSES + HOUR)); // other pumps went on
        process(reading("MOJO", DAY_START + 2 * MINUTE, 60));

        assertThat(tooLate(harness)).isEmpty();
        assertThat(psis(onTime(harness))).containsExactly(50.0, 60.0);
    }

    @Test
    void aRestoreKeepsEachPumpsClockAndTheMinutesSeen() throws Exception {
        harness = open(ZoneOffset.UTC, null, 1, 0);
        process(reading("MOJO", DAY_START + MINUTE, 50));
        process(reading("MOJO", CLOSING_READING, 55));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);

        // After a restore the watermark starts again from nothing.
        harness = open(ZoneOffset.UTC, snapshot, 1, 0);
        process(reading("MOJO", DAY_START + 3 * MINUTE, 40)); // day 1 is closed for MOJO
        process(reading("MOJO", CLOSING_READING, 99)); // a duplicate
        process(reading("MOJO", CLOSING_READING + MINUTE, 65));

        assertThat(psis(harness.extractOutputValues())).containsExactly(40.0, 65.0);
        assertThat(psis(tooLate(harness))).containsExactly(40.0);
        assertThat(psis(onTime(harness))).containsExactly(65.0);
    }

    /**
     * Two subtasks, one of whose pumps went quiet early: its subtask closed only an earlier day.
     * After a restore at the same parallelism, a reading for a day that the busy pump closed is
     * too late; it was counted while lateness was judged by the lowest closing watermark of all
     * subtasks.
     */
    @Test
    void aStaleSubtaskDoesNotReopenAnotherPumpsDays() throws Exception {
        String busy = pumpOfSubtask(0);
        String stale = pumpOfSubtask(1);
        var first = open(ZoneOffset.UTC, null, 2, 0);
        var second = open(ZoneOffset.UTC, null, 2, 1);
        long dayBefore = DAY_START - 24 * HOUR;
        process(second, reading(stale, dayBefore + MINUTE, 10));
        second.processWatermark(new Watermark(DAY_START + 2 * HOUR)); // closes the day before only
        process(first, reading(busy, DAY_START + MINUTE, 20));
        process(first, reading(busy, CLOSING_READING, 30));
        first.processWatermark(new Watermark(CLOSES + 1));
        OperatorSubtaskState packaged = AbstractStreamOperatorTestHarness.repackageState(
                first.snapshot(1, 1), second.snapshot(1, 1));

        harness = open(ZoneOffset.UTC, AbstractStreamOperatorTestHarness.repartitionOperatorState(
                packaged, MAX_PARALLELISM, 2, 2, 0), 2, 0);
        process(reading(busy, DAY_START + 2 * MINUTE, 40));

        assertThat(psis(tooLate(harness))).containsExactly(40.0);
        assertThat(onTime(harness)).isEmpty();
    }

    @Test
    void theMinutesOfADayAreForgottenAfterTheRetention() throws Exception {
        harness = open(ZoneOffset.UTC, null, 1, 0);
        process(reading("MOJO", DAY_START + MINUTE, 50));
        harness.processWatermark(new Watermark(CLOSES + Duration.ofDays(1).toMillis() - 1));
        process(reading("MOJO", DAY_START + MINUTE, 51));
        harness.processWatermark(new Watermark(CLOSES + Duration.ofDays(1).toMillis()));
        assertThat(harness.numKeyedStateEntries()).as("a pump with no day left is forgotten").isZero();
        process(reading("MOJO", DAY_START + MINUTE, 52));

        assertThat(psis(harness.extractOutputValues())).containsExactly(50.0, 52.0);
        assertThat(psis(tooLate(harness))).containsExactly(52.0);
    }

    /**
     * In New York, 1:00 to 1:59 happen twice on 2 November 2014. A pump that sends both hours in
     * order has every reading stored and counted: the second 1:30 is the one of standard time.
     */
    @Test
    void theRepeatedHourWhenDaylightSavingTimeEndsIsReadInThePumpsOrder() throws Exception {
        ZoneId newYork = ZoneId.of("America/New_York");
        SensorReadingParser parser = new SensorReadingParser(newYork);
        harness = open(newYork, null, 1, 0);
        for (String time : List.of("0:59", "1:00", "1:30", "1:59", "1:00", "1:30", "1:59", "2:00", "1:30")) {
            SensorReading r = parser.parse(("P,11/2/14," + time + ",10,2,900,1,50,1").getBytes(StandardCharsets.UTF_8));
            process(r);
        }
        assertThat(harness.extractOutputValues()).extracting(r -> Instant.ofEpochMilli(r.eventTime).toString())
                .containsExactly("2014-11-02T04:59:00Z", "2014-11-02T05:00:00Z", "2014-11-02T05:30:00Z",
                        "2014-11-02T05:59:00Z", "2014-11-02T06:00:00Z", "2014-11-02T06:30:00Z",
                        "2014-11-02T06:59:00Z", "2014-11-02T07:00:00Z")
                .as("the last 1:30 is a resend of both: dropped").hasSize(8);
        assertThat(onTime(harness)).hasSize(8);
        assertThat(harness.extractOutputValues()).allMatch(r -> r.laterOccurrence == SensorReading.NO_LATER_OCCURRENCE);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, SensorReading, SensorReading> open(
            ZoneId zone, OperatorSubtaskState restore, int parallelism, int subtask) throws Exception {
        var opened = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AdmitReadings(
                        zone, Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofDays(1))),
                (SensorReading r) -> r.pumpId,
                TypeInformation.of(String.class),
                MAX_PARALLELISM, parallelism, subtask);
        if (restore != null) {
            opened.initializeState(restore);
        }
        opened.open();
        harnesses.add(opened);
        return opened;
    }

    private static String pumpOfSubtask(int subtask) {
        return IntStream.range(0, 1000).mapToObj(i -> "PUMP" + i)
                .filter(p -> KeyGroupRangeAssignment.assignKeyToParallelOperator(p, MAX_PARALLELISM, 2) == subtask)
                .findFirst().orElseThrow();
    }

    private void process(SensorReading reading) throws Exception {
        process(harness, reading);
    }

    private static void process(KeyedOneInputStreamOperatorTestHarness<String, SensorReading, SensorReading> h,
            SensorReading reading) throws Exception {
        h.processElement(new StreamRecord<>(reading, reading.eventTime));
    }

    private static SensorReading reading(String pump, long time, double psi) {
        return new SensorReading(pump, time, 10, 2, 900, 1, psi, 1);
    }

    private static List<SensorReading> onTime(KeyedOneInputStreamOperatorTestHarness<String, SensorReading, SensorReading> h) {
        return values(h.getSideOutput(AdmitReadings.ON_TIME));
    }

    private static List<SensorReading> tooLate(KeyedOneInputStreamOperatorTestHarness<String, SensorReading, SensorReading> h) {
        return values(h.getSideOutput(AdmitReadings.TOO_LATE));
    }

    private static List<SensorReading> values(ConcurrentLinkedQueue<StreamRecord<SensorReading>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    private static List<Double> psis(List<SensorReading> readings) {
        return readings.stream().map(r -> r.psi).collect(Collectors.toList());
    }
}
