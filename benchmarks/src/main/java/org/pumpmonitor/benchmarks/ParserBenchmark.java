package org.pumpmonitor.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.core.parse.InvalidReadingException;
import org.pumpmonitor.core.parse.SensorReadingParser;

import java.time.ZoneOffset;

/**
 * The parser, per line, on one core: a Kafka record's bytes (what the job parses), and the
 * general path from a String (what every line took before the byte-level reader of common lines).
 */
public class ParserBenchmark extends OneCoreBenchmark {

    private final SensorReadingParser parser = new SensorReadingParser(ZoneOffset.UTC);
    private String[] lines;
    private byte[][] bytes;
    private int next;

    @Setup
    public void setUp() {
        lines = SensorLines.generate(4096);
        bytes = SensorLines.bytes(lines);
    }

    @Benchmark
    public SensorReading recordBytes() throws InvalidReadingException {
        next = (next + 1) & 4095;
        return parser.parse(bytes[next]);
    }

    @Benchmark
    public SensorReading generalPathFromString() throws InvalidReadingException {
        next = (next + 1) & 4095;
        return parser.parse(lines[next]);
    }
}
