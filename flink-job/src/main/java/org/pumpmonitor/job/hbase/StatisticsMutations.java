package org.pumpmonitor.job.hbase;

import org.apache.flink.connector.hbase.sink.HBaseMutationConverter;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.pumpmonitor.job.model.DailyStatistics;
import org.pumpmonitor.job.model.Measure;

import static org.pumpmonitor.job.hbase.PumpSchema.*;

/**
 * Daily statistics as a Put into family {@code stats} of the pump's day row, versioned by what
 * the result covers ({@link PumpSchema#statisticsVersion}): HBase shows the highest version, so a
 * result that covers fewer readings, or an early result after a final one, never replaces what
 * is stored, whatever order a restart replays them in.
 */
public class StatisticsMutations implements HBaseMutationConverter<DailyStatistics> {

    @Override
    public void open() {}

    @Override
    public Mutation convertToMutation(DailyStatistics s) {
        Put put = new Put(statisticsRowKey(s.pumpId, s.day), statisticsVersion(s.windowEnd, s.count, s.finalResult));
        put.addColumn(STATS, PUMP, text(s.pumpId));
        put.addColumn(STATS, DAY, text(s.day));
        put.addColumn(STATS, WINDOW_START, text(instant(s.windowStart)));
        put.addColumn(STATS, WINDOW_END, text(instant(s.windowEnd)));
        put.addColumn(STATS, COUNT, number(s.count));
        put.addColumn(STATS, FINAL, flag(s.finalResult));
        for (Measure m : Measure.values()) {
            put.addColumn(STATS, min(m), number(s.min(m)));
            put.addColumn(STATS, max(m), number(s.max(m)));
            put.addColumn(STATS, avg(m), number(s.avg(m)));
        }
        return put;
    }
}
