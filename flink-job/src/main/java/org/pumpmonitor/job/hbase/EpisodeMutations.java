package org.pumpmonitor.job.hbase;

import org.apache.flink.connector.hbase.sink.HBaseMutationConverter;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.pumpmonitor.job.model.AlarmEvent;

import static org.pumpmonitor.job.hbase.PumpSchema.*;

/**
 * A raised or cleared episode as a Put into family {@code episode} of the row of its first reading
 * ({@code PUMP|START}, so episodes sort by pump and start). A raise is versioned by the episode's
 * start and a clear by its clearing time, which is later: a raise replayed after the clear never
 * hides it, and the same event written twice writes the same cells.
 */
public class EpisodeMutations implements HBaseMutationConverter<AlarmEvent> {

    @Override
    public void open() {}

    @Override
    public Mutation convertToMutation(AlarmEvent e) {
        boolean cleared = AlarmEvent.CLEARED.equals(e.type);
        Put put = new Put(readingRowKey(e.pumpId, e.start), cleared ? e.time : e.start);
        put.addColumn(EPISODE, STATE, text(cleared ? "cleared" : "open"));
        put.addColumn(EPISODE, START, text(instant(e.start)));
        if (cleared) {
            put.addColumn(EPISODE, END, text(instant(e.end)));
        }
        put.addColumn(EPISODE, MIN_PSI, number(e.minPsi));
        put.addColumn(EPISODE, MIN_PSI_TIME, text(instant(e.minPsiTime)));
        put.addColumn(EPISODE, READINGS, number(e.readings));
        return put;
    }
}
