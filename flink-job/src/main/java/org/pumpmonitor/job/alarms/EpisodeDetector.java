package org.pumpmonitor.job.alarms;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.SensorReading;

import java.time.Duration;

/**
 * Low-pressure episodes and silent pumps, per pump, in event time: the operator around
 * {@link LowPressureEpisodes} and {@link SilentPumps}, which decide in plain Java.
 *
 * <p><b>Episodes.</b> An episode is raised when {@code raiseAfter} readings in a row are under the
 * threshold (its start is the first of them) and cleared when {@code clearAfter} readings in a row
 * are at or above {@code threshold + hysteresis} (its end is the first of them); a reading in
 * between keeps an open episode open and resets the count towards clearing. Readings are taken in
 * the order they arrive, which for one pump is the order of its Kafka partition, so a replay after
 * a failure takes the same decisions and RAISED follows the reading at once. A reading older than
 * the pump's newest (out of order, or too late) changes no state: if it is under the threshold and
 * falls in an open episode, it is counted in it (readings, lowest psi); it never raises, clears or
 * reopens anything.
 *
 * <p><b>Silence.</b> When the watermark passes a pump's newest reading plus {@code silenceAfter}, the
 * pump is SILENT (event time: newest reading + silenceAfter); its next reading makes it RESUMED. The
 * watermark only moves while some partition carries readings (an idle partition stops holding it
 * back but never moves it), so an idle topic raises nothing; a pump that resumes after a gap the
 * watermark had not yet covered gets its SILENT and RESUMED together, so a gap longer than
 * {@code silenceAfter} always gives the same two events, whatever the timing.
 *
 * <p><b>Forgetting.</b> Pump ids are free text: a producer that writes serial numbers there would
 * otherwise grow this state for ever. When the watermark passes a pump's newest reading plus
 * {@code forgetAfter}, a pump that is SILENT is forgotten: its state is dropped. If it reports
 * again it starts afresh, as a new pump: no RESUMED, and an episode it left open is not continued
 * (it stays open where it was stored); its next reading under the threshold raises a new one.
 *
 * <p>All of it lives in keyed state (uid {@code alarm-episodes}): a resume from a savepoint neither
 * raises an episode twice, nor loses a clear, nor forgets an open episode.
 */
public class EpisodeDetector extends KeyedProcessFunction<String, SensorReading, AlarmEvent> {

    public static final String OUT_OF_ORDER_METRIC = "episodeReadingsOutOfOrder";
    public static final String FORGOTTEN_METRIC = "pumpsForgotten";

    /** One pump's alarm state. */
    public static class PumpAlarmState {
        /** Newest event time taken; Long.MIN_VALUE before the first reading. */
        public long lastSeen = Long.MIN_VALUE;
        public boolean silent;
        /** The pending timer: the silence deadline, or once SILENT the time to forget; 0 for none. */
        public long silenceTimer;
        public boolean open;
        public long start;
        public double minPsi;
        public long minPsiTime;
        public long readings;
        /** While closed: readings under the threshold in a row, and their first and lowest. */
        public int under;
        public long runStart;
        public double runMin;
        public long runMinTime;
        /** While open: readings recovered in a row, and the first of them. */
        public int recovered;
        public long recoveryStart;

        public PumpAlarmState() {}
    }

    private final LowPressureEpisodes episodes;
    private final SilentPumps silence;

    private transient ValueState<PumpAlarmState> state;
    private transient Counter outOfOrder;
    private transient Counter forgotten;

    public EpisodeDetector(double threshold, int raiseAfter, double hysteresis, int clearAfter, Duration silenceAfter,
            Duration forgetAfter) {
        this.episodes = new LowPressureEpisodes(threshold, raiseAfter, hysteresis, clearAfter);
        this.silence = new SilentPumps(silenceAfter, forgetAfter);
    }

    @Override
    public void open(Configuration parameters) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("pump-alarm-state", PumpAlarmState.class));
        outOfOrder = getRuntimeContext().getMetricGroup().counter(OUT_OF_ORDER_METRIC);
        forgotten = getRuntimeContext().getMetricGroup().counter(FORGOTTEN_METRIC);
    }

    @Override
    public void processElement(SensorReading r, Context ctx, Collector<AlarmEvent> out) throws Exception {
        PumpAlarmState s = state.value();
        if (s == null) {
            s = new PumpAlarmState();
        }
        if (r.eventTime <= s.lastSeen) {
            outOfOrder.inc();
            if (episodes.takeOutOfOrder(s, r.eventTime, r.psi)) {
                state.update(s);
            }
            return;
        }
        String pump = ctx.getCurrentKey();
        long timer = silence.take(s, pump, r.eventTime, r.psi, out::collect);
        if (timer != 0) {
            ctx.timerService().registerEventTimeTimer(timer);
        }
        episodes.take(s, pump, r.eventTime, r.psi, out::collect);
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlarmEvent> out) throws Exception {
        PumpAlarmState s = state.value();
        if (s == null) {
            return;
        }
        switch (silence.fired(s, ctx.getCurrentKey(), timestamp, out::collect)) {
            case FORGET -> {
                forgotten.inc();
                state.clear();
            }
            case REGISTER_TIMER -> {
                ctx.timerService().registerEventTimeTimer(s.silenceTimer);
                state.update(s);
            }
            case NOTHING -> { }
        }
    }
}
