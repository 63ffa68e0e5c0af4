package org.pumpmonitor.job.stats;

import org.pumpmonitor.job.admission.AdmitReadings;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.PumpMonitorPipeline;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.SensorReading;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The window operator exactly as the pipeline builds it, driven by hand: watermarks, processing time. */
class DailyStatisticsWindowTest {

    private static final long DAY_START = Instant.parse("2014-03-10T00:00:00Z").toEpochMilli();
    private static final long DAY_END = Instant.parse("2014-03-11T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    private KeyedOneInputStreamOperatorTestHarness<String, SensorReading, DailyStatistics> harness;

    @BeforeEach
    void setUp() throws Exception {
        JobOptions options = JobOptions.defaults().with(Map.of(
                "stats.allowed-lateness", "1 h", "stats.early-firing-interval", "60 s"));
        harness = harness(options);
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void outOfOrderReadingsBeforeTheWatermarkAllCountInTheFinalResult() throws Exception {
        process(reading("MOJO", DAY_START + 10 * MINUTE, 90));
        process(reading("MOJO", DAY_START + 2 * MINUTE, 80));
        process(reading("MOJO", DAY_START + 5 * MINUTE, 70));
        process(reading("CHER", DAY_START + 3 * MINUTE, 4));
        harness.processWatermark(new Watermark(DAY_END - 2));
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(new Watermark(DAY_END - 1));

        List<DailyStatistics> out = harness.extractOutputValues();
        assertThat(out).hasSize(2).allMatch(s -> s.finalResult);
        DailyStatistics mojo = out.stream().filter(s -> s.pumpId.equals("MOJO")).findFirst().orElseThrow();
        assertThat(mojo.day).isEqualTo("2014-03-10");
        assertThat(mojo.windowStart).isEqualTo(DAY_START);
        assertThat(mojo.windowEnd).isEqualTo(DAY_END);
        assertThat(mojo.count).isEqualTo(3);
        assertThat(mojo.min(Measure.PSI)).isEqualTo(70);
        assertThat(mojo.max(Measure.PSI)).isEqualTo(90);
        assertThat(mojo.avg(Measure.PSI)).isEqualTo(80);
        assertThat(mojo.avg(Measure.HZ)).isEqualTo(10);
    }

    @Test
    void earlyResultsComeOncePerIntervalWhileThereIsNewData() throws Exception {
        process(reading("MOJO", DAY_START + MINUTE, 50));
        harness.setProcessingTime(59_999);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(60_000);
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(s -> {
                    assertThat(s.finalResult).isFalse();
                    assertThat(s.count).isEqualTo(1);
                });

        process(reading("MOJO", DAY_START + 2 * MINUTE, 30));
        process(reading("MOJO", DAY_START + 3 * MINUTE, 40));
        harness.setProcessingTime(120_000);
        harness.setProcessingTime(180_000);
        // The second interval had no new data, so no third result.
        assertThat(harness.extractOutputValues()).hasSize(2);
        DailyStatistics second = harness.extractOutputValues().get(1);
        assertThat(second.finalResult).isFalse();
        assertThat(second.count).isEqualTo(3);
        assertThat(second.min(Measure.PSI)).isEqualTo(30);

        harness.processWatermark(new Watermark(DAY_END - 1));
        assertThat(harness.extractOutputValues()).hasSize(3).last()
                .satisfies(s -> {
                    assertThat(s.finalResult).isTrue();
                    assertThat(s.count).isEqualTo(3);
                });
    }

    @Test
    void lateReadingWithinTheAllowedLatenessUpdatesTheFinalResult() throws Exception {
        process(reading("MOJO", DAY_START + MINUTE, 50));
        harness.processWatermark(new Watermark(DAY_END - 1));
        harness.processWatermark(new Watermark(DAY_END + 30 * MINUTE));

        process(reading("MOJO", DAY_START + 2 * MINUTE, 2));

        List<DailyStatistics> out = harness.extractOutputValues();
        assertThat(out).hasSize(2).allMatch(s -> s.finalResult);
        assertThat(out.get(1).count).isEqualTo(2);
        assertThat(out.get(1).min(Measure.PSI)).isEqualTo(2);
        assertThat(harness.getSideOutput(AdmitReadings.TOO_LATE)).isNull();
        // Early firings stop once the final result is out.
        harness.setProcessingTime(10 * HOUR);
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    /**
     * The admission decides lateness per pump; the window keeps a day until the job forgets it
     * (the allowed lateness plus the duplicate retention, 1 d by default), so that a lagging pump's
     * readings that count are counted.
     */
    @Test
    void aDayIsKeptForALaggingPumpUntilTheJobForgetsIt() throws Exception {
        process(reading("MOJO", DAY_START + MINUTE, 50));
        harness.processWatermark(new Watermark(DAY_END - 1 + HOUR + 23 * HOUR));
        process(reading("MOJO", DAY_START + 2 * MINUTE, 40));
        assertThat(harness.extractOutputValues()).last().satisfies(s -> {
            assertThat(s.count).isEqualTo(2);
            assertThat(s.finalResult).isTrue();
        });
        assertThat(harness.getSideOutput(AdmitReadings.TOO_LATE)).isNull();
    }

    @Test
    void readingAfterTheJobForgotItsDayGoesToTheSideOutput() throws Exception {
        process(reading("MOJO", DAY_START + MINUTE, 50));
        harness.processWatermark(new Watermark(DAY_END - 1 + HOUR + 24 * HOUR));
        int results = harness.extractOutputValues().size();

        SensorReading tooLate = reading("MOJO", DAY_START + 2 * MINUTE, 2);
        process(tooLate);

        assertThat(harness.extractOutputValues()).hasSize(results);
        assertThat(harness.getSideOutput(AdmitReadings.TOO_LATE))
                .extracting(StreamRecord::getValue)
                .containsExactly(tooLate);
    }

    @Test
    void earlyFiringsCanBeTurnedOff() throws Exception {
        harness.close();
        harness = harness(JobOptions.defaults().with(Map.of("stats.early-firing-interval", "0 s")));
        harness.setProcessingTime(0);
        harness.open();
        process(reading("MOJO", DAY_START + MINUTE, 50));
        harness.setProcessingTime(10 * HOUR);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(new Watermark(DAY_END));
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void windowStateSurvivesASnapshotAndRestore() throws Exception {
        process(reading("MOJO", DAY_START + MINUTE, 50));
        var snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = harness(JobOptions.defaults());
        harness.setProcessingTime(0);
        harness.initializeState(snapshot);
        harness.open();
        process(reading("MOJO", DAY_START + 2 * MINUTE, 70));
        harness.processWatermark(new Watermark(DAY_END - 1));

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(s -> assertThat(s.count).isEqualTo(2));
    }

    private void process(SensorReading reading) throws Exception {
        harness.processElement(new StreamRecord<>(reading, reading.eventTime));
    }

    private static SensorReading reading(String pump, long time, double psi) {
        return new SensorReading(pump, time, 10, 1.7, 880, 1.2, psi, 1.5);
    }

    @SuppressWarnings("unchecked")
    static KeyedOneInputStreamOperatorTestHarness<String, SensorReading, DailyStatistics> harness(
            JobOptions options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<SensorReading> readings =
                env.fromData(TypeInformation.of(SensorReading.class), new SensorReading());
        OneInputTransformation<SensorReading, DailyStatistics> window =
                (OneInputTransformation<SensorReading, DailyStatistics>)
                        PumpMonitorPipeline.dailyStatistics(readings, options).getTransformation();
        return new KeyedOneInputStreamOperatorTestHarness<>(
                (OneInputStreamOperator<SensorReading, DailyStatistics>) window.getOperator(),
                r -> r.pumpId,
                TypeInformation.of(String.class));
    }
}
