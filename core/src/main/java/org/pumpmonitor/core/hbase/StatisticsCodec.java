package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.Measure;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.pumpmonitor.core.hbase.PumpSchema.*;

/**
 * A pump's statistics of one day in family {@code stats} of the row {@code PUMP|DAY}: count,
 * whether final, and min, max and avg of every measure, versioned by what the result covers
 * ({@link PumpSchema#statisticsVersion}), so that no smaller or early result replaces a larger or
 * final one.
 */
public final class StatisticsCodec implements FamilyCodec<DailyStatistics, StatisticsCodec.DailyStats> {

    public static final StatisticsCodec STATISTICS = new StatisticsCodec();

    private StatisticsCodec() {}

    /** A stored day of statistics. */
    public record DailyStats(String pump, LocalDate day, long count, boolean finalResult,
                             Map<Measure, double[]> minMaxAvg) {
        public Map<String, Object> columns() {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("pump", pump);
            columns.put("day", day.toString());
            columns.put("count", count);
            columns.put("final", finalResult);
            minMaxAvg.forEach((m, v) -> {
                columns.put(m.column() + "_min", v[0]);
                columns.put(m.column() + "_max", v[1]);
                columns.put(m.column() + "_avg", v[2]);
            });
            return columns;
        }
    }

    @Override
    public Put put(DailyStatistics s) {
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

    @Override
    public Optional<DailyStats> decode(Result row) {
        return PumpRows.dayKey(row.getRow()).flatMap(key -> decode(key.pump(), key.day(), row::getValue));
    }

    /** A pump's statistics of {@code day}, if the cells hold them. */
    public Optional<DailyStats> decode(String pump, LocalDate day, PumpRows.Cells cells) {
        if (cells.value(STATS, COUNT) == null) {
            return Optional.empty();
        }
        Map<Measure, double[]> minMaxAvg = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            minMaxAvg.put(m, new double[] {PumpRows.decimal(cells, STATS, min(m)),
                PumpRows.decimal(cells, STATS, max(m)), PumpRows.decimal(cells, STATS, avg(m))});
        }
        return Optional.of(new DailyStats(pump, day, decodeLong(cells.value(STATS, COUNT)),
                decodeFlag(cells.value(STATS, FINAL)), minMaxAvg));
    }
}
