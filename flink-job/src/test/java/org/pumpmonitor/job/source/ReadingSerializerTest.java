package org.pumpmonitor.job.source;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.model.SensorReading;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingSerializerTest {

    private static final ReadingSerializer SERIALIZER = ReadingSerializer.INSTANCE;

    private static SensorReading fromTheSource() {
        SensorReading r = new SensorReading("PUMP-0042", 1_394_413_260_000L, 10.27, 1.73, 881, 1.56, 4.5, 1.94)
                .withSource("sensor-readings", 3, 123_456_789_012L, 1_700_000_000_000L);
        r.laterOccurrence = 1_394_416_860_000L;
        return r;
    }

    private static SensorReading madeElsewhere() {
        SensorReading r = new SensorReading(null, -5, Double.NaN, -0.0, Double.MAX_VALUE, Double.MIN_VALUE,
                Double.NEGATIVE_INFINITY, 0);
        r.offset = -1;
        return r;
    }

    @Test
    void everyFieldComesBackAsItWasWrittenNullStringsIncluded() throws IOException {
        for (SensorReading reading : new SensorReading[] {fromTheSource(), madeElsewhere()}) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            SERIALIZER.serialize(reading, out);
            SensorReading back = SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(reading).isNotSameAs(reading);
            assertThat(back.topic).isEqualTo(reading.topic);
        }
    }

    /** Fails when a field is added to SensorReading and not to the serializer. */
    @Test
    void everyFieldOfTheClassIsWrittenAndCopied() throws Exception {
        SensorReading reading = new SensorReading();
        int distinct = 1;
        List<Field> fields = new ArrayList<>();
        for (Field field : SensorReading.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            fields.add(field);
            distinct++;
            Class<?> type = field.getType();
            if (type == String.class) {
                field.set(reading, "value-" + distinct);
            } else if (type == long.class) {
                field.setLong(reading, 1_000_000_000_000L + distinct);
            } else if (type == int.class) {
                field.setInt(reading, distinct);
            } else if (type == double.class) {
                field.setDouble(reading, distinct + 0.25);
            } else {
                throw new AssertionError("a field of a type this test does not fill: " + field);
            }
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(reading, out);
        SensorReading read = SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        SensorReading copied = SERIALIZER.copy(reading);
        for (Field field : fields) {
            assertThat(field.get(read)).as("%s read back", field.getName()).isEqualTo(field.get(reading));
            assertThat(field.get(copied)).as("%s copied", field.getName()).isEqualTo(field.get(reading));
        }
    }

    @Test
    void readingIntoAReusedRecordOverwritesEveryField() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(madeElsewhere(), out);
        SensorReading reuse = fromTheSource();
        SensorReading back = SERIALIZER.deserialize(reuse, new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).isSameAs(reuse).isEqualTo(madeElsewhere());
    }

    @Test
    void aCopyIsEqualAndIndependent() {
        SensorReading original = fromTheSource();
        SensorReading copy = SERIALIZER.copy(original);
        assertThat(copy).isEqualTo(original).isNotSameAs(original);
        copy.psi = 99;
        assertThat(original.psi).isEqualTo(4.5);
        assertThat(SERIALIZER.copy(original, madeElsewhere())).isEqualTo(original);
    }

    @Test
    void copyingTheBytesCopiesOneRecordExactly() throws IOException {
        DataOutputSerializer written = new DataOutputSerializer(64);
        SERIALIZER.serialize(fromTheSource(), written);
        SERIALIZER.serialize(madeElsewhere(), written);
        DataInputDeserializer in = new DataInputDeserializer(written.getCopyOfBuffer());
        DataOutputSerializer copied = new DataOutputSerializer(64);
        SERIALIZER.copy(in, copied);
        SERIALIZER.copy(in, copied);
        assertThat(in.available()).isZero();
        assertThat(copied.getCopyOfBuffer()).isEqualTo(written.getCopyOfBuffer());
    }

    @Test
    void itsSnapshotRestoresItAndIsCompatibleAsIs() throws Exception {
        TypeSerializerSnapshot<SensorReading> snapshot = SERIALIZER.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<SensorReading> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isSameAs(SERIALIZER);
        TypeSerializerSchemaCompatibility<SensorReading> compatibility =
                SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    @Test
    void theTypeAndItsSerializerSurviveJavaSerializationAsTheJobGraphShipsThem() throws Exception {
        TypeSerializer<SensorReading> shipped = InstantiationUtil.clone(ReadingType.INFO.createSerializer(
                new org.apache.flink.api.common.serialization.SerializerConfigImpl()));
        assertThat(shipped).isEqualTo(SERIALIZER);
        assertThat(InstantiationUtil.clone(ReadingType.INFO)).isEqualTo(ReadingType.INFO);
    }
}
