package org.pumpmonitor.core.model;

import java.util.Objects;

/**
 * A change of a pump's alarm state: an episode of an alarm rule raised or cleared, the pump gone
 * silent or resumed. Written to the topic pump-alarms as JSON ({@link #toJson()}, a public
 * contract), and raised and cleared episodes to HBase.
 *
 * <p>Episodes of the built-in low-pressure rule carry {@code psi} and {@code minPsi} as they always
 * have; every episode also carries its rule, measure, condition, threshold, severity, the value of
 * the measure that made the change and the episode's worst value ({@code peak}).
 */
public class AlarmEvent {

    public String pumpId;
    public AlarmEventType type;
    /** Event time of the change, epoch ms. */
    public long time;
    /** psi of the reading that made the change (NaN for SILENT). */
    public double psi;
    /** The episode's first reading under the threshold (RAISED, CLEARED; 0 otherwise). */
    public long start;
    /** The episode's first reading back above threshold + hysteresis (CLEARED; 0 otherwise). */
    public long end;
    /** The episode's lowest psi and its time (RAISED, CLEARED). */
    public double minPsi;
    public long minPsiTime;
    /** Readings under the threshold in the episode (RAISED: so far; CLEARED: all). */
    public long readings;
    /** The episode's rule (RAISED, CLEARED; null otherwise), its measure's column name, condition and severity. */
    public String rule;
    public String measure;
    public String condition;
    public String severity;
    public double threshold;
    /** The value of the rule's measure in the reading that made the change. */
    public double value;
    /** The episode's worst value of the measure (lowest for a rule "below") and its time. */
    public double peak;
    public long peakTime;
    /** Why an episode was cleared other than by its readings, or why a prediction ended; null otherwise. */
    public String reason;
    /** PREDICTED, PREDICTION_ENDED: when the trend crosses the threshold; the trend's slope per minute. */
    public long predictedTime;
    public double slopePerMinute;

    public AlarmEvent() {}

    public static AlarmEvent of(String pumpId, AlarmEventType type, long time, double psi) {
        AlarmEvent e = new AlarmEvent();
        e.pumpId = pumpId;
        e.type = type;
        e.time = time;
        e.psi = psi;
        e.minPsi = Double.NaN;
        e.value = Double.NaN;
        e.peak = Double.NaN;
        e.threshold = Double.NaN;
        e.slopePerMinute = Double.NaN;
        return e;
    }

    public boolean isEpisode() {
        return type.isEpisode();
    }

    public boolean isPrediction() {
        return type.isPrediction();
    }

    /** What is stored in HBase's family {@code episode}: episodes and predictions. */
    public boolean isStored() {
        return type.isEpisode() || type.isPrediction();
    }

    /** Whether the episode is the built-in rule's, stored and published as before rules existed. */
    public boolean isBuiltInRule() {
        return rule == null || rule.equals(BUILT_IN_RULE);
    }

    /** The id of the rule built from the job's options (psi below --alarm.psi-threshold). */
    public static final String BUILT_IN_RULE = "low-pressure";

    /**
     * The record value on pump-alarms: {"pump", "type", "time", "psi", and the episode's fields}:
     * "start", "end" (CLEARED), "minPsi" and "minPsiTime" (rules on psi below), "readings", "rule",
     * "measure", "condition", "threshold", "severity", "value", "peak", "peakTime", "reason" (a clear
     * that no reading made); for PREDICTED and PREDICTION_ENDED: "start" (when the warning was
     * raised), "end" (ENDED), "rule", "measure", "condition", "threshold", "severity" (always
     * warning), "value", "predictedTime", "slopePerMinute", "reason" (ENDED).
     */
    public String toJson() {
        StringBuilder json = new StringBuilder("{\"pump\":").append(quote(pumpId))
                .append(",\"type\":").append(quote(type.name()))
                .append(",\"time\":").append(quote(instant(time)))
                .append(",\"psi\":").append(number(psi));
        if (isPrediction()) {
            appendSpan(json, AlarmEventType.PREDICTION_ENDED);
            appendRule(json).append(",\"predictedTime\":").append(quote(instant(predictedTime)))
                    .append(",\"slopePerMinute\":").append(number(slopePerMinute));
        }
        if (isEpisode()) {
            appendSpan(json, AlarmEventType.CLEARED);
            if (!Double.isNaN(minPsi)) {
                json.append(",\"minPsi\":").append(number(minPsi))
                        .append(",\"minPsiTime\":").append(quote(instant(minPsiTime)));
            }
            json.append(",\"readings\":").append(readings);
            if (rule != null) {
                appendRule(json).append(",\"peak\":").append(number(peak))
                        .append(",\"peakTime\":").append(quote(instant(peakTime)));
            }
        }
        if (reason != null) {
            json.append(",\"reason\":").append(quote(reason));
        }
        return json.append('}').toString();
    }

    /** "start", and "end" for the type that ends an episode or a warning. */
    private void appendSpan(StringBuilder json, AlarmEventType ending) {
        json.append(",\"start\":").append(quote(instant(start)));
        if (type == ending) {
            json.append(",\"end\":").append(quote(instant(end)));
        }
    }

    /** The rule's fields, and the value of its measure in the reading. */
    private StringBuilder appendRule(StringBuilder json) {
        return json.append(",\"rule\":").append(quote(rule))
                .append(",\"measure\":").append(quote(measure))
                .append(",\"condition\":").append(quote(condition))
                .append(",\"threshold\":").append(number(threshold))
                .append(",\"severity\":").append(quote(severity))
                .append(",\"value\":").append(number(value));
    }

    private static String instant(long millis) {
        return java.time.Instant.ofEpochMilli(millis).toString();
    }

    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "null";
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlarmEvent that && toJson().equals(that.toJson());
    }

    @Override
    public int hashCode() {
        return Objects.hash(pumpId, type, time);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
