package org.pumpmonitor.job.source;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.pumpmonitor.core.model.SensorReading;

/**
 * The type of the readings stream, serialized by {@link ReadingSerializer}. Every function that
 * emits readings names it ({@code ResultTypeQueryable}, and the side outputs' tags), so that Flink
 * does not derive a POJO type for them.
 */
public final class ReadingType extends TypeInformation<SensorReading> {

    private static final long serialVersionUID = 1L;

    public static final ReadingType INFO = new ReadingType();

    private ReadingType() {}

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<SensorReading> getTypeClass() {
        return SensorReading.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<SensorReading> createSerializer(SerializerConfig config) {
        return ReadingSerializer.INSTANCE;
    }

    @Override
    @Deprecated
    public TypeSerializer<SensorReading> createSerializer(ExecutionConfig config) {
        return ReadingSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "SensorReading(" + ReadingSerializer.class.getSimpleName() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadingType;
    }

    @Override
    public int hashCode() {
        return ReadingType.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof ReadingType;
    }
}
