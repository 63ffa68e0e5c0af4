package org.pumpmonitor.job.hbase;

import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.util.Bytes;
import org.pumpmonitor.job.model.Measure;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The read side of the pump index ({@link PumpSchema#pumpIndexTable}, written by
 * {@link PumpIndexMutations}): a pump's row decoded into the typed rows of {@link PumpRows}.
 */
public final class PumpIndex {

    private PumpIndex() {}

    /** A pump's newest reading, alarm, episode and day of statistics, each if it has one. */
    public record Latest(String pump, Optional<PumpRows.Reading> reading, Optional<PumpRows.Alarm> alarm,
                         Optional<PumpRows.Episode> episode, Optional<PumpRows.DailyStats> stats) {

        /** The time of the pump's newest reading, counting the one an alarm is stored for before it. */
        public Optional<Instant> lastReading() {
            Optional<Instant> reading = this.reading.map(PumpRows.Reading::time);
            Optional<Instant> alarm = this.alarm.map(PumpRows.Alarm::time);
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
                return alarm.map(PumpRows.Alarm::psi);
            }
            return reading.map(r -> r.get(Measure.PSI));
        }
    }

    /** A pump's row of the index; empty for a row that holds none of what the job writes. */
    public static Optional<Latest> latest(Result result) {
        if (result.isEmpty()) {
            return Optional.empty();
        }
        String pump = Bytes.toString(result.getRow());
        PumpRows.Cells cells = sorted(result.rawCells());
        Optional<PumpRows.Reading> reading = time(cells, PumpSchema.DATA)
                .flatMap(time -> PumpRows.reading(pump, time, cells));
        Optional<PumpRows.Alarm> alarm = time(cells, PumpSchema.ALERT)
                .flatMap(time -> PumpRows.alarm(pump, time, cells));
        Optional<PumpRows.Episode> episode = value(cells, PumpSchema.EPISODE, PumpSchema.START).map(Instant::parse)
                .flatMap(start -> PumpRows.episode(pump, start, cells));
        Optional<PumpRows.DailyStats> stats = value(cells, PumpSchema.STATS, PumpSchema.DAY).map(LocalDate::parse)
                .flatMap(day -> PumpRows.stats(pump, day, cells));
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
                    return CellUtil.cloneValue(cell);
                }
            }
            return null;
        };
    }

    private static Optional<Instant> time(PumpRows.Cells cells, byte[] family) {
        return value(cells, family, PumpSchema.TIME).map(Instant::parse);
    }

    private static Optional<String> value(PumpRows.Cells cells, byte[] family, byte[] qualifier) {
        byte[] value = cells.value(family, qualifier);
        return value == null ? Optional.empty() : Optional.of(PumpSchema.decodeText(value));
    }
}
