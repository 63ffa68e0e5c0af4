package org.pumpmonitor.pumpctl;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter;
import org.pumpmonitor.job.hbase.PumpRows;
import org.pumpmonitor.job.hbase.PumpSchema;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the dashboard and its JSON API read, through {@link PumpRows}. Every read is a range scan
 * of one family: one pump's time range touches only that pump's rows, and the list of pumps reads
 * the statistics family (a row per pump and day), never the readings.
 */
final class DashboardData {

    /** The most rows one request returns, and the widest time range of readings it may ask for. */
    static final int MAX_LIMIT = 100_000;
    static final Duration MAX_RANGE = Duration.ofDays(31);

    private final Connection hbase;
    private final TableName sensor;
    private final TableName deadLetters;

    DashboardData(Connection hbase, String sensorTable, String deadLetterTable) {
        this.hbase = hbase;
        this.sensor = TableName.valueOf(sensorTable);
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
     * Every pump with statistics, its last reading, its alarms in the hour before {@code now}, and
     * its newest day of statistics; silent when its last reading is older than {@code silentAfter}.
     */
    List<PumpState> pumps(Instant now, Duration silentAfter) throws IOException {
        TreeMap<String, PumpRows.DailyStats> newestDays = new TreeMap<>();
        try (Table table = hbase.getTable(sensor);
                ResultScanner scanner = table.getScanner(new Scan().addFamily(PumpSchema.STATS))) {
            for (Result result : scanner) {
                PumpRows.stats(result).ifPresent(s -> newestDays.merge(s.pump(), s,
                        (a, b) -> a.day().isAfter(b.day()) ? a : b));
            }
        }
        List<PumpState> pumps = new ArrayList<>();
        for (PumpRows.DailyStats day : newestDays.values()) {
            Optional<Result> last = last(day.pump());
            Optional<PumpRows.Reading> reading = last.flatMap(PumpRows::reading);
            Instant lastTime = reading.map(PumpRows.Reading::time).orElse(null);
            int alarms = rows(PumpRows.timeRange(PumpSchema.ALERT, day.pump(), now.minus(Duration.ofHours(1)),
                    now.plusSeconds(1)), PumpRows::alarm, MAX_LIMIT).size();
            pumps.add(new PumpState(day.pump(), lastTime,
                    reading.map(r -> r.get(org.pumpmonitor.job.model.Measure.PSI)).orElse(Double.NaN),
                    last.flatMap(PumpRows::alarm).isPresent(),
                    lastTime == null || lastTime.isBefore(now.minus(silentAfter)), alarms, day.columns(),
                    newestEpisode(day.pump()).filter(PumpRows.Episode::open).map(PumpRows.Episode::columns).orElse(null)));
        }
        return pumps;
    }

    /** The newest row of a pump with a reading, and its alarm if it has one. */
    Optional<Result> last(String pump) throws IOException {
        return newest(pump, PumpSchema.DATA, PumpSchema.ALERT).filter(r -> PumpRows.reading(r).isPresent());
    }

    /** The pump's newest low-pressure episode. */
    Optional<PumpRows.Episode> newestEpisode(String pump) throws IOException {
        return newest(pump, PumpSchema.EPISODE).flatMap(PumpRows::episode);
    }

    private Optional<Result> newest(String pump, byte[]... families) throws IOException {
        try (Table table = hbase.getTable(sensor);
                ResultScanner scanner = table.getScanner(PumpRows.newestRow(pump, families))) {
            return Optional.ofNullable(scanner.next());
        }
    }

    List<Map<String, Object>> episodes(String pump, Instant from, Instant to, int limit) throws IOException {
        return rows(PumpRows.timeRange(PumpSchema.EPISODE, pump, from, to), r -> PumpRows.episode(r)
                .map(PumpRows.Episode::columns), limit);
    }

    /** Whether the table holds any row of the pump. */
    boolean exists(String pump) throws IOException {
        byte[] prefix = PumpSchema.pumpPrefix(pump);
        Scan scan = new Scan().setRowPrefixFilter(prefix).setFilter(new FirstKeyOnlyFilter()).setLimit(1);
        try (Table table = hbase.getTable(sensor); ResultScanner scanner = table.getScanner(scan)) {
            return scanner.next() != null;
        }
    }

    List<Map<String, Object>> readings(String pump, Instant from, Instant to, int limit) throws IOException {
        return rows(PumpRows.timeRange(PumpSchema.DATA, pump, from, to), r -> PumpRows.reading(r)
                .map(PumpRows.Reading::columns), limit);
    }

    List<Map<String, Object>> alarms(String pump, Instant from, Instant to, int limit) throws IOException {
        return rows(PumpRows.timeRange(PumpSchema.ALERT, pump, from, to), r -> PumpRows.alarm(r)
                .map(PumpRows.Alarm::columns), limit);
    }

    List<Map<String, Object>> lateReadings(String pump, Instant from, Instant to, int limit) throws IOException {
        return rows(PumpRows.timeRange(PumpSchema.LATE, pump, from, to), r -> PumpRows.lateMark(r)
                .map(PumpRows.LateMark::columns), limit);
    }

    List<Map<String, Object>> stats(String pump, LocalDate from, LocalDate to, int limit) throws IOException {
        return rows(PumpRows.dayRange(pump, from, to), r -> PumpRows.stats(r).map(PumpRows.DailyStats::columns), limit);
    }

    /**
     * The newest dead letters, by Kafka timestamp. Dead letters are keyed by topic, partition and
     * offset, so this reads at most {@code scanned} rows (the table's last ones) and sorts them.
     */
    List<Map<String, Object>> deadLetters(int limit, int scanned) throws IOException {
        List<PumpRows.DeadLetter> letters = new ArrayList<>();
        Scan scan = new Scan().addFamily(PumpSchema.ERROR).setReversed(true).setLimit(scanned);
        try (Table table = hbase.getTable(deadLetters); ResultScanner scanner = table.getScanner(scan)) {
            for (Result result : scanner) {
                PumpRows.deadLetter(result).ifPresent(letters::add);
            }
        }
        return letters.stream().sorted(Comparator.comparingLong(PumpRows.DeadLetter::kafkaTimestamp).reversed())
                .limit(limit).map(PumpRows.DeadLetter::columns).toList();
    }

    private <T> List<T> rows(Scan scan, Function<Result, Optional<T>> decode, int limit) throws IOException {
        List<T> rows = new ArrayList<>();
        try (Table table = hbase.getTable(sensor); ResultScanner scanner = table.getScanner(scan)) {
            for (Result result : scanner) {
                decode.apply(result).ifPresent(rows::add);
                if (rows.size() >= limit) {
                    break;
                }
            }
        }
        return rows;
    }
}
