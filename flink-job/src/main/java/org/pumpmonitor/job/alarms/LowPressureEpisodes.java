package org.pumpmonitor.job.alarms;

import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.AlarmEventType;
import org.pumpmonitor.job.alarms.EpisodeDetector.PumpAlarmState;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * The low-pressure episodes of one pump, reading by reading, in plain Java.
 *
 * <p>An episode is raised when {@code raiseAfter} readings in a row are under the threshold (its
 * start is the first of them) and cleared when {@code clearAfter} readings in a row are at or above
 * {@code threshold + hysteresis} (its end is the first of them); a reading in between keeps an open
 * episode open and resets the count towards clearing. A reading older than the pump's newest (out
 * of order, or too late) changes no decision: if it is under the threshold and falls in an open
 * episode, it is counted in it (readings, lowest psi); it never raises, clears or reopens anything.
 */
final class LowPressureEpisodes implements Serializable {

    private final double threshold;
    private final double hysteresis;
    private final int raiseAfter;
    private final int clearAfter;

    LowPressureEpisodes(double threshold, int raiseAfter, double hysteresis, int clearAfter) {
        if (raiseAfter < 1 || clearAfter < 1) {
            throw new IllegalArgumentException("raise-after and clear-after must be at least 1");
        }
        this.threshold = threshold;
        this.hysteresis = hysteresis;
        this.raiseAfter = raiseAfter;
        this.clearAfter = clearAfter;
    }

    /** A reading newer than every other of the pump: it may raise or clear. */
    void take(PumpAlarmState s, String pump, long t, double psi, Consumer<AlarmEvent> out) {
        if (psi < threshold) {
            s.recovered = 0;
            if (s.open) {
                countIn(s, t, psi);
            } else {
                if (s.under == 0 || psi < s.runMin) {
                    if (s.under == 0) {
                        s.runStart = t;
                    }
                    s.runMin = psi;
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
                    out.accept(episode(pump, AlarmEventType.RAISED, t, psi, s));
                }
            }
        } else if (!s.open) {
            s.under = 0;
        } else if (psi >= threshold + hysteresis) {
            if (s.recovered == 0) {
                s.recoveryStart = t;
            }
            s.recovered++;
            if (s.recovered >= clearAfter) {
                AlarmEvent cleared = episode(pump, AlarmEventType.CLEARED, t, psi, s);
                cleared.end = s.recoveryStart;
                out.accept(cleared);
                s.open = false;
                s.recovered = 0;
            }
        } else {
            s.recovered = 0;
        }
    }

    /** A reading older than the pump's newest: counted in the open episode it falls into; true if it was. */
    boolean takeOutOfOrder(PumpAlarmState s, long t, double psi) {
        if (s.open && psi < threshold && t >= s.start) {
            countIn(s, t, psi);
            return true;
        }
        return false;
    }

    private static void countIn(PumpAlarmState s, long t, double psi) {
        s.readings++;
        if (psi < s.minPsi) {
            s.minPsi = psi;
            s.minPsiTime = t;
        }
    }

    private static AlarmEvent episode(String pump, AlarmEventType type, long time, double psi, PumpAlarmState s) {
        AlarmEvent e = AlarmEvent.of(pump, type, time, psi);
        e.start = s.start;
        e.minPsi = s.minPsi;
        e.minPsiTime = s.minPsiTime;
        e.readings = s.readings;
        return e;
    }
}
