package org.pumpmonitor.job.hbase;

import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.util.Bytes;
import org.pumpmonitor.job.model.Measure;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The read side of {@link PumpSchema}: row keys parsed, cells decoded into typed rows, and the
 * scans that read them. Everything that reads the tables (pumpctl query, the dashboard, tests)
 * goes through here, so that no reader splits row keys by hand or tells rows apart by their
 * length. A row key of table {@code sensor} is {@code PUMP|INSTANT} for a reading's row (its
 * measures, its alarm, its late mark) or {@code PUMP|DAY} for a pump's day of statistics.
 */
public final class PumpRows {

    private PumpRows() {
    }

    /**
     * The values of a row's cells by family and qualifier (null: no such cell): a {@link Result}'s
     * {@code getValue}, or a faster look-up where many rows are decoded ({@link PumpIndex}).
     */
    @FunctionalInterface
    public interface Cells {
        byte[] value(byte[] family, byte[] qualifier);
    }

    /** A row key of table sensor: a pump and either a reading's time or a day. */
    public record SensorKey(String pump, Instant time, LocalDate day) {
        public boolean isReading() {
            return time != null;
        }
    }

    /**
     * Parses a row key of table sensor; empty for a key the job does not write (another writer
     * sharing the table, e.g. the seed design's {@code PUMP_3/10/14 0:00}).
     */
    public static Optional<SensorKey> sensorKey(byte[] row) {
        String key = Bytes.toString(row);
        int bar = key.indexOf(PumpSchema.KEY_SEPARATOR);
        if (bar < 1 || bar == key.length() - 1) {
            return Optional.empty();
        }
        String pump = key.substring(0, bar);
        String rest = key.substring(bar + 1);
        try {
            return rest.indexOf('T') >= 0
                    ? Optional.of(new SensorKey(pump, Instant.parse(rest), null))
                    : Optional.of(new SensorKey(pump, null, LocalDate.parse(rest)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A reading: its six measures. */
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

    /** A low-pressure alarm: the reading's psi and the threshold it was under. */
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

    /** A reading that came too late for its day's statistics. */
    public record LateMark(String pump, Instant time, LocalDate missedDay) {
        public Map<String, Object> columns() {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("pump", pump);
            columns.put("time", time.toString());
            columns.put("missed_day", missedDay.toString());
            return columns;
        }
    }

    /** A pump's statistics of one day: min, max and avg of every measure. */
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

    /** A low-pressure episode: open, or cleared with its end. */
    public record Episode(String pump, Instant start, boolean open, Instant end, double minPsi, Instant minPsiTime,
                          long readings) {
        public Map<String, Object> columns() {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("pump", pump);
            columns.put("start", start.toString());
            columns.put("state", open ? "open" : "cleared");
            columns.put("end", end == null ? null : end.toString());
            columns.put("min_psi", minPsi);
            columns.put("min_psi_time", minPsiTime.toString());
            columns.put("readings", readings);
            return columns;
        }
    }

    /** The episode that started in a row of table sensor, if one did. */
    public static Optional<Episode> episode(Result result) {
        Optional<SensorKey> key = sensorKey(result.getRow());
        if (key.isEmpty() || !key.get().isReading()) {
            return Optional.empty();
        }
        return episode(key.get().pump(), key.get().time(), result::getValue);
    }

    /** The episode of a pump that started at {@code start}, if the cells hold one. */
    public static Optional<Episode> episode(String pump, Instant start, Cells cells) {
        if (cells.value(PumpSchema.EPISODE, PumpSchema.STATE) == null) {
            return Optional.empty();
        }
        boolean open = text(cells, PumpSchema.EPISODE, PumpSchema.STATE).equals("open");
        String end = text(cells, PumpSchema.EPISODE, PumpSchema.END);
        return Optional.of(new Episode(pump, start, open,
                open || end.isEmpty() ? null : Instant.parse(end),
                decimal(cells, PumpSchema.EPISODE, PumpSchema.MIN_PSI),
                Instant.parse(text(cells, PumpSchema.EPISODE, PumpSchema.MIN_PSI_TIME)),
                PumpSchema.decodeLong(cells.value(PumpSchema.EPISODE, PumpSchema.READINGS))));
    }

    /** A record that did not parse, where it was in Kafka, and why. */
    public record DeadLetter(String topic, int partition, long offset, long kafkaTimestamp, String reason,
                             long rawSize, byte[] raw) {
        /** The raw bytes as text, non-printable bytes escaped, cut at {@code max} characters. */
        public String rawText(int max) {
            String text = Bytes.toStringBinary(raw);
            return text.length() <= max ? text : text.substring(0, max) + "...";
        }

        public Map<String, Object> columns() {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("topic", topic);
            columns.put("partition", partition);
            columns.put("offset", offset);
            columns.put("kafka_timestamp", kafkaTimestamp);
            columns.put("reason", reason);
            columns.put("raw_size", rawSize);
            columns.put("raw", rawText(120));
            return columns;
        }
    }

    /** The reading in a row of table sensor, if the row holds one. */
    public static Optional<Reading> reading(Result result) {
        Optional<SensorKey> key = sensorKey(result.getRow());
        if (key.isEmpty() || !key.get().isReading()) {
            return Optional.empty();
        }
        return reading(key.get().pump(), key.get().time(), result::getValue);
    }

    /** The reading of a pump at {@code time}, if the cells hold one. */
    public static Optional<Reading> reading(String pump, Instant time, Cells cells) {
        if (cells.value(PumpSchema.DATA, PumpSchema.measure(Measure.PSI)) == null) {
            return Optional.empty();
        }
        Map<Measure, Double> measures = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            measures.put(m, decimal(cells, PumpSchema.DATA, PumpSchema.measure(m)));
        }
        return Optional.of(new Reading(pump, time, measures));
    }

    /** The alarm in a row of table sensor, if the row holds one. */
    public static Optional<Alarm> alarm(Result result) {
        Optional<SensorKey> key = sensorKey(result.getRow());
        if (key.isEmpty() || !key.get().isReading()) {
            return Optional.empty();
        }
        return alarm(key.get().pump(), key.get().time(), result::getValue);
    }

    /** The alarm of a pump's reading at {@code time}, if the cells hold one. */
    public static Optional<Alarm> alarm(String pump, Instant time, Cells cells) {
        if (cells.value(PumpSchema.ALERT, PumpSchema.PSI) == null) {
            return Optional.empty();
        }
        return Optional.of(new Alarm(pump, time,
                decimal(cells, PumpSchema.ALERT, PumpSchema.PSI), decimal(cells, PumpSchema.ALERT, PumpSchema.THRESHOLD)));
    }

    /** The late mark in a row of table sensor, if the row holds one. */
    public static Optional<LateMark> lateMark(Result result) {
        Optional<SensorKey> key = sensorKey(result.getRow());
        if (key.isEmpty() || !key.get().isReading() || !result.containsColumn(PumpSchema.LATE, PumpSchema.MISSED_DAY)) {
            return Optional.empty();
        }
        return Optional.of(new LateMark(key.get().pump(), key.get().time(),
                LocalDate.parse(text(result::getValue, PumpSchema.LATE, PumpSchema.MISSED_DAY))));
    }

    /** The statistics in a row of table sensor, if the row holds them. */
    public static Optional<DailyStats> stats(Result result) {
        Optional<SensorKey> key = sensorKey(result.getRow());
        if (key.isEmpty() || key.get().isReading()) {
            return Optional.empty();
        }
        return stats(key.get().pump(), key.get().day(), result::getValue);
    }

    /** A pump's statistics of {@code day}, if the cells hold them. */
    public static Optional<DailyStats> stats(String pump, LocalDate day, Cells cells) {
        if (cells.value(PumpSchema.STATS, PumpSchema.COUNT) == null) {
            return Optional.empty();
        }
        Map<Measure, double[]> minMaxAvg = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            minMaxAvg.put(m, new double[] {decimal(cells, PumpSchema.STATS, PumpSchema.min(m)),
                decimal(cells, PumpSchema.STATS, PumpSchema.max(m)), decimal(cells, PumpSchema.STATS, PumpSchema.avg(m))});
        }
        return Optional.of(new DailyStats(pump, day,
                PumpSchema.decodeLong(cells.value(PumpSchema.STATS, PumpSchema.COUNT)),
                PumpSchema.decodeFlag(cells.value(PumpSchema.STATS, PumpSchema.FINAL)), minMaxAvg));
    }

    /** The dead letter in a row of table dead_letters. */
    public static Optional<DeadLetter> deadLetter(Result result) {
        if (!result.containsColumn(PumpSchema.ERROR, PumpSchema.REASON)) {
            return Optional.empty();
        }
        byte[] raw = result.getValue(PumpSchema.ERROR, PumpSchema.RAW);
        return Optional.of(new DeadLetter(text(result::getValue, PumpSchema.ERROR, PumpSchema.TOPIC),
                (int) whole(result, PumpSchema.PARTITION), whole(result, PumpSchema.OFFSET),
                whole(result, PumpSchema.KAFKA_TIMESTAMP), text(result::getValue, PumpSchema.ERROR, PumpSchema.REASON),
                whole(result, PumpSchema.RAW_SIZE), raw == null ? new byte[0] : raw));
    }

    /**
     * A time bound as users write it: an ISO day ({@code 2014-03-10}, its start) or time
     * ({@code 2014-03-10T06:00}, {@code 2014-03-10T06:00:30Z}, {@code 2014-03-10T06:00+01:00});
     * without an offset, UTC, as in the row keys.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static Instant instantBound(String text) {
        String t = text.strip();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            }
            java.time.temporal.TemporalAccessor parsed = java.time.format.DateTimeFormatter.ISO_DATE_TIME.parseBest(t,
                    java.time.OffsetDateTime::from, java.time.LocalDateTime::from);
            return parsed instanceof java.time.OffsetDateTime o ? o.toInstant()
                    : ((java.time.LocalDateTime) parsed).toInstant(java.time.ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a day or a time: write e.g. 2014-03-10, "
                    + "2014-03-10T06:00 (UTC) or 2014-03-10T06:00+01:00");
        }
    }

    // Scans: one pump's range reads only that pump's rows, and only the family asked for.

    /** Rows of one family, of one pump between two instants (from inclusive, to exclusive; null for open). */
    public static Scan timeRange(byte[] family, String pump, Instant from, Instant to) {
        Scan scan = new Scan().addFamily(family);
        byte[] prefix = PumpSchema.pumpPrefix(pump);
        scan.withStartRow(from == null ? prefix : PumpSchema.readingRowKey(pump, from.toEpochMilli()));
        scan.withStopRow(to == null ? stopOf(prefix) : PumpSchema.readingRowKey(pump, to.toEpochMilli()));
        return scan;
    }

    /** One pump's statistics rows between two days (from inclusive, to exclusive; null for open). */
    public static Scan dayRange(String pump, LocalDate from, LocalDate to) {
        Scan scan = new Scan().addFamily(PumpSchema.STATS);
        byte[] prefix = PumpSchema.pumpPrefix(pump);
        scan.withStartRow(from == null ? prefix : PumpSchema.statisticsRowKey(pump, from.toString()));
        scan.withStopRow(to == null ? stopOf(prefix) : PumpSchema.statisticsRowKey(pump, to.toString()));
        return scan;
    }

    /** A pump's newest row that has any of the families: a reversed scan of one row. */
    public static Scan newestRow(String pump, byte[]... families) {
        byte[] prefix = PumpSchema.pumpPrefix(pump);
        Scan scan = new Scan().withStartRow(stopOf(prefix), false).withStopRow(prefix, true)
                .setReversed(true).setLimit(1);
        for (byte[] family : families) {
            scan.addFamily(family);
        }
        return scan;
    }

    /** The first key after every key that starts with the prefix. */
    private static byte[] stopOf(byte[] prefix) {
        byte[] stop = prefix.clone();
        stop[stop.length - 1]++;
        return stop;
    }

    private static String text(Cells cells, byte[] family, byte[] qualifier) {
        byte[] value = cells.value(family, qualifier);
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }

    private static double decimal(Cells cells, byte[] family, byte[] qualifier) {
        byte[] value = cells.value(family, qualifier);
        return value == null ? Double.NaN : PumpSchema.decodeDouble(value);
    }

    private static long whole(Result result, byte[] qualifier) {
        byte[] value = result.getValue(PumpSchema.ERROR, qualifier);
        return value == null ? -1 : PumpSchema.decodeLong(value);
    }
}
