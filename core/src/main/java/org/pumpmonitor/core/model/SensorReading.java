package org.pumpmonitor.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One parsed sensor line, with the Kafka coordinates it was read from.
 *
 * <p>A Flink POJO (public fields, public no-argument constructor) so that Flink serializes it
 * without Kryo.
 */
public class SensorReading {
    /** The value of {@link #laterOccurrence} for a local time that happens once. */
    public static final long NO_LATER_OCCURRENCE = Long.MIN_VALUE;

    public String pumpId;
    /** Event time, epoch milliseconds. */
    public long eventTime;

    public double hz;
    public double disp;
    public double flo;
    public double sedPpm;
    public double psi;
    public double chlPpm;

    /**
     * Where daylight saving time ends and a local hour repeats, the event time of the reading's
     * local time in its second occurrence ({@link #eventTime} is the first); otherwise
     * {@link #NO_LATER_OCCURRENCE}. The admitting operator decides which one it is.
     */
    public long laterOccurrence = NO_LATER_OCCURRENCE;

    public String topic;
    public int partition;
    public long offset;
    /** The Kafka record's timestamp (send time), epoch milliseconds; -1 if it had none. */
    public long kafkaTimestamp;

    public SensorReading() {}

    public SensorReading(
            String pumpId,
            long eventTime,
            double hz,
            double disp,
            double flo,
            double sedPpm,
            double psi,
            double chlPpm) {
        this.pumpId = pumpId;
        this.eventTime = eventTime;
        this.hz = hz;
        this.disp = disp;
        this.flo = flo;
        this.sedPpm = sedPpm;
        this.psi = psi;
        this.chlPpm = chlPpm;
        this.kafkaTimestamp = -1;
    }

    public SensorReading withSource(String topic, int partition, long offset, long kafkaTimestamp) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.kafkaTimestamp = kafkaTimestamp;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SensorReading)) {
            return false;
        }
        SensorReading that = (SensorReading) o;
        return eventTime == that.eventTime
                && laterOccurrence == that.laterOccurrence
                && Double.compare(hz, that.hz) == 0
                && Double.compare(disp, that.disp) == 0
                && Double.compare(flo, that.flo) == 0
                && Double.compare(sedPpm, that.sedPpm) == 0
                && Double.compare(psi, that.psi) == 0
                && Double.compare(chlPpm, that.chlPpm) == 0
                && partition == that.partition
                && offset == that.offset
                && kafkaTimestamp == that.kafkaTimestamp
                && Objects.equals(pumpId, that.pumpId)
                && Objects.equals(topic, that.topic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pumpId, eventTime, topic, partition, offset);
    }

    @Override
    public String toString() {
        return pumpId + "@" + Instant.ofEpochMilli(eventTime)
                + "[hz=" + hz + ", disp=" + disp + ", flo=" + flo + ", sedPPM=" + sedPpm
                + ", psi=" + psi + ", chlPPM=" + chlPpm + "]";
    }
}
