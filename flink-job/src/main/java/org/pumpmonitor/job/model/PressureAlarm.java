package org.pumpmonitor.job.model;

import java.time.Instant;
import java.util.Objects;

/** A reading whose pressure fell below the alarm threshold. */
public class PressureAlarm {
    public String pumpId;
    public long eventTime;
    public double psi;
    public double threshold;

    public PressureAlarm() {}

    public PressureAlarm(String pumpId, long eventTime, double psi, double threshold) {
        this.pumpId = pumpId;
        this.eventTime = eventTime;
        this.psi = psi;
        this.threshold = threshold;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PressureAlarm)) {
            return false;
        }
        PressureAlarm that = (PressureAlarm) o;
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
        return "PressureAlarm{" + pumpId + "@" + Instant.ofEpochMilli(eventTime)
                + ", psi=" + psi + " < " + threshold + "}";
    }
}
