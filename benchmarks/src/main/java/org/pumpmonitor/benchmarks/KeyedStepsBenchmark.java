package org.pumpmonitor.benchmarks;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.core.rules.AlarmRule;
import org.pumpmonitor.job.PumpMonitorPipeline;
import org.pumpmonitor.job.admission.AdmitReadings;
import org.pumpmonitor.job.alarms.EpisodeDetector;
import org.pumpmonitor.job.rules.RuleChange;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Queue;

/**
 * The keyed steps of a reading, each as the job runs it (the operator with its keyed state on the
 * heap, in Flink's test harness): admission (each minute once, on time or too late), the alarm
 * rules' episodes and silence (the built-in rule), and the add to the day's statistics window. The
 * readings are the simulator's 100 pumps, minute after minute, every 25th under 5 psi; every 4,096
 * readings the watermark follows them, so that days close, timers fire and state stays bounded,
 * as in the job.
 */
public class KeyedStepsBenchmark extends OneCoreBenchmark {

    private static final int BATCH = 4096;
    /** More minutes than a batch spans for one pump (4,096 readings of 100 pumps: 41). */
    private static final long BATCH_MINUTES = 41;

    private SensorReading[] templates;
    private long next;
    /** What the step under measurement emitted: none would mean it measured nothing. */
    private long emitted;

    private KeyedOneInputStreamOperatorTestHarness<String, SensorReading, SensorReading> admission;
    private KeyedBroadcastOperatorTestHarness<String, SensorReading, RuleChange, AlarmEvent> episodes;
    private KeyedOneInputStreamOperatorTestHarness<String, SensorReading, DailyStatistics> window;

    @Setup
    public void setUp() throws Exception {
        templates = SensorLines.readings(BATCH);
        JobOptions options = JobOptions.defaults();
        admission = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AdmitReadings(ZoneOffset.UTC, options.get(JobOptions.ALLOWED_LATENESS),
                        options.get(JobOptions.OUT_OF_ORDERNESS), options.get(JobOptions.DUPLICATE_RETENTION))),
                r -> r.pumpId, Types.STRING);
        episodes = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new EpisodeDetector(AlarmRule.builtIn(
                        options.get(JobOptions.PSI_THRESHOLD), options.get(JobOptions.ALARM_RAISE_AFTER),
                        options.get(JobOptions.ALARM_CLEAR_HYSTERESIS), options.get(JobOptions.ALARM_CLEAR_AFTER)),
                        options.get(JobOptions.ALARM_SILENCE_AFTER), options.get(JobOptions.ALARM_FORGET_AFTER)),
                        List.of(EpisodeDetector.RULES)),
                r -> r.pumpId, Types.STRING, 1, 1, 0);
        window = windowHarness(options);
        for (AbstractStreamOperatorTestHarness<?> harness : List.of(admission, episodes, window)) {
            harness.setProcessingTime(0);
            harness.open();
        }
        // The rules never hold event time back in the job either.
        episodes.processBroadcastWatermark(Long.MAX_VALUE);
    }

    @TearDown
    public void tearDown() throws Exception {
        for (AbstractStreamOperatorTestHarness<?> harness : List.of(admission, episodes, window)) {
            harness.close();
        }
        if (next > 0 && emitted == 0) {
            throw new IllegalStateException("the step emitted nothing for " + next + " readings: it measured nothing");
        }
    }

    /** The next reading: a template moved on by whole batches, so that every pump's minutes go forward. */
    private SensorReading nextReading(WatermarkInput harness) throws Exception {
        int index = (int) (next % BATCH);
        long shift = (next / BATCH) * BATCH_MINUTES * 60_000;
        if (index == 0 && next > 0) {
            harness.processWatermark(new Watermark(templates[0].eventTime + shift - 60_000));
        }
        next++;
        SensorReading t = templates[index];
        return new SensorReading(t.pumpId, t.eventTime + shift, t.hz, t.disp, t.flo, t.sedPpm, t.psi, t.chlPpm);
    }

    @Benchmark
    public int admit() throws Exception {
        SensorReading reading = nextReading(admission::processWatermark);
        admission.processElement(new StreamRecord<>(reading, reading.eventTime));
        admission.getSideOutput(AdmitReadings.ON_TIME).clear();
        return taken(admission.getOutput());
    }

    @Benchmark
    public int episodesAndSilence() throws Exception {
        SensorReading reading = nextReading(episodes::processWatermark);
        episodes.processElement(new StreamRecord<>(reading, reading.eventTime));
        return taken(episodes.getOutput());
    }

    @Benchmark
    public int addToTheDay() throws Exception {
        SensorReading reading = nextReading(window::processWatermark);
        window.processElement(new StreamRecord<>(reading, reading.eventTime));
        return taken(window.getOutput());
    }

    /** Counts what a step emitted, then drops it, so that the harness's output stays empty. */
    private int taken(Queue<Object> output) {
        int out = output.size();
        emitted += out;
        output.clear();
        return out;
    }

    /** Where a harness takes the watermark. */
    private interface WatermarkInput {
        void processWatermark(Watermark watermark) throws Exception;
    }

    /** The window operator exactly as the pipeline builds it. */
    @SuppressWarnings("unchecked")
    private static KeyedOneInputStreamOperatorTestHarness<String, SensorReading, DailyStatistics> windowHarness(
            JobOptions options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<SensorReading> readings = env.fromData(TypeInformation.of(SensorReading.class), new SensorReading());
        OneInputTransformation<SensorReading, DailyStatistics> transformation =
                (OneInputTransformation<SensorReading, DailyStatistics>)
                        PumpMonitorPipeline.dailyStatistics(readings, options).getTransformation();
        return new KeyedOneInputStreamOperatorTestHarness<>(
                (OneInputStreamOperator<SensorReading, DailyStatistics>) transformation.getOperator(),
                r -> r.pumpId, Types.STRING);
    }
}
