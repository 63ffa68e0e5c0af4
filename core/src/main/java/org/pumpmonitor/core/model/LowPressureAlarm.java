package org.pumpmonitor.core.model;

import java.time.Instant;
import java.util.Objects;

/** A reading whose pressure fell below the alarm threshold. */
public class LowPressureAlarm {
    public String pumpId;
    public long eventTime;
    public double psi;
    public double threshold;

    public LowPressureAlarm() {}

    public LowPressureAlarm(String pumpId, long eventTime, double psi, double threshold) {
        this.pumpId = pumpId;
        this.eventTime = eventTime;
        this.psi = psi;
        this.threshold = threshold;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LowPressureAlarm)) {
            return false;
        }
        LowPressureAlarm that = (LowPressureAlarm) o;
        return eventTime == that.eventTime
                && Double.compare(psi, that.psi) == 0
                && Double.compare(threshold, that.threshold) == 0
                && Objects.equals(pumpId, that.pumpId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pumpId, eventTime);
    }

    @Override
    public String toString() {
        return "LowPressureAlarm{" + pumpId + "@" + Instant.ofEpochMilli(eventTime)
                + ", psi=" + psi + " < " + threshold + "}";
    }
}
