package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.util.Bytes;
import org.pumpmonitor.core.model.Measure;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Row keys parsed and the range scans that read one pump's rows. A row key of table
 * {@code sensor} is {@code PUMP|INSTANT} for a reading's row (its measures, its alarm, its late
 * mark, an episode that started with it) or {@code PUMP|DAY} for a pump's day of statistics; each
 * family's codec ({@link FamilyCodec}) decodes the cells. Everything that reads the tables goes
 * through here and the codecs, so that no reader splits row keys by hand.
 */
public final class PumpRows {

    private PumpRows() {
    }

    /**
     * The values of a row's cells by family and qualifier (null: no such cell): a {@link Result}'s
     * {@code getValue}, or a faster look-up where many rows are decoded ({@link PumpIndexCodec}).
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

    /** The key of a reading's row; empty for any other row. */
    public static Optional<SensorKey> readingKey(byte[] row) {
        return sensorKey(row).filter(SensorKey::isReading);
    }

    /** The key of a day's row; empty for any other row. */
    public static Optional<SensorKey> dayKey(byte[] row) {
        return sensorKey(row).filter(key -> !key.isReading());
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

    static String text(Cells cells, byte[] family, byte[] qualifier) {
        byte[] value = cells.value(family, qualifier);
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }

    static double decimal(Cells cells, byte[] family, byte[] qualifier) {
        byte[] value = cells.value(family, qualifier);
        return value == null ? Double.NaN : PumpSchema.decodeDouble(value);
    }
}
