package org.pumpmonitor.benchmarks;

import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.core.parse.InvalidReadingException;
import org.pumpmonitor.core.parse.SensorReadingParser;
import org.pumpmonitor.simulator.Reading;
import org.pumpmonitor.simulator.SensorCsv;
import org.pumpmonitor.simulator.SyntheticPumps;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The simulator's lines: 100 synthetic pumps, minute after minute, every 25th reading under 5 psi. */
final class SensorLines {

    private SensorLines() {}

    static String[] generate(int count) {
        SyntheticPumps pumps = new SyntheticPumps(100, LocalDateTime.of(2014, 3, 10, 0, 0), count, 42);
        String[] lines = new String[count];
        for (int i = 0; i < count; i++) {
            Reading r = pumps.next();
            lines[i] = SensorCsv.format(i % 25 == 0 ? r.withPsi(1.5) : r);
        }
        return lines;
    }

    /** The same lines, parsed as the job parses them (UTC). */
    static SensorReading[] readings(int count) throws InvalidReadingException {
        SensorReadingParser parser = new SensorReadingParser(ZoneOffset.UTC);
        String[] lines = generate(count);
        SensorReading[] readings = new SensorReading[count];
        for (int i = 0; i < count; i++) {
            readings[i] = parser.parse(lines[i]);
        }
        return readings;
    }

    static byte[][] bytes(String[] lines) {
        byte[][] bytes = new byte[lines.length][];
        for (int i = 0; i < lines.length; i++) {
            bytes[i] = lines[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }
}
