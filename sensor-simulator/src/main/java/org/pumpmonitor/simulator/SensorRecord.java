package org.pumpmonitor.simulator;

import java.time.LocalDateTime;
import java.util.Iterator;

/**
 * One Kafka record to send: its key (the pump id, so one pump stays in one partition), its bytes,
 * the event time it stands at in the stream (for pacing and the simulated clock; null if it has
 * none), what it is, and the reading it carries, if it is one.
 */
public record SensorRecord(String key, byte[] value, LocalDateTime time, Kind kind, Reading reading) {

    /** What the record is, for the summary. */
    public enum Kind { READING, LOW_PRESSURE, OUT_OF_ORDER, LATE, DUPLICATE, MALFORMED, UNPARSED_LINE }

    public static SensorRecord of(Reading reading) {
        return new SensorRecord(reading.pump(), SensorCsv.bytes(reading), reading.time(), Kind.READING, reading);
    }

    /** Readings as records, one each, in the same order. */
    public static Iterator<SensorRecord> of(Iterator<Reading> readings) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return readings.hasNext();
            }

            @Override
            public SensorRecord next() {
                return of(readings.next());
            }
        };
    }

    public SensorRecord as(Kind newKind) {
        return new SensorRecord(key, value, time, newKind, reading);
    }
}
