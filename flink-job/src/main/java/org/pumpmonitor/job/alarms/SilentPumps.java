package org.pumpmonitor.job.alarms;

import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.AlarmEventType;
import org.pumpmonitor.job.alarms.EpisodeDetector.PumpAlarmState;

import java.io.Serializable;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Whether a pump is silent, and when to forget it, in plain Java. The caller keeps one event-time
 * timer per pump ({@link PumpAlarmState#silenceTimer}) and registers what these methods return.
 *
 * <p>When the watermark passes a pump's newest reading plus {@code silenceAfter}, the pump is
 * SILENT (event time: newest reading + silenceAfter); its next reading makes it RESUMED. A pump that
 * resumes after a gap the watermark had not yet covered gets its SILENT and RESUMED together, so a
 * gap longer than {@code silenceAfter} always gives the same two events, whatever the timing. A
 * pump SILENT until its newest reading plus {@code forgetAfter} is forgotten.
 */
final class SilentPumps implements Serializable {

    /** What to do once the pump's timer fired. */
    enum Next { NOTHING, REGISTER_TIMER, FORGET }

    private final long silenceAfterMillis;
    private final long forgetAfterMillis;

    SilentPumps(Duration silenceAfter, Duration forgetAfter) {
        if (forgetAfter.compareTo(silenceAfter) <= 0) {
            throw new IllegalArgumentException("a pump can be forgotten only after it is silent: --alarm.forget-after ("
                    + forgetAfter + ") must be longer than --alarm.silence-after (" + silenceAfter + ")");
        }
        this.silenceAfterMillis = silenceAfter.toMillis();
        this.forgetAfterMillis = forgetAfter.toMillis();
    }

    /**
     * A reading newer than every other of the pump. Returns the timer to register, or 0 when the
     * pending one stays: one timer per pump, not one per reading; a timer that fires early (newer
     * readings came) moves itself to the newest reading's deadline.
     */
    long take(PumpAlarmState s, String pump, long t, double psi, Consumer<AlarmEvent> out) {
        if (s.silent) {
            out.accept(AlarmEvent.of(pump, AlarmEventType.RESUMED, t, psi));
            s.silent = false;
            // What is pending is the time to forget (or, in savepoints of 812766c, a timer that has
            // fired already): a silence deadline is armed below.
            s.silenceTimer = 0;
        } else if (s.lastSeen != Long.MIN_VALUE && t - s.lastSeen > silenceAfterMillis) {
            // Silent for longer than the bound before the watermark could tell.
            out.accept(AlarmEvent.of(pump, AlarmEventType.SILENT, s.lastSeen + silenceAfterMillis, Double.NaN));
            out.accept(AlarmEvent.of(pump, AlarmEventType.RESUMED, t, psi));
        }
        s.lastSeen = t;
        if (s.silenceTimer != 0) {
            return 0;
        }
        s.silenceTimer = t + silenceAfterMillis;
        return s.silenceTimer;
    }

    /** The pump's timer fired at {@code timestamp}: SILENT, a later deadline, or the end of its state. */
    Next fired(PumpAlarmState s, String pump, long timestamp, Consumer<AlarmEvent> out) {
        if (timestamp != s.silenceTimer) {
            return Next.NOTHING; // a timer this state no longer waits for
        }
        if (s.silent) {
            return Next.FORGET;
        }
        long deadline = s.lastSeen + silenceAfterMillis;
        if (deadline > timestamp) {
            s.silenceTimer = deadline;
        } else {
            out.accept(AlarmEvent.of(pump, AlarmEventType.SILENT, deadline, Double.NaN));
            s.silent = true;
            s.silenceTimer = s.lastSeen + forgetAfterMillis;
        }
        return Next.REGISTER_TIMER;
    }
}
