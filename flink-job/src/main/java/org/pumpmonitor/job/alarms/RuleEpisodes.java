package org.pumpmonitor.job.alarms;

import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.AlarmEventType;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.rules.AlarmRule;
import org.pumpmonitor.core.rules.Condition;

import java.util.function.Consumer;

/**
 * The episodes of one pump under one alarm rule, reading by reading, in plain Java.
 *
 * <p>An episode is raised when {@code raiseAfter} readings in a row are on the rule's wrong side of
 * its threshold (its start is the first of them) and cleared when {@code clearAfter} readings in a
 * row are past the threshold by the hysteresis (its end is the first of them); a reading in
 * between keeps an open episode open and resets the count towards clearing. A reading older than
 * the pump's newest (out of order, or too late) changes no decision: if it is on the wrong side and
 * falls in an open episode, it is counted in it (readings, worst value); it never raises, clears or
 * reopens anything.
 */
final class RuleEpisodes {

    /** The reason a clear carries when its rule no longer applies to the pump. */
    static final String RULE_GONE = "rule no longer applies";

    private RuleEpisodes() {}

    /** A reading newer than every other of the pump: it may raise or clear. */
    static void take(AlarmRule rule, EpisodeState s, String pump, long t, double value, double psi,
                     Consumer<AlarmEvent> out) {
        s.rule = rule;
        if (rule.breached(value)) {
            s.recovered = 0;
            if (s.open) {
                countIn(rule, s, t, value);
            } else {
                if (s.under == 0 || rule.worse(value, s.runPeak)) {
                    if (s.under == 0) {
                        s.runStart = t;
                    }
                    s.runPeak = value;
                    s.runPeakTime = t;
                }
                s.under++;
                if (s.under >= rule.raiseAfter) {
                    s.open = true;
                    s.start = s.runStart;
                    s.peak = s.runPeak;
                    s.peakTime = s.runPeakTime;
                    s.readings = s.under;
                    s.under = 0;
                    out.accept(episode(rule, pump, AlarmEventType.RAISED, t, value, psi, s));
                }
            }
        } else if (!s.open) {
            s.under = 0;
        } else if (rule.recovered(value)) {
            if (s.recovered == 0) {
                s.recoveryStart = t;
            }
            s.recovered++;
            if (s.recovered >= rule.clearAfter) {
                AlarmEvent cleared = episode(rule, pump, AlarmEventType.CLEARED, t, value, psi, s);
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
    static boolean takeOutOfOrder(AlarmRule rule, EpisodeState s, long t, double value) {
        if (s.open && rule.breached(value) && t >= s.start) {
            countIn(rule, s, t, value);
            return true;
        }
        return false;
    }

    /**
     * The rule no longer applies to the pump (deleted, or replaced by a rule of the pump's own): an
     * open episode is cleared at this reading, with {@link #RULE_GONE} as its reason.
     */
    static void gone(AlarmRule rule, EpisodeState s, String pump, long t, double value, double psi,
                     Consumer<AlarmEvent> out) {
        if (s.open) {
            AlarmEvent cleared = episode(rule, pump, AlarmEventType.CLEARED, t, value, psi, s);
            cleared.end = t;
            cleared.reason = RULE_GONE;
            out.accept(cleared);
        }
    }

    private static void countIn(AlarmRule rule, EpisodeState s, long t, double value) {
        s.readings++;
        if (rule.worse(value, s.peak)) {
            s.peak = value;
            s.peakTime = t;
        }
    }

    private static AlarmEvent episode(AlarmRule rule, String pump, AlarmEventType type, long time, double value,
                                      double psi, EpisodeState s) {
        AlarmEvent e = AlarmEvent.of(pump, type, time, psi);
        e.start = s.start;
        e.readings = s.readings;
        e.rule = rule.id;
        e.measure = rule.measure.column();
        e.condition = rule.condition.label();
        e.threshold = rule.threshold;
        e.severity = rule.severity.label();
        e.value = value;
        e.peak = s.peak;
        e.peakTime = s.peakTime;
        if (rule.measure == Measure.PSI && rule.condition == Condition.BELOW) {
            e.minPsi = s.peak;
            e.minPsiTime = s.peakTime;
        }
        return e;
    }
}
