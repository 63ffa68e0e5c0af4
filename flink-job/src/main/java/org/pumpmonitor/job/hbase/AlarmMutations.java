package org.pumpmonitor.job.hbase;

import org.apache.flink.connector.hbase.sink.HBaseMutationConverter;
import org.apache.hadoop.hbase.client.Mutation;
import org.pumpmonitor.job.model.PressureAlarm;

import static org.pumpmonitor.job.hbase.PumpSchema.*;

/**
 * An alarm as a Put into family {@code alert} of its reading's row, versioned by event time.
 *
 * <p>It must go through a sink instance of its own: the HBase sink keeps one mutation per row
 * key per flush, so a reading's Put and its alarm's Put in one sink would lose one of the two.
 */
public class AlarmMutations implements HBaseMutationConverter<PressureAlarm> {

    @Override
    public void open() {}

    @Override
    public Mutation convertToMutation(PressureAlarm alarm) {
        return alarmPut(alarm);
    }
}
