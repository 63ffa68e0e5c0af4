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
 *
 * <p><b>Early warning.</b> For a rule with a horizon ({@code predictMinutes} &gt; 0), the readings of
 * the last {@code trendMinutes} of event time (in arrival order, as the episodes) are fitted with a
 * least-squares line; while no episode is open and the reading is on the safe side, a line that
 * heads for the threshold and reaches it within the horizon raises PREDICTED (severity warning)
 * with the time it reaches it. The warning ends (PREDICTION_ENDED) when the line no longer reaches
 * the threshold in time, when the limit is crossed (just before the RAISED of the episode), or when
 * the rule no longer applies. At least {@value #MIN_SAMPLES} readings make a trend.
 */
final class RuleEpisodes {

    /** The reason a clear carries when its rule no longer applies to the pump. */
    static final String RULE_GONE = "rule no longer applies";
    static final String CROSSED = "limit crossed";
    static final String NOT_IN_TIME = "trend no longer crosses in time";
    static final int MIN_SAMPLES = 5;
    /** The most samples a trend keeps, whatever the readings' rate. */
    static final int MAX_SAMPLES = 1_000;
    private static final double MINUTE = 60_000.0;

    private RuleEpisodes() {}

    /** A reading newer than every other of the pump: it may raise or clear. */
    static void take(AlarmRule rule, EpisodeState s, String pump, long t, double value, double psi,
                     Consumer<AlarmEvent> out) {
        s.rule = rule;
        if (rule.predictMinutes > 0) {
            addSample(rule, s, t, value);
        } else if (s.trendTimes != null) {
            s.trendTimes = null;
            s.trendValues = null;
        }
        decide(rule, s, pump, t, value, psi, out);
        if (s.predicted && (rule.predictMinutes == 0 || (!s.open && !rule.breached(value) && !trendCrosses(rule, s, t)))) {
            out.accept(prediction(rule, pump, AlarmEventType.PREDICTION_ENDED, t, value, psi, s, NOT_IN_TIME));
            s.predicted = false;
        } else if (!s.predicted && !s.open && !rule.breached(value) && rule.predictMinutes > 0 && trendCrosses(rule, s, t)) {
            s.predicted = true;
            s.predictedSince = t;
            out.accept(prediction(rule, pump, AlarmEventType.PREDICTED, t, value, psi, s, null));
        }
    }

    private static void decide(AlarmRule rule, EpisodeState s, String pump, long t, double value, double psi,
                               Consumer<AlarmEvent> out) {
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
                    if (s.predicted) {
                        out.accept(prediction(rule, pump, AlarmEventType.PREDICTION_ENDED, t, value, psi, s, CROSSED));
                        s.predicted = false;
                    }
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
        if (s.predicted) {
            out.accept(prediction(rule, pump, AlarmEventType.PREDICTION_ENDED, t, value, psi, s, RULE_GONE));
            s.predicted = false;
        }
        if (s.open) {
            AlarmEvent cleared = episode(rule, pump, AlarmEventType.CLEARED, t, value, psi, s);
            cleared.end = t;
            cleared.reason = RULE_GONE;
            out.accept(cleared);
        }
    }

    /** Adds the reading to the trend, and drops what is older than the trend's window. */
    private static void addSample(AlarmRule rule, EpisodeState s, long t, double value) {
        long oldest = t - rule.trendMinutes * 60_000L;
        long[] times = s.trendTimes == null ? new long[0] : s.trendTimes;
        double[] values = s.trendValues == null ? new double[0] : s.trendValues;
        int from = 0;
        while (from < times.length && (times[from] < oldest || times.length - from >= MAX_SAMPLES)) {
            from++;
        }
        int kept = times.length - from;
        long[] newTimes = new long[kept + 1];
        double[] newValues = new double[kept + 1];
        System.arraycopy(times, from, newTimes, 0, kept);
        System.arraycopy(values, from, newValues, 0, kept);
        newTimes[kept] = t;
        newValues[kept] = value;
        s.trendTimes = newTimes;
        s.trendValues = newValues;
    }

    /** The least-squares line of the trend: its slope per minute, and its value at the time it was fitted for. */
    private record Line(double slopePerMinute, double valueAt) {}

    /** The trend's least-squares line, with minutes counted from {@code t}; null without two distinct times. */
    private static Line fit(EpisodeState s, long t) {
        int n = s.trendTimes == null ? 0 : s.trendTimes.length;
        if (n < 2) {
            return null;
        }
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += (s.trendTimes[i] - t) / MINUTE;
            meanY += s.trendValues[i];
        }
        meanX /= n;
        meanY /= n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = (s.trendTimes[i] - t) / MINUTE - meanX;
            sxx += dx * dx;
            sxy += dx * (s.trendValues[i] - meanY);
        }
        if (sxx == 0) {
            return null;
        }
        double slope = sxy / sxx;
        return new Line(slope, meanY - slope * meanX);
    }

    /**
     * Whether the least-squares line of the trend heads for the threshold and reaches it within the
     * horizon, measured from {@code t}; if so, {@code s.predictedTime} is when (now, if the line is
     * past it already while the reading is not).
     */
    static boolean trendCrosses(AlarmRule rule, EpisodeState s, long t) {
        Line line = s.trendTimes == null || s.trendTimes.length < MIN_SAMPLES ? null : fit(s, t);
        if (line == null) {
            return false;
        }
        boolean towards = rule.condition == org.pumpmonitor.core.rules.Condition.BELOW
                ? line.slopePerMinute() < 0 : line.slopePerMinute() > 0;
        if (!towards) {
            return false;
        }
        double minutes = Math.max(0, (rule.threshold - line.valueAt()) / line.slopePerMinute());
        if (minutes > rule.predictMinutes) {
            return false;
        }
        s.predictedTime = t + Math.round(minutes * MINUTE);
        return true;
    }

    private static AlarmEvent prediction(AlarmRule rule, String pump, AlarmEventType type, long time, double value,
                                         double psi, EpisodeState s, String reason) {
        AlarmEvent e = AlarmEvent.of(pump, type, time, psi);
        e.start = type == AlarmEventType.PREDICTED ? time : s.predictedSince;
        e.end = type == AlarmEventType.PREDICTION_ENDED ? time : 0;
        e.rule = rule.id;
        e.measure = rule.measure.column();
        e.condition = rule.condition.label();
        e.threshold = rule.threshold;
        e.severity = org.pumpmonitor.core.rules.Severity.WARNING.label();
        e.value = value;
        e.predictedTime = s.predictedTime;
        Line line = fit(s, time);
        e.slopePerMinute = line == null ? Double.NaN : line.slopePerMinute();
        e.reason = reason;
        return e;
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
