package org.pumpmonitor.pumpctl;

import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.DeadLetterCodec;
import org.pumpmonitor.core.hbase.EpisodeCodec;
import org.pumpmonitor.core.hbase.LateMarkCodec;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter;
import org.apache.hadoop.hbase.filter.MultiRowRangeFilter;
import org.apache.hadoop.hbase.util.Bytes;
import org.pumpmonitor.core.hbase.PumpIndexCodec;
import org.pumpmonitor.core.hbase.PumpRows;
import org.pumpmonitor.core.hbase.PumpSchema;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the dashboard and its JSON API read, through {@link PumpRows} and {@link PumpIndex}. No
 * read grows with the history stored: the list of pumps is a scan of the pump index (a row per
 * pump) and one scan of the last hour's alarms; one pump's rows are a range scan of that pump's
 * rows of one family, newest first and bounded by the limit; the newest dead letters are the
 * newest of each Kafka partition.
 */
final class DashboardData {

    /** The most rows one request returns, and the widest time range of readings it may ask for. */
    static final int MAX_LIMIT = 100_000;
    static final Duration MAX_RANGE = Duration.ofDays(31);
    /** The overview counts each pump's alarms in this much time before now. */
    static final Duration ALARM_WINDOW = Duration.ofHours(1);

    private final Connection hbase;
    private final TableName sensor;
    private final TableName pumpIndex;
    private final TableName deadLetters;

    DashboardData(Connection hbase, String sensorTable, String deadLetterTable) {
        this.hbase = hbase;
        this.sensor = TableName.valueOf(sensorTable);
        this.pumpIndex = TableName.valueOf(PumpSchema.pumpIndexTable(sensorTable));
        this.deadLetters = TableName.valueOf(deadLetterTable);
    }

    /** A pump as the overview shows it. */
    record PumpState(String pump, Instant lastReading, double psi, boolean inAlarm, boolean silent,
                     int alarmsLastHour, Map<String, Object> newestDay, Map<String, Object> openEpisode) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("pump", pump);
            json.put("lastReading", lastReading == null ? null : lastReading.toString());
            json.put("psi", Double.isNaN(psi) ? null : psi);
            json.put("inAlarm", inAlarm);
            json.put("silent", silent);
            json.put("alarmsLastHour", alarmsLastHour);
            json.put("newestDay", newestDay);
            json.put("openEpisode", openEpisode);
            return json;
        }
    }

    /**
     * Every pump of the pump index, with its last reading, its alarms in the hour before
     * {@code now}, its newest day of statistics and its open episode; silent when its last reading
     * is older than {@code silentAfter}. A pump's last reading is the newest stored, also when only
     * its alarm is stored yet (the alarm sink flushes sooner than the readings sink).
     */
    List<PumpState> pumps(Instant now, Duration silentAfter) throws IOException {
        List<PumpIndexCodec.Latest> pumps = new ArrayList<>();
        try (Table table = hbase.getTable(pumpIndex);
                ResultScanner scanner = table.getScanner(PumpIndexCodec.everyPump())) {
            for (Result result : scanner) {
                PumpIndexCodec.latest(result).ifPresent(pumps::add);
            }
        }
        Instant alarmsFrom = now.minus(ALARM_WINDOW);
        Map<String, Integer> alarms = alarmCounts(pumps.stream()
                .filter(p -> p.alarm().filter(a -> !a.time().isBefore(alarmsFrom)).isPresent())
                .map(PumpIndexCodec.Latest::pump).toList(), alarmsFrom, now.plusSeconds(1));
        List<PumpState> states = new ArrayList<>();
        for (PumpIndexCodec.Latest p : pumps) {
            Instant last = p.lastReading().orElse(null);
            states.add(new PumpState(p.pump(), last, p.psi().orElse(Double.NaN), p.inAlarm(),
                    last == null || last.isBefore(now.minus(silentAfter)), alarms.getOrDefault(p.pump(), 0),
                    p.stats().map(StatisticsCodec.DailyStats::columns).orElse(null),
                    p.episode().filter(EpisodeCodec.Episode::open).map(EpisodeCodec.Episode::columns).orElse(null)));
        }
        return states;
    }

    /**
     * The alarms of each pump between two instants, in one scan over one row range per pump:
     * it reads the alarms it counts, and the other rows of the table not at all.
     */
    private Map<String, Integer> alarmCounts(List<String> pumps, Instant from, Instant to) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        if (pumps.isEmpty()) {
            return counts;
        }
        List<MultiRowRangeFilter.RowRange> ranges = new ArrayList<>();
        for (String pump : pumps) {
            ranges.add(new MultiRowRangeFilter.RowRange(PumpSchema.readingRowKey(pump, from.toEpochMilli()), true,
                    PumpSchema.readingRowKey(pump, to.toEpochMilli()), false));
        }
        MultiRowRangeFilter filter = new MultiRowRangeFilter(ranges);
        List<MultiRowRangeFilter.RowRange> sorted = filter.getRowRanges();
        Scan scan = new Scan().addFamily(PumpSchema.ALERT).setFilter(filter).setCaching(1000)
                .withStartRow(sorted.get(0).getStartRow(), true)
                .withStopRow(sorted.get(sorted.size() - 1).getStopRow(), false);
        try (Table table = hbase.getTable(sensor); ResultScanner scanner = table.getScanner(scan)) {
            for (Result result : scanner) {
                AlarmCodec.ALARMS.decode(result).ifPresent(a -> counts.merge(a.pump(), 1, Integer::sum));
            }
        }
        return counts;
    }

    /** The newest row of a pump with a reading. */
    Optional<Result> last(String pump) throws IOException {
        return newest(pump, PumpSchema.DATA);
    }

    private Optional<Result> newest(String pump, byte[]... families) throws IOException {
        try (Table table = hbase.getTable(sensor);
                ResultScanner scanner = table.getScanner(PumpRows.newestRow(pump, families))) {
            return Optional.ofNullable(scanner.next());
        }
    }

    /** Whether the table holds any row of the pump. */
    boolean exists(String pump) throws IOException {
        byte[] prefix = PumpSchema.pumpPrefix(pump);
        Scan scan = new Scan().setRowPrefixFilter(prefix).setFilter(new FirstKeyOnlyFilter()).setLimit(1);
        try (Table table = hbase.getTable(sensor); ResultScanner scanner = table.getScanner(scan)) {
            return scanner.next() != null;
        }
    }

    // One pump's rows: the newest `limit` of the range, answered oldest first.

    List<Map<String, Object>> readings(String pump, Instant from, Instant to, int limit) throws IOException {
        return newest(PumpRows.timeRange(PumpSchema.DATA, pump, from, to), r -> ReadingCodec.READINGS.decode(r)
                .map(ReadingCodec.Reading::columns), limit);
    }

    List<Map<String, Object>> alarms(String pump, Instant from, Instant to, int limit) throws IOException {
        return newest(PumpRows.timeRange(PumpSchema.ALERT, pump, from, to), r -> AlarmCodec.ALARMS.decode(r)
                .map(AlarmCodec.Alarm::columns), limit);
    }

    List<Map<String, Object>> lateReadings(String pump, Instant from, Instant to, int limit) throws IOException {
        return newest(PumpRows.timeRange(PumpSchema.LATE, pump, from, to), r -> LateMarkCodec.LATE_MARKS.decode(r)
                .map(LateMarkCodec.LateMark::columns), limit);
    }

    List<Map<String, Object>> stats(String pump, LocalDate from, LocalDate to, int limit) throws IOException {
        return newest(PumpRows.dayRange(pump, from, to), r -> StatisticsCodec.STATISTICS.decode(r).map(StatisticsCodec.DailyStats::columns), limit);
    }

    List<Map<String, Object>> episodes(String pump, Instant from, Instant to, int limit) throws IOException {
        return newest(PumpRows.timeRange(PumpSchema.EPISODE, pump, from, to), r -> EpisodeCodec.EPISODES.decode(r)
                .map(EpisodeCodec.Episode::columns), limit);
    }

    /**
     * The newest dead letters, by Kafka timestamp: the newest {@code limit} of each topic
     * partition (dead letters are keyed by topic, partition and offset), merged. It reads at most
     * {@code limit + 1} rows per partition, whatever the table holds.
     */
    List<Map<String, Object>> deadLetters(int limit) throws IOException {
        List<DeadLetterCodec.StoredDeadLetter> letters = new ArrayList<>();
        try (Table table = hbase.getTable(deadLetters)) {
            byte[] below = null;
            Optional<byte[]> partition;
            while ((partition = lastPartitionBelow(table, below)).isPresent()) {
                byte[] prefix = partition.get();
                Scan newest = new Scan().addFamily(PumpSchema.ERROR).setReversed(true).setLimit(limit).setCaching(limit)
                        .withStartRow(stopOf(prefix), false).withStopRow(prefix, true);
                try (ResultScanner scanner = table.getScanner(newest)) {
                    for (Result result : scanner) {
                        DeadLetterCodec.DEAD_LETTERS.decode(result).ifPresent(letters::add);
                    }
                }
                below = prefix;
            }
        }
        return letters.stream().sorted(Comparator.comparingLong(DeadLetterCodec.StoredDeadLetter::kafkaTimestamp).reversed())
                .limit(limit).map(DeadLetterCodec.StoredDeadLetter::columns).toList();
    }

    /**
     * The key prefix ({@code topic|partition|}) of the last partition whose keys sort before
     * {@code below} (null: anywhere in the table); found with one reversed scan of one row.
     */
    private static Optional<byte[]> lastPartitionBelow(Table table, byte[] below) throws IOException {
        byte[] key = below;
        while (true) {
            Scan last = new Scan().addFamily(PumpSchema.ERROR).setReversed(true).setLimit(1)
                    .setFilter(new FirstKeyOnlyFilter());
            if (key != null) {
                last.withStartRow(key, false);
            }
            Result result;
            try (ResultScanner scanner = table.getScanner(last)) {
                result = scanner.next();
            }
            if (result == null) {
                return Optional.empty();
            }
            String row = Bytes.toString(result.getRow());
            int offsetAt = row.lastIndexOf(PumpSchema.KEY_SEPARATOR);
            if (offsetAt > 0) {
                return Optional.of(Bytes.toBytes(row.substring(0, offsetAt + 1)));
            }
            // Not a key the job writes: step over it.
            key = result.getRow();
        }
    }

    /**
     * The newest {@code limit} rows of a forward range scan, read with the same range reversed, so
     * that HBase reads those rows only; answered in the forward order.
     */
    private <T> List<T> newest(Scan range, Function<Result, Optional<T>> decode, int limit) throws IOException {
        Scan newestFirst = new Scan(range).setReversed(true).setLimit(limit).setCaching(Math.min(limit, 1000))
                .withStartRow(range.getStopRow(), range.includeStopRow())
                .withStopRow(range.getStartRow(), range.includeStartRow());
        List<T> rows = new ArrayList<>();
        try (Table table = hbase.getTable(sensor); ResultScanner scanner = table.getScanner(newestFirst)) {
            for (Result result : scanner) {
                decode.apply(result).ifPresent(rows::add);
                if (rows.size() >= limit) {
                    break;
                }
            }
        }
        Collections.reverse(rows);
        return rows;
    }

    /** The first key after every key that starts with the prefix. */
    private static byte[] stopOf(byte[] prefix) {
        byte[] stop = prefix.clone();
        stop[stop.length - 1]++;
        return stop;
    }
}
