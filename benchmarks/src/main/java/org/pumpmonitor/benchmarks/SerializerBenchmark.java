package org.pumpmonitor.benchmarks;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.job.source.ReadingSerializer;

import java.io.IOException;

/**
 * A reading across an exchange between tasks, per reading, on one core: written to bytes and read
 * back into a new record, by the job's hand-written serializer and by Flink's POJO serializer of
 * the same class (what the job used before).
 */
public class SerializerBenchmark extends OneCoreBenchmark {

    private final TypeSerializer<SensorReading> pojo =
            TypeInformation.of(SensorReading.class).createSerializer(new SerializerConfigImpl());
    private final TypeSerializer<SensorReading> handWritten = ReadingSerializer.INSTANCE;
    private final DataOutputSerializer out = new DataOutputSerializer(256);
    private final DataInputDeserializer in = new DataInputDeserializer();
    private SensorReading[] readings;
    private int next;

    @Setup
    public void setUp() throws Exception {
        readings = SensorLines.readings(4096);
        for (int i = 0; i < readings.length; i++) {
            readings[i].withSource("sensor-readings", i & 3, 1_000_000L + i, 1_700_000_000_000L + i);
        }
    }

    private SensorReading roundTrip(TypeSerializer<SensorReading> serializer) throws IOException {
        next = (next + 1) & 4095;
        out.clear();
        serializer.serialize(readings[next], out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return serializer.deserialize(in);
    }

    @Benchmark
    public SensorReading handWrittenSerializer() throws IOException {
        return roundTrip(handWritten);
    }

    @Benchmark
    public SensorReading pojoSerializer() throws IOException {
        return roundTrip(pojo);
    }
}
