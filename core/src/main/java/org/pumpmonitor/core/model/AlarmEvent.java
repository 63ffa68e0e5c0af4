package org.pumpmonitor.core.model;

import java.util.Objects;

/**
 * A change of a pump's alarm state: a low-pressure episode raised or cleared, the pump gone silent
 * or resumed. Written to the topic pump-alarms as JSON ({@link #toJson()}, a public contract), and
 * raised and cleared episodes to HBase.
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

    public AlarmEvent() {}

    public static AlarmEvent of(String pumpId, AlarmEventType type, long time, double psi) {
        AlarmEvent e = new AlarmEvent();
        e.pumpId = pumpId;
        e.type = type;
        e.time = time;
        e.psi = psi;
        e.minPsi = Double.NaN;
        return e;
    }

    public boolean isEpisode() {
        return type.isEpisode();
    }

    /** The record value on pump-alarms: {"pump", "type", "time", "psi", and the episode's fields}. */
    public String toJson() {
        StringBuilder json = new StringBuilder("{\"pump\":").append(quote(pumpId))
                .append(",\"type\":").append(quote(type.name()))
                .append(",\"time\":").append(quote(instant(time)))
                .append(",\"psi\":").append(number(psi));
        if (isEpisode()) {
            json.append(",\"start\":").append(quote(instant(start)));
            if (type == AlarmEventType.CLEARED) {
                json.append(",\"end\":").append(quote(instant(end)));
            }
            json.append(",\"minPsi\":").append(number(minPsi))
                    .append(",\"minPsiTime\":").append(quote(instant(minPsiTime)))
                    .append(",\"readings\":").append(readings);
        }
        return json.append('}').toString();
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
