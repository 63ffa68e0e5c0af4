package org.pumpmonitor.job.alarms;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.pumpmonitor.job.model.AlarmEvent;
import org.pumpmonitor.job.model.SensorReading;

import java.time.Duration;

/**
 * Low-pressure episodes and silent pumps, per pump, in event time.
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

    private final double threshold;
    private final double hysteresis;
    private final int raiseAfter;
    private final int clearAfter;
    private final long silenceAfterMillis;
    private final long forgetAfterMillis;

    private transient ValueState<PumpAlarmState> state;
    private transient Counter outOfOrder;
    private transient Counter forgotten;

    public EpisodeDetector(double threshold, int raiseAfter, double hysteresis, int clearAfter, Duration silenceAfter,
            Duration forgetAfter) {
        if (raiseAfter < 1 || clearAfter < 1) {
            throw new IllegalArgumentException("raise-after and clear-after must be at least 1");
        }
        if (forgetAfter.compareTo(silenceAfter) <= 0) {
            throw new IllegalArgumentException("a pump can be forgotten only after it is silent: --alarm.forget-after ("
                    + forgetAfter + ") must be longer than --alarm.silence-after (" + silenceAfter + ")");
        }
        this.forgetAfterMillis = forgetAfter.toMillis();
        this.threshold = threshold;
        this.hysteresis = hysteresis;
        this.raiseAfter = raiseAfter;
        this.clearAfter = clearAfter;
        this.silenceAfterMillis = silenceAfter.toMillis();
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
        long t = r.eventTime;
        if (t <= s.lastSeen) {
            outOfOrder.inc();
            if (s.open && r.psi < threshold && t >= s.start) {
                s.readings++;
                if (r.psi < s.minPsi) {
                    s.minPsi = r.psi;
                    s.minPsiTime = t;
                }
                state.update(s);
            }
            return;
        }
        String pump = ctx.getCurrentKey();
        if (s.silent) {
            out.collect(AlarmEvent.of(pump, AlarmEvent.RESUMED, t, r.psi));
            s.silent = false;
            // What is pending is the time to forget (or, in savepoints of 812766c, a timer that has
            // fired already): a silence deadline is armed below.
            s.silenceTimer = 0;
        } else if (s.lastSeen != Long.MIN_VALUE && t - s.lastSeen > silenceAfterMillis) {
            // Silent for longer than the bound before the watermark could tell.
            out.collect(AlarmEvent.of(pump, AlarmEvent.SILENT, s.lastSeen + silenceAfterMillis, Double.NaN));
            out.collect(AlarmEvent.of(pump, AlarmEvent.RESUMED, t, r.psi));
        }
        s.lastSeen = t;
        // One pending timer per pump, not one per reading: when it fires early (newer readings
        // came), it moves itself to the newest reading's deadline.
        if (s.silenceTimer == 0) {
            s.silenceTimer = t + silenceAfterMillis;
            ctx.timerService().registerEventTimeTimer(s.silenceTimer);
        }

        if (r.psi < threshold) {
            s.recovered = 0;
            if (s.open) {
                s.readings++;
                if (r.psi < s.minPsi) {
                    s.minPsi = r.psi;
                    s.minPsiTime = t;
                }
            } else {
                if (s.under == 0 || r.psi < s.runMin) {
                    if (s.under == 0) {
                        s.runStart = t;
                    }
                    s.runMin = r.psi;
                    s.runMinTime = t;
                }
                s.under++;
                if (s.under >= raiseAfter) {
                    s.open = true;
                    s.start = s.runStart;
                    s.minPsi = s.runMin;
                    s.minPsiTime = s.runMinTime;
                    s.readings = s.under;
                    s.under = 0;
                    out.collect(episode(pump, AlarmEvent.RAISED, t, r.psi, s));
                }
            }
        } else if (!s.open) {
            s.under = 0;
        } else if (r.psi >= threshold + hysteresis) {
            if (s.recovered == 0) {
                s.recoveryStart = t;
            }
            s.recovered++;
            if (s.recovered >= clearAfter) {
                AlarmEvent cleared = episode(pump, AlarmEvent.CLEARED, t, r.psi, s);
                cleared.end = s.recoveryStart;
                out.collect(cleared);
                s.open = false;
                s.recovered = 0;
            }
        } else {
            s.recovered = 0;
        }
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlarmEvent> out) throws Exception {
        PumpAlarmState s = state.value();
        if (s == null || timestamp != s.silenceTimer) {
            return;
        }
        if (s.silent) {
            forgotten.inc();
            state.clear();
            return;
        }
        long deadline = s.lastSeen + silenceAfterMillis;
        if (deadline > timestamp) {
            s.silenceTimer = deadline;
        } else {
            out.collect(AlarmEvent.of(ctx.getCurrentKey(), AlarmEvent.SILENT, deadline, Double.NaN));
            s.silent = true;
            s.silenceTimer = s.lastSeen + forgetAfterMillis;
        }
        ctx.timerService().registerEventTimeTimer(s.silenceTimer);
        state.update(s);
    }

    private static AlarmEvent episode(String pump, String type, long time, double psi, PumpAlarmState s) {
        AlarmEvent e = AlarmEvent.of(pump, type, time, psi);
        e.start = s.start;
        e.minPsi = s.minPsi;
        e.minPsiTime = s.minPsiTime;
        e.readings = s.readings;
        return e;
    }
}
