package org.pumpmonitor.benchmarks;

import org.pumpmonitor.core.hbase.ReadingCodec;
import org.apache.hadoop.hbase.client.Put;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.SensorReading;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A reading's way into HBase, per reading, on one core: its Put as the HBase client handles it
 * (built, then asked its heap size three times, as BufferedMutator and AsyncProcess do), against
 * a plain Put of the same cells; and the row key's time, written by hand against
 * DateTimeFormatter.
 */
public class ConverterBenchmark extends OneCoreBenchmark {

    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private SensorReading[] readings;
    private int next;

    @Setup
    public void setUp() throws Exception {
        readings = SensorLines.readings(4096);
    }

    private SensorReading next() {
        next = (next + 1) & 4095;
        return readings[next];
    }

    @Benchmark
    public long readingPut() {
        Put put = ReadingCodec.READINGS.put(next());
        return put.heapSize() + put.heapSize() + put.heapSize();
    }

    @Benchmark
    public long plainPutOfTheSameCells() {
        SensorReading r = next();
        Put put = new Put(PumpSchema.readingRowKey(r.pumpId, r.eventTime), r.eventTime);
        put.addColumn(PumpSchema.DATA, PumpSchema.MEASURES, PumpSchema.text(ReadingCodec.measures(r)));
        return put.heapSize() + put.heapSize() + put.heapSize();
    }

    @Benchmark
    public String measuresText() {
        return ReadingCodec.measures(next());
    }

    @Benchmark
    public String measuresTextWithDoubleToString() {
        SensorReading r = next();
        StringBuilder text = new StringBuilder(64);
        for (Measure m : Measure.values()) {
            if (text.length() > 0) {
                text.append(PumpSchema.MEASURE_SEPARATOR);
            }
            text.append(m.of(r));
        }
        return text.toString();
    }

    @Benchmark
    public String rowKeyTime() {
        return PumpSchema.instant(next().eventTime);
    }

    @Benchmark
    public String rowKeyTimeWithDateTimeFormatter() {
        return ISO.format(Instant.ofEpochMilli(next().eventTime));
    }
}
