package org.pumpmonitor.job.source;

import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.core.model.SensorReading;

/**
 * A Kafka record as the source parsed it, once: a reading, or a dead letter with the reason it is
 * not one. Exactly one of the two is set.
 *
 * <p>A Flink POJO (public fields, public no-argument constructor) so that Flink serializes it
 * without Kryo.
 */
public class ParsedRecord {
    /** The reading, with the Kafka coordinates it was read from; null for a dead letter. */
    public SensorReading reading;
    /** The record that is not a reading; null for a reading. */
    public DeadLetter deadLetter;

    public ParsedRecord() {}

    public static ParsedRecord of(SensorReading reading) {
        ParsedRecord parsed = new ParsedRecord();
        parsed.reading = reading;
        return parsed;
    }

    public static ParsedRecord of(DeadLetter deadLetter) {
        ParsedRecord parsed = new ParsedRecord();
        parsed.deadLetter = deadLetter;
        return parsed;
    }

    @Override
    public String toString() {
        return reading != null ? reading.toString() : deadLetter.toString();
    }
}
