package org.pumpmonitor.job.hbase;

import org.apache.flink.connector.hbase.sink.HBaseMutationConverter;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.pumpmonitor.job.model.Measure;
import org.pumpmonitor.job.model.SensorReading;

import static org.pumpmonitor.job.hbase.PumpSchema.*;

/** A reading as a Put into family {@code data} of its row, versioned by event time. */
public class ReadingMutations implements HBaseMutationConverter<SensorReading> {

    @Override
    public void open() {}

    @Override
    public Mutation convertToMutation(SensorReading r) {
        Put put = new Put(readingRowKey(r.pumpId, r.eventTime), r.eventTime);
        put.addColumn(DATA, PUMP, text(r.pumpId));
        put.addColumn(DATA, TIME, text(instant(r.eventTime)));
        for (Measure m : Measure.values()) {
            put.addColumn(DATA, measure(m), number(m.of(r)));
        }
        return put;
    }
}
