package org.pumpmonitor.job.alarms;

import org.pumpmonitor.core.model.AlarmEventType;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.pumpmonitor.job.rules.RuleChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.SensorReading;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.pumpmonitor.job.source.ReadingWatermarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The episode and silence logic of one pump, reading by reading, on Flink's operator harness. */
class EpisodeDetectorTest {

    private static final long T0 = Instant.parse("2014-03-10T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    private KeyedBroadcastOperatorTestHarness<String, SensorReading, RuleChange, AlarmEvent> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = harness(1, 2);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static KeyedBroadcastOperatorTestHarness<String, SensorReading, RuleChange, AlarmEvent> harness(
            int raiseAfter, int clearAfter) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new EpisodeDetector(5.0, raiseAfter, 0.5, clearAfter,
                        Duration.ofMinutes(10), Duration.ofDays(7)), java.util.List.of(EpisodeDetector.RULES)),
                r -> r.pumpId, Types.STRING, 1, 1, 0);
    }

    /** Entries in every keyed state of the operator (the harness for one input has this built in). */
    private int keyedStateEntries() {
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
                ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) harness.getOperator())
                        .getKeyedStateBackend()).numKeyValueStateEntries();
    }

    /** A reading of pump P at minute m with the psi. */
    private void reading(int minute, double psi) throws Exception {
        reading(harness, "P", minute, psi);
    }

    private static void reading(KeyedBroadcastOperatorTestHarness<String, SensorReading, RuleChange, AlarmEvent> h,
                                String pump, int minute, double psi) throws Exception {
        long t = T0 + minute * MINUTE;
        h.processElement(new StreamRecord<>(new SensorReading(pump, t, 10, 1, 800, 1, psi, 2), t));
    }

    private List<String> events() {
        return events(harness);
    }

    /** TYPE@minute, with the episode's start/end, lowest psi and readings for RAISED and CLEARED. */
    private static List<String> events(KeyedBroadcastOperatorTestHarness<String, SensorReading, RuleChange, AlarmEvent> h) {
        List<String> events = h.extractOutputValues().stream().map(e -> {
            String text = e.type + "@" + (e.time - T0) / MINUTE;
            if (AlarmEventType.RAISED.equals(e.type)) {
                text += " start " + (e.start - T0) / MINUTE + " min " + e.minPsi + " n " + e.readings;
            } else if (AlarmEventType.CLEARED.equals(e.type)) {
                text += " " + (e.start - T0) / MINUTE + "-" + (e.end - T0) / MINUTE + " min " + e.minPsi + "@"
                        + (e.minPsiTime - T0) / MINUTE + " n " + e.readings;
            }
            return text;
        }).toList();
        h.getOutput().clear();
        return events;
    }

    @Test
    void anEpisodeRaisesOnItsFirstLowReadingAndClearsAfterTwoRecoveredReadings() throws Exception {
        reading(0, 80);
        reading(1, 4);
        assertThat(events()).containsExactly("RAISED@1 start 1 min 4.0 n 1");
        reading(2, 3);
        reading(3, 4.5);
        reading(4, 80);
        assertThat(events()).isEmpty();
        reading(5, 81);
        assertThat(events()).containsExactly("CLEARED@5 1-4 min 3.0@2 n 3");
        reading(6, 82);
        assertThat(events()).isEmpty();
    }

    @Test
    void raiseAfterWaitsForThatManyLowReadingsInARow() throws Exception {
        harness.close();
        harness = harness(3, 2);
        harness.open();
        reading(0, 4);
        reading(1, 4);
        reading(2, 80);
        reading(3, 4.2);
        reading(4, 3.9);
        assertThat(events()).isEmpty();
        reading(5, 4.1);
        assertThat(events()).containsExactly("RAISED@5 start 3 min 3.9 n 3");
    }

    @Test
    void hysteresisKeepsAnEpisodeOpenJustAboveTheThreshold() throws Exception {
        reading(0, 4);
        events();
        // 5.0 to 5.49 is not low, but not recovered either: the count towards clearing restarts.
        reading(1, 5.2);
        reading(2, 5.6);
        reading(3, 5.3);
        reading(4, 5.5);
        assertThat(events()).isEmpty();
        reading(5, 5.5);
        assertThat(events()).containsExactly("CLEARED@5 0-4 min 4.0@0 n 1");
    }

    @Test
    void anOutOfOrderReadingCountsInItsOpenEpisodeButChangesNoState() throws Exception {
        reading(0, 80);
        reading(2, 4);
        events();
        reading(3, 3);
        reading(1, 2); // before the episode's start: not in it
        reading(2, 1); // a second reading of minute 2 arriving late, in the episode
        reading(4, 80);
        reading(5, 80);
        assertThat(events()).containsExactly("CLEARED@5 2-4 min 1.0@2 n 3");
    }

    @Test
    void aTooLateReadingNeverReopensAClearedEpisode() throws Exception {
        reading(0, 4);
        reading(1, 80);
        reading(2, 80);
        assertThat(events()).containsExactly("RAISED@0 start 0 min 4.0 n 1", "CLEARED@2 0-1 min 4.0@0 n 1");
        harness.watermark(T0 + 2 * MINUTE);
        reading(0, 1);
        reading(1, 2);
        assertThat(events()).isEmpty();
        reading(3, 80);
        assertThat(events()).isEmpty();
    }

    @Test
    void aPumpIsSilentWhenTheWatermarkPassesItsLastReadingPlusTheBound() throws Exception {
        reading(0, 80);
        harness.watermark(T0 + 9 * MINUTE);
        assertThat(events()).isEmpty();
        harness.watermark(T0 + 10 * MINUTE);
        assertThat(events()).containsExactly("SILENT@10");
        harness.watermark(T0 + 60 * MINUTE);
        assertThat(events()).as("silent once").isEmpty();
        reading(61, 80);
        assertThat(events()).containsExactly("RESUMED@61");
    }

    @Test
    void aGapTheWatermarkHasNotCoveredStillGivesSilentThenResumed() throws Exception {
        reading(0, 80);
        reading(30, 80);
        assertThat(events()).containsExactly("SILENT@10", "RESUMED@30");
        harness.watermark(T0 + 35 * MINUTE);
        assertThat(events()).as("the old deadline is gone").isEmpty();
    }

    /**
     * The job's own watermarks (ReadingWatermarks, on a clock of the test's) fed to the detector: the
     * partition goes idle, hours pass in processing time, and the watermark stays where the
     * readings put it, so no pump is SILENT.
     */
    @Test
    void anIdleTopicMovesNoWatermarkAndRaisesNoSilence() throws Exception {
        ManualClock clock = new ManualClock(0);
        ReadingWatermarks<Object> watermarks = new ReadingWatermarks<>(Duration.ofMinutes(5), Duration.ofMinutes(1), clock);
        List<Long> emitted = new ArrayList<>();
        WatermarkOutput output = new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                emitted.add(watermark.getTimestamp());
            }

            @Override
            public void markIdle() {}

            @Override
            public void markActive() {}
        };
        for (int minute = 0; minute <= 20; minute++) {
            reading(minute, 80);
            watermarks.onEvent(null, T0 + minute * MINUTE, output);
        }
        for (int second = 0; second < 6 * 3600; second += 1) {
            clock.advanceTime(Duration.ofSeconds(1));
            watermarks.onPeriodicEmit(output);
            harness.setProcessingTime(clock.absoluteTimeMillis());
        }
        assertThat(emitted).as("the watermark emitted").isNotEmpty().allMatch(w -> w <= T0 + 15 * MINUTE);
        for (long watermark : emitted) {
            harness.watermark(watermark);
        }
        assertThat(events()).isEmpty();
        // The same detector does raise it once a watermark passes the deadline: the test can fail.
        harness.watermark(T0 + 30 * MINUTE);
        assertThat(events()).containsExactly("SILENT@30");
    }

    @Test
    void aPumpThatResumedIsWatchedAgain() throws Exception {
        reading(0, 80);
        harness.watermark(T0 + 10 * MINUTE);
        reading(20, 80);
        harness.watermark(T0 + 30 * MINUTE);
        reading(40, 80);
        harness.watermark(T0 + 50 * MINUTE);
        assertThat(events()).containsExactly("SILENT@10", "RESUMED@20", "SILENT@30", "RESUMED@40", "SILENT@50");
    }

    /**
     * Ten thousand pump ids that report once (serial numbers in the pump field): each is SILENT,
     * then forgotten when the watermark passes its reading plus the retention, and no state is
     * left. One of them reports again: it is a new pump, and an episode it left open is not
     * continued.
     */
    @Test
    void aSilentPumpIsForgottenAfterTheRetention() throws Exception {
        int pumps = 10_000;
        for (int i = 0; i < pumps; i++) {
            reading(harness, "SN" + i, 0, i == 7 ? 2 : 80);
        }
        assertThat(keyedStateEntries()).isEqualTo(pumps);
        harness.watermark(T0 + 10 * MINUTE);
        assertThat(harness.extractOutputValues()).filteredOn(e -> AlarmEventType.SILENT.equals(e.type)).hasSize(pumps);
        harness.getOutput().clear();
        harness.watermark(T0 + 7 * 24 * 60 * MINUTE - 1);
        assertThat(keyedStateEntries()).as("state before the retention").isEqualTo(pumps);
        harness.watermark(T0 + 7 * 24 * 60 * MINUTE);
        assertThat(keyedStateEntries()).as("state after the retention").isZero();
        assertThat(harness.extractOutputValues()).as("forgetting emits nothing").isEmpty();

        reading(harness, "SN7", 7 * 24 * 60 + 5, 3);
        reading(harness, "SN7", 7 * 24 * 60 + 6, 80);
        reading(harness, "SN7", 7 * 24 * 60 + 7, 80);
        assertThat(events()).containsExactly("RAISED@10085 start 10085 min 3.0 n 1", "CLEARED@10087 10085-10086 min 3.0@10085 n 1");
    }

    @Test
    void aSnapshotKeepsAnOpenEpisodeAndTheSilenceDeadline() throws Exception {
        reading(0, 80);
        reading(1, 4);
        reading(2, 3);
        events();
        OperatorSubtaskState snapshot = harness.snapshot(1, T0 + 3 * MINUTE);
        harness.close();

        harness = harness(1, 2);
        harness.initializeState(snapshot);
        harness.open();
        reading(3, 2); // still open: not raised again
        reading(4, 80);
        reading(5, 80);
        assertThat(events()).containsExactly("CLEARED@5 1-4 min 2.0@3 n 3");
        harness.watermark(T0 + 15 * MINUTE);
        assertThat(events()).containsExactly("SILENT@15");
    }

    /** A reading of pump P at minute m with psi and flow. */
    private void reading(String pump, int minute, double psi, double flo) throws Exception {
        long t = T0 + minute * MINUTE;
        harness.processElement(new StreamRecord<>(new SensorReading(pump, t, 10, 1, flo, 1, psi, 2), t));
    }

    private void rule(String json) throws Exception {
        harness.processBroadcastElement(new StreamRecord<>(RuleChange.set(org.pumpmonitor.core.rules.AlarmRules.parse(json))));
    }

    private void deleteRule(String id) throws Exception {
        harness.processBroadcastElement(new StreamRecord<>(RuleChange.delete(id)));
    }

    /** PUMP TYPE@minute rule value (reason). */
    private List<String> ruleEvents() {
        List<String> events = harness.extractOutputValues().stream().map(e -> e.pumpId + " " + e.type + "@"
                + (e.time - T0) / MINUTE + " " + e.rule + " " + e.value + (e.reason == null ? "" : " (" + e.reason + ")"))
                .toList();
        harness.getOutput().clear();
        return events;
    }

    @Test
    void aFleetRuleOnAnotherMeasureRaisesForEveryPumpAndAPumpsOwnRuleReplacesTheBuiltIn() throws Exception {
        rule("{\"id\":\"low-flow\",\"measure\":\"flo\",\"below\":500,\"clearAfter\":1}");
        rule("{\"id\":\"a-psi\",\"pump\":\"A\",\"measure\":\"psi\",\"below\":2,\"clearAfter\":1}");
        reading("A", 0, 4, 400); // psi 4: under the built-in's 5, not under A's own 2
        reading("B", 0, 4, 800);
        assertThat(ruleEvents()).containsExactly("A RAISED@0 low-flow 400.0", "B RAISED@0 low-pressure 4.0");
        reading("A", 1, 1.5, 900);
        assertThat(ruleEvents()).containsExactly("A RAISED@1 a-psi 1.5", "A CLEARED@1 low-flow 900.0");
    }

    @Test
    void aRuleChangedWhileAnEpisodeIsOpenGoesOnWithTheNewLimitsAndADeletedRuleClearsIt() throws Exception {
        rule("{\"id\":\"low-flow\",\"measure\":\"flo\",\"below\":500,\"clearAfter\":1}");
        reading("A", 0, 80, 450);
        assertThat(ruleEvents()).containsExactly("A RAISED@0 low-flow 450.0");
        rule("{\"id\":\"low-flow\",\"measure\":\"flo\",\"below\":400,\"clearAfter\":1}");
        reading("A", 1, 80, 450); // not under the tightened limit: recovered
        assertThat(ruleEvents()).containsExactly("A CLEARED@1 low-flow 450.0");
        reading("A", 2, 80, 300);
        assertThat(ruleEvents()).containsExactly("A RAISED@2 low-flow 300.0");
        deleteRule("low-flow");
        reading("A", 3, 80, 300);
        assertThat(ruleEvents()).containsExactly("A CLEARED@3 low-flow 300.0 (rule no longer applies)");
        reading("A", 4, 80, 100);
        assertThat(ruleEvents()).as("the rule is gone").isEmpty();
        assertThat(keyedStateEntries()).as("the map of rule episodes is empty again").isEqualTo(1);
    }

    @Test
    void aSnapshotKeepsTheRulesAndTheirOpenEpisodes() throws Exception {
        rule("{\"id\":\"low-flow\",\"measure\":\"flo\",\"below\":500,\"clearAfter\":2}");
        reading("A", 0, 80, 450);
        ruleEvents();
        OperatorSubtaskState snapshot = harness.snapshot(1, T0 + MINUTE);
        harness.close();

        harness = harness(1, 2);
        harness.initializeState(snapshot);
        harness.open();
        reading("A", 1, 80, 400); // still open: not raised again
        reading("A", 2, 80, 900);
        reading("A", 3, 80, 900);
        reading("B", 3, 80, 100);
        assertThat(ruleEvents()).containsExactly("A CLEARED@3 low-flow 900.0", "B RAISED@3 low-flow 100.0");
    }

    @Test
    void pumpsAreIndependent() throws Exception {
        reading(harness, "A", 0, 4);
        reading(harness, "B", 0, 80);
        reading(harness, "B", 1, 80);
        reading(harness, "A", 1, 3);
        assertThat(harness.extractOutputValues()).extracting(e -> e.pumpId + " " + e.type).containsExactly("A RAISED");
    }

    @Test
    void theJsonOfEachTypeIsThePublishedContract() {
        AlarmEvent cleared = AlarmEvent.of("COHUTTA", AlarmEventType.CLEARED, T0 + 5 * MINUTE, 81);
        cleared.start = T0 + MINUTE;
        cleared.end = T0 + 4 * MINUTE;
        cleared.minPsi = 3;
        cleared.minPsiTime = T0 + 2 * MINUTE;
        cleared.readings = 3;
        assertThat(cleared.toJson()).isEqualTo("{\"pump\":\"COHUTTA\",\"type\":\"CLEARED\",\"time\":\"2014-03-10T00:05:00Z\","
                + "\"psi\":81.0,\"start\":\"2014-03-10T00:01:00Z\",\"end\":\"2014-03-10T00:04:00Z\",\"minPsi\":3.0,"
                + "\"minPsiTime\":\"2014-03-10T00:02:00Z\",\"readings\":3}");
        assertThat(AlarmEvent.of("P\"1", AlarmEventType.SILENT, T0, Double.NaN).toJson())
                .isEqualTo("{\"pump\":\"P\\\"1\",\"type\":\"SILENT\",\"time\":\"2014-03-10T00:00:00Z\",\"psi\":null}");
    }
}
