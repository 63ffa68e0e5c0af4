package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.pumpmonitor.core.model.LowPressureAlarm;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.pumpmonitor.core.hbase.PumpSchema.ALERT;
import static org.pumpmonitor.core.hbase.PumpSchema.PSI;
import static org.pumpmonitor.core.hbase.PumpSchema.THRESHOLD;

/**
 * A low-pressure alarm in family {@code alert} of its reading's row: the reading's psi and the
 * threshold it was under, versioned by the reading's event time.
 */
public final class AlarmCodec implements FamilyCodec<LowPressureAlarm, AlarmCodec.Alarm> {

    public static final AlarmCodec ALARMS = new AlarmCodec();

    private AlarmCodec() {}

    /** A stored low-pressure alarm. */
    public record Alarm(String pump, Instant time, double psi, double threshold) {
        public Map<String, Object> columns() {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("pump", pump);
            columns.put("time", time.toString());
            columns.put("psi", psi);
            columns.put("threshold", threshold);
            return columns;
        }
    }

    @Override
    public Put put(LowPressureAlarm alarm) {
        Put put = new PumpSchema.SizedPut(PumpSchema.readingRowKey(alarm.pumpId, alarm.eventTime), alarm.eventTime);
        put.addColumn(ALERT, PSI, PumpSchema.number(alarm.psi));
        put.addColumn(ALERT, THRESHOLD, PumpSchema.number(alarm.threshold));
        return put;
    }

    @Override
    public Optional<Alarm> decode(Result row) {
        return PumpRows.readingKey(row.getRow()).flatMap(key -> decode(key.pump(), key.time(), row::getValue));
    }

    /** The alarm of a pump's reading at {@code time}, if the cells hold one. */
    public Optional<Alarm> decode(String pump, Instant time, PumpRows.Cells cells) {
        if (cells.value(ALERT, PSI) == null) {
            return Optional.empty();
        }
        return Optional.of(new Alarm(pump, time,
                PumpRows.decimal(cells, ALERT, PSI), PumpRows.decimal(cells, ALERT, THRESHOLD)));
    }
}
