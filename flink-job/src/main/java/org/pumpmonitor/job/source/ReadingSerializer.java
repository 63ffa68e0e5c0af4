package org.pumpmonitor.job.source;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.pumpmonitor.core.model.SensorReading;

import java.io.IOException;

/**
 * Writes a {@link SensorReading} field by field, in a fixed order, without reflection: what
 * crosses the {@code keyBy} and the exchange into the episode operator, once per reading each.
 * Flink's POJO serializer writes the same fields with a null flag each, reads them back through
 * reflection and creates the record through its constructor object.
 *
 * <p>Readings travel between operators only, never in keyed or operator state, so no savepoint
 * holds this format; its snapshot is there because Flink asks every serializer for one. Strings
 * may be null (a reading made outside the source has no topic).
 */
public final class ReadingSerializer extends TypeSerializerSingleton<SensorReading> {

    private static final long serialVersionUID = 1L;

    public static final ReadingSerializer INSTANCE = new ReadingSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public SensorReading createInstance() {
        return new SensorReading();
    }

    @Override
    public SensorReading copy(SensorReading from) {
        return copy(from, new SensorReading());
    }

    @Override
    public SensorReading copy(SensorReading from, SensorReading reuse) {
        reuse.pumpId = from.pumpId;
        reuse.eventTime = from.eventTime;
        reuse.hz = from.hz;
        reuse.disp = from.disp;
        reuse.flo = from.flo;
        reuse.sedPpm = from.sedPpm;
        reuse.psi = from.psi;
        reuse.chlPpm = from.chlPpm;
        reuse.laterOccurrence = from.laterOccurrence;
        reuse.topic = from.topic;
        reuse.partition = from.partition;
        reuse.offset = from.offset;
        reuse.kafkaTimestamp = from.kafkaTimestamp;
        return reuse;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SensorReading r, DataOutputView out) throws IOException {
        StringValue.writeString(r.pumpId, out);
        out.writeLong(r.eventTime);
        out.writeDouble(r.hz);
        out.writeDouble(r.disp);
        out.writeDouble(r.flo);
        out.writeDouble(r.sedPpm);
        out.writeDouble(r.psi);
        out.writeDouble(r.chlPpm);
        out.writeLong(r.laterOccurrence);
        StringValue.writeString(r.topic, out);
        out.writeInt(r.partition);
        out.writeLong(r.offset);
        out.writeLong(r.kafkaTimestamp);
    }

    @Override
    public SensorReading deserialize(DataInputView in) throws IOException {
        return deserialize(new SensorReading(), in);
    }

    @Override
    public SensorReading deserialize(SensorReading reuse, DataInputView in) throws IOException {
        reuse.pumpId = StringValue.readString(in);
        reuse.eventTime = in.readLong();
        reuse.hz = in.readDouble();
        reuse.disp = in.readDouble();
        reuse.flo = in.readDouble();
        reuse.sedPpm = in.readDouble();
        reuse.psi = in.readDouble();
        reuse.chlPpm = in.readDouble();
        reuse.laterOccurrence = in.readLong();
        reuse.topic = StringValue.readString(in);
        reuse.partition = in.readInt();
        reuse.offset = in.readLong();
        reuse.kafkaTimestamp = in.readLong();
        return reuse;
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        StringValue.copyString(in, out);
        for (int i = 0; i < 8; i++) {
            out.writeLong(in.readLong()); // eventTime, six measures, laterOccurrence
        }
        StringValue.copyString(in, out);
        out.writeInt(in.readInt());
        out.writeLong(in.readLong());
        out.writeLong(in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<SensorReading> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1: the fields in the order {@link #serialize} writes them. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SensorReading> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
