package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The HBase schema, in one place: tables, column families, qualifiers, row keys and value
 * encodings. The HBase schema section of docs/reference.md describes this class.
 *
 * <p>Every value is UTF-8 text (numbers in Java's shortest round-trip decimal form, booleans as
 * {@code true}/{@code false}), so that the HBase shell shows it as it is; the dead letter's raw
 * record is kept as the original bytes.
 *
 * <p>Every write is an idempotent upsert: the row key and the cell timestamp come from the
 * record itself (event time, window end, Kafka offset), so a replay after a failure rewrites the
 * same cells with the same versions.
 */
public final class PumpSchema {

    private PumpSchema() {}

    public static final String DEFAULT_SENSOR_TABLE = "sensor";
    public static final String DEFAULT_DEAD_LETTER_TABLE = "dead_letters";

    /** Separates the parts of a row key; pump ids cannot contain it (see the parser). */
    public static final char KEY_SEPARATOR = '|';

    // Table "sensor": one row per reading, one row per pump and day.
    /** A reading's measures, one row per pump and event time. */
    public static final byte[] DATA = Bytes.toBytes("data");
    /** A low-pressure alarm, in the row of the reading that raised it. */
    public static final byte[] ALERT = Bytes.toBytes("alert");
    /** A reading too late for its day's statistics, in the row of that reading. */
    public static final byte[] LATE = Bytes.toBytes("late");
    /** Daily statistics, one row per pump and day. */
    public static final byte[] STATS = Bytes.toBytes("stats");
    /** A low-pressure episode, in the row of its first reading under the threshold. */
    public static final byte[] EPISODE = Bytes.toBytes("episode");

    // Table "dead_letters": one row per unparseable Kafka record.
    public static final byte[] ERROR = Bytes.toBytes("error");

    public static final List<byte[]> SENSOR_FAMILIES = List.of(DATA, ALERT, LATE, STATS, EPISODE);
    public static final List<byte[]> DEAD_LETTER_FAMILIES = List.of(ERROR);

    // Table "<sensor>_pumps", the pump index: one row per pump (the row key is the pump id), holding
    // the newest of each kind of the pump's rows in table sensor, in the family of the same name:
    // its newest reading (data, with its time), alarm (alert, with its time), episode and day of
    // statistics. A list of the pumps with their state is a scan of it: it grows with the pumps,
    // never with the days or readings stored.
    /** The pump index table of a sensor table is named after it, with this suffix. */
    public static final String PUMP_INDEX_SUFFIX = "_pumps";
    public static final List<byte[]> PUMP_INDEX_FAMILIES = List.of(DATA, ALERT, EPISODE, STATS);
    /** Qualifier of DATA and ALERT in the pump index: the reading's event time. */
    public static final byte[] TIME = Bytes.toBytes("time");

    /**
     * Qualifier of DATA: a reading's six measures in one cell, as decimal text in
     * {@link Measure} order separated by commas ({@code 10.27,1.73,881.0,1.56,85.0,1.94}). One cell
     * instead of six cuts HBase's CPU per reading by two thirds (docs/performance.md). Rows written
     * before it have a cell per measure, named {@link Measure#column()} ({@link #measure}); the pump
     * and the time are in the row key only.
     */
    public static final byte[] MEASURES = Bytes.toBytes("m");
    /** Separates the measures in {@link #MEASURES}. */
    public static final char MEASURE_SEPARATOR = ',';
    // Qualifiers of STATS and DATA of old rows.
    public static final byte[] PUMP = Bytes.toBytes("pump");
    // Qualifiers of ALERT.
    public static final byte[] PSI = Bytes.toBytes("psi");
    public static final byte[] THRESHOLD = Bytes.toBytes("threshold");
    // Qualifiers of LATE.
    public static final byte[] MISSED_DAY = Bytes.toBytes("missed_day");
    // Qualifiers of STATS (besides <measure>_min, <measure>_max, <measure>_avg).
    public static final byte[] DAY = Bytes.toBytes("day");
    public static final byte[] COUNT = Bytes.toBytes("count");
    public static final byte[] WINDOW_START = Bytes.toBytes("window_start");
    public static final byte[] WINDOW_END = Bytes.toBytes("window_end");
    public static final byte[] FINAL = Bytes.toBytes("final");
    // Qualifiers of EPISODE.
    public static final byte[] STATE = Bytes.toBytes("state");
    public static final byte[] START = Bytes.toBytes("start");
    public static final byte[] END = Bytes.toBytes("end");
    public static final byte[] MIN_PSI = Bytes.toBytes("min_psi");
    public static final byte[] MIN_PSI_TIME = Bytes.toBytes("min_psi_time");
    public static final byte[] READINGS = Bytes.toBytes("readings");
    public static final byte[] RULE = Bytes.toBytes("rule");
    public static final byte[] MEASURE = Bytes.toBytes("measure");
    public static final byte[] CONDITION = Bytes.toBytes("condition");
    public static final byte[] SEVERITY = Bytes.toBytes("severity");
    public static final byte[] PEAK = Bytes.toBytes("peak");
    public static final byte[] PEAK_TIME = Bytes.toBytes("peak_time");
    public static final byte[] PREDICTED_TIME = Bytes.toBytes("predicted_time");
    public static final byte[] VALUE = Bytes.toBytes("value");
    /** The last part of the row key of an early warning, after the rule's id. */
    public static final String PREDICTION_KEY_SUFFIX = "predicted";
    // Qualifiers of ERROR.
    public static final byte[] REASON = Bytes.toBytes("reason");
    public static final byte[] RAW = Bytes.toBytes("raw");
    public static final byte[] RAW_SIZE = Bytes.toBytes("raw_size");
    public static final byte[] TOPIC = Bytes.toBytes("topic");
    public static final byte[] PARTITION = Bytes.toBytes("partition");
    public static final byte[] OFFSET = Bytes.toBytes("offset");
    public static final byte[] KAFKA_TIMESTAMP = Bytes.toBytes("kafka_timestamp");

    /** The qualifier of a measure's own cell in family DATA of rows written before {@link #MEASURES}. */
    public static byte[] measure(Measure m) {
        return Bytes.toBytes(m.column());
    }

    public static byte[] min(Measure m) {
        return Bytes.toBytes(m.column() + "_min");
    }

    public static byte[] max(Measure m) {
        return Bytes.toBytes(m.column() + "_max");
    }

    public static byte[] avg(Measure m) {
        return Bytes.toBytes(m.column() + "_avg");
    }

    private static final DateTimeFormatter UTC_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** {@code COHUTTA|2014-03-10T01:01:00Z}: event time in UTC, so rows sort by time within a pump. */
    public static byte[] readingRowKey(String pumpId, long eventTime) {
        return text(pumpId + KEY_SEPARATOR + instant(eventTime));
    }

    /**
     * {@code COHUTTA|2014-03-10T01:01:00Z|high-flow}: an episode of a rule other than the built-in
     * one, right after the row of its first reading; the built-in rule's episodes are in that row
     * itself ({@link #readingRowKey}), where they always were.
     */
    public static byte[] episodeRowKey(String pumpId, long start, String rule, boolean builtIn) {
        return builtIn ? readingRowKey(pumpId, start) : text(pumpId + KEY_SEPARATOR + instant(start) + KEY_SEPARATOR + rule);
    }

    /** {@code COHUTTA|2014-03-10T01:01:00Z|high-flow|predicted}: an early warning of a rule, raised at that time. */
    public static byte[] predictionRowKey(String pumpId, long start, String rule) {
        return text(pumpId + KEY_SEPARATOR + instant(start) + KEY_SEPARATOR + rule + KEY_SEPARATOR + PREDICTION_KEY_SUFFIX);
    }

    /** Results that cover this many readings or more all get the same version. */
    public static final long MAX_VERSIONED_COUNT = 999_999;

    /**
     * The cell version of a day's statistics: {@code windowEnd + count} for a final result,
     * {@code windowEnd - 1,000,000 + count} for an early one. The version grows with the readings
     * a result covers, and every final result is above every early one, so that HBase (which
     * shows the highest version) never lets a smaller or early result replace a larger or final
     * one. Rows written before this encoding carry {@code windowEnd}: a new final result
     * replaces them, a new early one does not.
     */
    public static long statisticsVersion(long windowEnd, long count, boolean finalResult) {
        long covered = Math.min(count, MAX_VERSIONED_COUNT);
        return finalResult ? windowEnd + covered : windowEnd - (MAX_VERSIONED_COUNT + 1) + covered;
    }

    /**
     * A Put that works out its heap size once. The HBase client asks a buffered Put for it three
     * or four times (to account for its write buffer and to size each request), walking every
     * cell each time: a quarter of the readings sink's time in a profile. Nothing changes a Put
     * once a converter has returned it, so the first answer stays right.
     */
    public static final class SizedPut extends Put {
        private long heapSize = -1;

        public SizedPut(byte[] row, long timestamp) {
            super(row, timestamp);
        }

        @Override
        public long heapSize() {
            if (heapSize < 0) {
                heapSize = super.heapSize();
            }
            return heapSize;
        }
    }

    /** {@code COHUTTA|2014-03-10}: the calendar day in the job's time zone. */
    public static byte[] statisticsRowKey(String pumpId, String isoDay) {
        return text(pumpId + KEY_SEPARATOR + isoDay);
    }

    /** {@code pump-sensor|00002|00000000000000001234}: zero-padded so offsets sort numerically. */
    public static byte[] deadLetterRowKey(String topic, int partition, long offset) {
        return text(String.format("%s%c%05d%c%020d", topic, KEY_SEPARATOR, partition, KEY_SEPARATOR, offset));
    }

    /** The name of the pump index table that belongs to a sensor table. */
    public static String pumpIndexTable(String sensorTable) {
        return sensorTable + PUMP_INDEX_SUFFIX;
    }

    /** {@code COHUTTA}: a pump's row in the pump index. */
    public static byte[] pumpIndexRowKey(String pumpId) {
        return text(pumpId);
    }

    /** The row key prefix of every row of one pump. */
    public static byte[] pumpPrefix(String pumpId) {
        return text(pumpId + KEY_SEPARATOR);
    }

    /** The ISO-8601 UTC form of an epoch-millisecond instant, as used in row keys and cells. */
    public static String instant(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000L);
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int year = day.getYear();
        if (year < 0 || year > 9999) {
            return UTC_SECONDS.format(Instant.ofEpochMilli(epochMillis));
        }
        // Written by hand: one per reading, and DateTimeFormatter was 3 % of a TaskManager's time.
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        char[] text = "0000-00-00T00:00:00Z".toCharArray();
        put(text, 0, year, 4);
        put(text, 5, day.getMonthValue(), 2);
        put(text, 8, day.getDayOfMonth(), 2);
        put(text, 11, secondOfDay / 3600, 2);
        put(text, 14, secondOfDay / 60 % 60, 2);
        put(text, 17, secondOfDay % 60, 2);
        return new String(text);
    }

    private static void put(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    public static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] number(double value) {
        return text(Double.toString(value));
    }

    public static byte[] number(long value) {
        return text(Long.toString(value));
    }

    public static byte[] flag(boolean value) {
        return text(Boolean.toString(value));
    }

    public static String decodeText(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    public static double decodeDouble(byte[] value) {
        return Double.parseDouble(decodeText(value));
    }

    public static long decodeLong(byte[] value) {
        return Long.parseLong(decodeText(value));
    }

    public static boolean decodeFlag(byte[] value) {
        return Boolean.parseBoolean(decodeText(value));
    }

    public static LocalDate decodeDay(byte[] value) {
        return LocalDate.parse(decodeText(value));
    }

    public static TableDescriptor sensorTable(TableName name, int maxVersions) {
        return table(name, SENSOR_FAMILIES, maxVersions);
    }

    public static TableDescriptor deadLetterTable(TableName name, int maxVersions) {
        return table(name, DEAD_LETTER_FAMILIES, maxVersions);
    }

    /**
     * The pump index keeps one version whatever the other tables keep: its cells are versioned by
     * event time (or, for statistics and episodes, as in table sensor), so the one kept is the
     * newest, and a replay or a late record never replaces it.
     */
    public static TableDescriptor pumpIndexTable(TableName name) {
        return table(name, PUMP_INDEX_FAMILIES, 1);
    }

    private static TableDescriptor table(TableName name, List<byte[]> families, int maxVersions) {
        TableDescriptorBuilder table = TableDescriptorBuilder.newBuilder(name);
        for (byte[] family : families) {
            // A statistics version says what a result covers, and an episode's whether it is raised
            // or cleared, not when it was written: only the highest means anything, and keeping
            // lower ones would keep superseded results.
            int versions = Bytes.equals(family, STATS) || Bytes.equals(family, EPISODE) ? 1 : maxVersions;
            table.setColumnFamily(
                    ColumnFamilyDescriptorBuilder.newBuilder(family).setMaxVersions(versions).build());
        }
        return table.build();
    }
}
