package org.pumpmonitor.job.sinks;

import org.apache.flink.connector.hbase.sink.HBaseMutationConverter;
import org.apache.hadoop.hbase.client.Mutation;
import org.pumpmonitor.core.hbase.FamilyCodec;

/** The one converter of the job's HBase sinks: a record as its family's Put ({@link FamilyCodec}). */
public final class CodecConverter<T> implements HBaseMutationConverter<T> {

    private final FamilyCodec<T, ?> codec;

    public CodecConverter(FamilyCodec<T, ?> codec) {
        this.codec = codec;
    }

    @Override
    public void open() {}

    @Override
    public Mutation convertToMutation(T record) {
        return codec.put(record);
    }
}
