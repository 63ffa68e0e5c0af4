package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.pumpmonitor.core.model.SensorReading;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.pumpmonitor.core.hbase.PumpSchema.LATE;
import static org.pumpmonitor.core.hbase.PumpSchema.MISSED_DAY;

/**
 * A reading too late for its day's statistics, marked in family {@code late} of its row with the
 * day it missed (the calendar day of the job's time zone), versioned by its event time.
 */
public final class LateMarkCodec implements FamilyCodec<SensorReading, LateMarkCodec.LateMark> {

    /** For reading late marks, whose cells say their day; its Puts would name days of UTC. */
    public static final LateMarkCodec LATE_MARKS = new LateMarkCodec(java.time.ZoneOffset.UTC);

    private final ZoneId zone;

    /** @param zone the time zone of the days of the daily statistics */
    public LateMarkCodec(ZoneId zone) {
        this.zone = zone;
    }

    /** A stored late mark. */
    public record LateMark(String pump, Instant time, LocalDate missedDay) {
        public Map<String, Object> columns() {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("pump", pump);
            columns.put("time", time.toString());
            columns.put("missed_day", missedDay.toString());
            return columns;
        }
    }

    @Override
    public Put put(SensorReading r) {
        Put put = new Put(PumpSchema.readingRowKey(r.pumpId, r.eventTime), r.eventTime);
        put.addColumn(LATE, MISSED_DAY, PumpSchema.text(Instant.ofEpochMilli(r.eventTime).atZone(zone).toLocalDate().toString()));
        return put;
    }

    @Override
    public Optional<LateMark> decode(Result row) {
        Optional<PumpRows.SensorKey> key = PumpRows.readingKey(row.getRow());
        if (key.isEmpty() || !row.containsColumn(LATE, MISSED_DAY)) {
            return Optional.empty();
        }
        return Optional.of(new LateMark(key.get().pump(), key.get().time(),
                LocalDate.parse(PumpRows.text(row::getValue, LATE, MISSED_DAY))));
    }
}
