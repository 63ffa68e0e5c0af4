package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.SensorReading;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.pumpmonitor.core.hbase.PumpSchema.DATA;

/**
 * A reading in family {@code data} of its row ({@code PUMP|TIME}): one cell per measure, named
 * {@link Measure#column()}, versioned by its event time. The pump and the time are in the row key
 * only (cells repeating them cost HBase a quarter of its work per reading).
 */
public final class ReadingCodec implements FamilyCodec<SensorReading, ReadingCodec.Reading> {

    public static final ReadingCodec READINGS = new ReadingCodec();

    private ReadingCodec() {}

    /** A stored reading: its six measures. */
    public record Reading(String pump, Instant time, Map<Measure, Double> measures) {
        public double get(Measure m) {
            return measures.get(m);
        }

        public Map<String, Object> columns() {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("pump", pump);
            columns.put("time", time.toString());
            measures.forEach((m, v) -> columns.put(m.column(), v));
            return columns;
        }
    }

    @Override
    public Put put(SensorReading r) {
        Put put = new PumpSchema.SizedPut(PumpSchema.readingRowKey(r.pumpId, r.eventTime), r.eventTime);
        for (Measure m : Measure.values()) {
            put.addColumn(DATA, PumpSchema.measure(m), PumpSchema.number(m.of(r)));
        }
        return put;
    }

    @Override
    public Optional<Reading> decode(Result row) {
        return PumpRows.readingKey(row.getRow()).flatMap(key -> decode(key.pump(), key.time(), row::getValue));
    }

    /** The reading of a pump at {@code time}, if the cells hold one. */
    public Optional<Reading> decode(String pump, Instant time, PumpRows.Cells cells) {
        if (cells.value(DATA, PumpSchema.measure(Measure.PSI)) == null) {
            return Optional.empty();
        }
        Map<Measure, Double> measures = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            measures.put(m, PumpRows.decimal(cells, DATA, PumpSchema.measure(m)));
        }
        return Optional.of(new Reading(pump, time, measures));
    }
}
