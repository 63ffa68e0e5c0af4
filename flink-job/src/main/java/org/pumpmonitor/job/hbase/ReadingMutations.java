package org.pumpmonitor.job.hbase;

import org.apache.flink.connector.hbase.sink.HBaseMutationConverter;
import org.apache.hadoop.hbase.client.Mutation;
import org.pumpmonitor.job.model.SensorReading;

import static org.pumpmonitor.job.hbase.PumpSchema.*;

/** A reading as a Put into family {@code data} of its row, versioned by event time. */
public class ReadingMutations implements HBaseMutationConverter<SensorReading> {

    @Override
    public void open() {}

    @Override
    public Mutation convertToMutation(SensorReading r) {
        return readingPut(r);
    }
}
