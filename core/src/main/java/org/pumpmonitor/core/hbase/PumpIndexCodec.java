package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.util.Bytes;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.SensorReading;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The pump index ({@link PumpSchema#pumpIndexTable}): a row per pump, its key the pump id, with
 * the pump's newest reading, alarm, episode and day of statistics, each in the family of table
 * sensor it comes from and with the same cells and versions there, and for a reading and an alarm
 * also their time ({@code time}: in table sensor it is in the row key). The index keeps one version
 * per cell, so whatever order records, replays and late readings arrive in, the cells of the
 * newest stay. Each kind needs a sink instance of its own (the HBase sink keeps one mutation per
 * row key per flush: the one with the highest version, which is what the index wants).
 *
 * @param <R> the record the job writes
 */
public final class PumpIndexCodec<R> implements FamilyCodec<R, PumpIndexCodec.Latest> {

    public static final PumpIndexCodec<SensorReading> READINGS = new PumpIndexCodec<>(ReadingCodec.READINGS, true);
    public static final PumpIndexCodec<LowPressureAlarm> ALARMS = new PumpIndexCodec<>(AlarmCodec.ALARMS, true);
    public static final PumpIndexCodec<AlarmEvent> EPISODES = new PumpIndexCodec<>(EpisodeCodec.EPISODES, false);
    public static final PumpIndexCodec<DailyStatistics> STATISTICS =
            new PumpIndexCodec<>(StatisticsCodec.STATISTICS, false);

    private final FamilyCodec<R, ?> sensor;
    private final boolean withTime;

    private PumpIndexCodec(FamilyCodec<R, ?> sensor, boolean withTime) {
        this.sensor = sensor;
        this.withTime = withTime;
    }

    /** A pump's newest reading, alarm, episode and day of statistics, each if it has one. */
    public record Latest(String pump, Optional<ReadingCodec.Reading> reading, Optional<AlarmCodec.Alarm> alarm,
                         Optional<EpisodeCodec.Episode> episode, Optional<StatisticsCodec.DailyStats> stats) {

        /** The time of the pump's newest reading, counting the one an alarm is stored for before it. */
        public Optional<Instant> lastReading() {
            Optional<Instant> reading = this.reading.map(ReadingCodec.Reading::time);
            Optional<Instant> alarm = this.alarm.map(AlarmCodec.Alarm::time);
            if (reading.isPresent() && alarm.isPresent()) {
                return Optional.of(reading.get().isAfter(alarm.get()) ? reading.get() : alarm.get());
            }
            return reading.isPresent() ? reading : alarm;
        }

        /** Whether the pump's newest reading raised an alarm. */
        public boolean inAlarm() {
            return alarm.isPresent() && (reading.isEmpty() || !alarm.get().time().isBefore(reading.get().time()));
        }

        /** The psi of the pump's newest reading (of its alarm when the alarm is newer). */
        public Optional<Double> psi() {
            if (inAlarm()) {
                return alarm.map(AlarmCodec.Alarm::psi);
            }
            return reading.map(r -> r.get(Measure.PSI));
        }
    }

    /** The record's cells of table sensor, in its pump's row of the index. */
    @Override
    public Put put(R record) {
        Put cells = sensor.put(record);
        String key = Bytes.toString(cells.getRow());
        int bar = key.indexOf(PumpSchema.KEY_SEPARATOR);
        Put indexed = new PumpSchema.SizedPut(PumpSchema.pumpIndexRowKey(key.substring(0, bar)), cells.getTimestamp());
        for (List<Cell> family : cells.getFamilyCellMap().values()) {
            for (Cell cell : family) {
                indexed.addColumn(CellUtil.cloneFamily(cell), CellUtil.cloneQualifier(cell), cell.getTimestamp(),
                        CellUtil.cloneValue(cell));
            }
            if (withTime) {
                indexed.addColumn(CellUtil.cloneFamily(family.get(0)), PumpSchema.TIME, cells.getTimestamp(),
                        PumpSchema.text(key.substring(bar + 1)));
            }
        }
        return indexed;
    }

    /** A pump's row of the index; empty for a row that holds none of what the job writes. */
    @Override
    public Optional<Latest> decode(Result result) {
        return latest(result);
    }

    /** A pump's row of the index, whichever kind wrote it. */
    public static Optional<Latest> latest(Result result) {
        if (result.isEmpty()) {
            return Optional.empty();
        }
        String pump = Bytes.toString(result.getRow());
        PumpRows.Cells cells = newerLayout(result.rawCells());
        Optional<ReadingCodec.Reading> reading = time(cells, PumpSchema.DATA)
                .flatMap(time -> ReadingCodec.READINGS.decode(pump, time, cells));
        Optional<AlarmCodec.Alarm> alarm = time(cells, PumpSchema.ALERT)
                .flatMap(time -> AlarmCodec.ALARMS.decode(pump, time, cells));
        Optional<EpisodeCodec.Episode> episode = value(cells, PumpSchema.EPISODE, PumpSchema.START).map(Instant::parse)
                .flatMap(start -> EpisodeCodec.EPISODES.decode(pump, start, cells));
        Optional<StatisticsCodec.DailyStats> stats = value(cells, PumpSchema.STATS, PumpSchema.DAY).map(LocalDate::parse)
                .flatMap(day -> StatisticsCodec.STATISTICS.decode(pump, day, cells));
        if (reading.isEmpty() && alarm.isEmpty() && episode.isEmpty() && stats.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Latest(pump, reading, alarm, episode, stats));
    }

    /** Every pump's row, in batches of up to 5,000 rows or 8 MB per round trip. */
    public static Scan everyPump() {
        return new Scan().setCaching(5000).setMaxResultSize(8L * 1024 * 1024);
    }

    /**
     * The cells of one row (sorted by family and qualifier, as a Result holds them), looked up by a
     * binary search that compares the bytes in place: a Result's own look-up builds a search key
     * for each, and an overview decodes some 40 cells of each of thousands of rows.
     */
    private static PumpRows.Cells sorted(Cell[] cells) {
        return (family, qualifier) -> {
            Cell cell = find(cells, family, qualifier);
            return cell == null ? null : CellUtil.cloneValue(cell);
        };
    }

    private static Cell find(Cell[] cells, byte[] family, byte[] qualifier) {
        int low = 0;
        int high = cells.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            Cell cell = cells[middle];
            int order = Bytes.compareTo(cell.getFamilyArray(), cell.getFamilyOffset(), cell.getFamilyLength(),
                    family, 0, family.length);
            if (order == 0) {
                order = Bytes.compareTo(cell.getQualifierArray(), cell.getQualifierOffset(),
                        cell.getQualifierLength(), qualifier, 0, qualifier.length);
            }
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                return cell;
            }
        }
        return null;
    }

    /**
     * A pump's row written both before and after readings took one cell ({@link PumpSchema#MEASURES})
     * holds both layouts, each at the version of the reading that wrote it: the newer is the pump's
     * newest reading (a late reading can write the one cell below the old cells' version).
     */
    private static PumpRows.Cells newerLayout(Cell[] row) {
        PumpRows.Cells cells = sorted(row);
        Cell packed = find(row, PumpSchema.DATA, PumpSchema.MEASURES);
        Cell old = packed == null ? null : find(row, PumpSchema.DATA, PumpSchema.measure(Measure.PSI));
        if (old == null || packed.getTimestamp() >= old.getTimestamp()) {
            return cells;
        }
        return (family, qualifier) -> Bytes.equals(family, PumpSchema.DATA) && Bytes.equals(qualifier, PumpSchema.MEASURES)
                ? null : cells.value(family, qualifier);
    }

    private static Optional<Instant> time(PumpRows.Cells cells, byte[] family) {
        return value(cells, family, PumpSchema.TIME).map(Instant::parse);
    }

    private static Optional<String> value(PumpRows.Cells cells, byte[] family, byte[] qualifier) {
        byte[] value = cells.value(family, qualifier);
        return value == null ? Optional.empty() : Optional.of(PumpSchema.decodeText(value));
    }
}
