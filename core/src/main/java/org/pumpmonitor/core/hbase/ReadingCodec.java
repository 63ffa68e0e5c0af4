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
 * A reading in family {@code data} of its row ({@code PUMP|TIME}): one cell, {@code m}, holding the
 * six measures ({@link PumpSchema#MEASURES}), versioned by its event time. The pump and the time are
 * in the row key only. Rows written before that layout have a cell per measure, named
 * {@link Measure#column()}: they decode as they always did.
 */
public final class ReadingCodec implements FamilyCodec<SensorReading, ReadingCodec.Reading> {

    public static final ReadingCodec READINGS = new ReadingCodec();

    private static final Measure[] MEASURES = Measure.values();

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
        return put.addColumn(DATA, PumpSchema.MEASURES, PumpSchema.text(measures(r)));
    }

    @Override
    public Optional<Reading> decode(Result row) {
        return PumpRows.readingKey(row.getRow()).flatMap(key -> decode(key.pump(), key.time(), row::getValue));
    }

    /** The reading of a pump at {@code time}, if the cells hold one. */
    public Optional<Reading> decode(String pump, Instant time, PumpRows.Cells cells) {
        byte[] packed = cells.value(DATA, PumpSchema.MEASURES);
        if (packed != null) {
            return Optional.of(new Reading(pump, time, measures(PumpSchema.decodeText(packed))));
        }
        if (cells.value(DATA, PumpSchema.measure(Measure.PSI)) == null) {
            return Optional.empty();
        }
        Map<Measure, Double> measures = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            measures.put(m, PumpRows.decimal(cells, DATA, PumpSchema.measure(m)));
        }
        return Optional.of(new Reading(pump, time, measures));
    }

    /** {@code 10.27,1.73,881.0,1.56,85.0,1.94}: the measures in {@link Measure} order. */
    public static String measures(SensorReading r) {
        StringBuilder text = new StringBuilder(64);
        for (Measure m : MEASURES) {
            if (text.length() > 0) {
                text.append(PumpSchema.MEASURE_SEPARATOR);
            }
            DecimalText.append(text, m.of(r));
        }
        return text.toString();
    }

    private static Map<Measure, Double> measures(String text) {
        Map<Measure, Double> measures = new EnumMap<>(Measure.class);
        int from = 0;
        for (Measure m : MEASURES) {
            int to = text.indexOf(PumpSchema.MEASURE_SEPARATOR, from);
            boolean last = m.ordinal() == MEASURES.length - 1;
            if ((to < 0) != last) {
                long values = text.chars().filter(c -> c == PumpSchema.MEASURE_SEPARATOR).count() + 1;
                throw new IllegalArgumentException("cell data:m holds " + values + " values, not " + MEASURES.length);
            }
            measures.put(m, Double.parseDouble(text.substring(from, last ? text.length() : to)));
            from = to + 1;
        }
        return measures;
    }
}
