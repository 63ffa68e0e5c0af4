package org.pumpmonitor.job.hbase;

import org.apache.flink.connector.hbase.sink.HBaseMutationConverter;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.pumpmonitor.job.model.AlarmEvent;
import org.pumpmonitor.job.model.DailyStatistics;
import org.pumpmonitor.job.model.Measure;
import org.pumpmonitor.job.model.PressureAlarm;
import org.pumpmonitor.job.model.SensorReading;

import java.util.List;

import static org.pumpmonitor.job.hbase.PumpSchema.*;

/**
 * The job's records as Puts into the pump index ({@link PumpSchema#pumpIndexTable}): each into
 * the pump's row, in the family of its kind, versioned as in table sensor (event time; an
 * episode's start or clearing time; a day's coverage). The index keeps one version per cell, so
 * the cell with the highest version stays: the newest reading, alarm, episode and day, whatever
 * order records, replays after a failure and late readings arrive in. Writing a record twice
 * writes the same cells.
 *
 * <p>Each converter needs a sink instance of its own, as every converter of table sensor does: the
 * HBase sink keeps one mutation per row key per flush, and all of a pump's records go to one row.
 * Within one kind that is what the index wants: of a pump's readings in one flush, only the
 * newest is written.
 */
public final class PumpIndexMutations {

    private PumpIndexMutations() {}

    /** A reading as its pump's newest reading: its time and six measures, versioned by event time. */
    public static final class Readings implements HBaseMutationConverter<SensorReading> {
        @Override
        public void open() {}

        @Override
        public Mutation convertToMutation(SensorReading r) {
            Put put = new SizedPut(pumpIndexRowKey(r.pumpId), r.eventTime);
            put.addColumn(DATA, TIME, text(instant(r.eventTime)));
            for (Measure m : Measure.values()) {
                put.addColumn(DATA, measure(m), number(m.of(r)));
            }
            return put;
        }
    }

    /** An alarm as its pump's newest alarm: its time, psi and threshold, versioned by event time. */
    public static final class Alarms implements HBaseMutationConverter<PressureAlarm> {
        @Override
        public void open() {}

        @Override
        public Mutation convertToMutation(PressureAlarm alarm) {
            Put put = new Put(pumpIndexRowKey(alarm.pumpId), alarm.eventTime);
            put.addColumn(ALERT, TIME, text(instant(alarm.eventTime)));
            put.addColumn(ALERT, PSI, number(alarm.psi));
            put.addColumn(ALERT, THRESHOLD, number(alarm.threshold));
            return put;
        }
    }

    /**
     * A raised or cleared episode as its pump's newest: the cells of {@link EpisodeMutations}.
     * Their versions order a pump's episodes too, since a pump's next episode starts after the
     * previous one cleared.
     */
    public static final class Episodes implements HBaseMutationConverter<AlarmEvent> {
        private final EpisodeMutations episodes = new EpisodeMutations();

        @Override
        public void open() {}

        @Override
        public Mutation convertToMutation(AlarmEvent event) {
            return inPumpRow(event.pumpId, (Put) episodes.convertToMutation(event));
        }
    }

    /**
     * A day's statistics as its pump's newest day: the cells of {@link StatisticsMutations}. Their
     * version ({@link PumpSchema#statisticsVersion}) is the day's end give or take a million
     * milliseconds, so a later day's result is above any result of an earlier day.
     */
    public static final class Statistics implements HBaseMutationConverter<DailyStatistics> {
        private final StatisticsMutations statistics = new StatisticsMutations();

        @Override
        public void open() {}

        @Override
        public Mutation convertToMutation(DailyStatistics s) {
            return inPumpRow(s.pumpId, (Put) statistics.convertToMutation(s));
        }
    }

    /** The same cells in the pump's row of the index. */
    private static Put inPumpRow(String pump, Put put) {
        Put indexed = new Put(pumpIndexRowKey(pump), put.getTimestamp());
        for (List<Cell> cells : put.getFamilyCellMap().values()) {
            for (Cell cell : cells) {
                indexed.addColumn(CellUtil.cloneFamily(cell), CellUtil.cloneQualifier(cell), cell.getTimestamp(),
                        CellUtil.cloneValue(cell));
            }
        }
        return indexed;
    }
}
