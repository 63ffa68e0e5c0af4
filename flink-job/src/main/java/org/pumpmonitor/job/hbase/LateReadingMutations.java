package org.pumpmonitor.job.hbase;

import org.apache.flink.connector.hbase.sink.HBaseMutationConverter;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.pumpmonitor.job.model.SensorReading;
import org.pumpmonitor.job.stats.CalendarDayWindows;

import java.time.Instant;
import java.time.ZoneId;

import static org.pumpmonitor.job.hbase.PumpSchema.*;

/** Marks a reading's row with the day whose statistics it arrived too late for. */
public class LateReadingMutations implements HBaseMutationConverter<SensorReading> {

    private final ZoneId zone;

    public LateReadingMutations(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public void open() {}

    @Override
    public Mutation convertToMutation(SensorReading r) {
        long dayStart = CalendarDayWindows.dayOf(r.eventTime, zone).getStart();
        String day = Instant.ofEpochMilli(dayStart).atZone(zone).toLocalDate().toString();
        Put put = new Put(readingRowKey(r.pumpId, r.eventTime), r.eventTime);
        put.addColumn(LATE, MISSED_DAY, text(day));
        return put;
    }
}
