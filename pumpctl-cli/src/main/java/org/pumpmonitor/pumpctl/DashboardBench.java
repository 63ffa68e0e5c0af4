package org.pumpmonitor.pumpctl;

import org.pumpmonitor.core.hbase.FamilyCodec;
import org.pumpmonitor.core.hbase.PumpIndexCodec;
import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.DeadLetterCodec;
import org.pumpmonitor.core.hbase.EpisodeCodec;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;
import org.pumpmonitor.core.model.AlarmEventType;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;

import static org.pumpmonitor.pumpctl.Pumpctl.out;

/**
 * {@code pumpctl bench dashboard}: what the dashboard costs on a long history. Fills tables of its
 * own, through the job's converters (table sensor, dead letters and the pump index, as the job
 * writes them), with PUMPS pumps and DAYS days of daily statistics each, their last readings
 * (some pumps in alarm with an open episode, some silent), a cleared episode each, and
 * DEAD_LETTERS dead letters over PARTITIONS partitions; then serves the dashboard in this JVM and
 * times its API, and reports this JVM's heap after GC before and after, and its peak.
 */
@Command(name = "dashboard", description = "Fills tables of its own with PUMPS pumps x DAYS days of statistics, "
        + "recent readings, alarms, episodes and dead letters (the job's converters), then times the dashboard's "
        + "API on them and reports the dashboard's heap.")
final class DashboardBench implements Callable<Integer> {

    @Option(names = "--hbase.zookeeper.quorum", paramLabel = "HOST:PORT", defaultValue = LocalCluster.ZOOKEEPER,
            description = "HBase's ZooKeeper quorum (default: ${DEFAULT-VALUE}).")
    String zookeeper;

    @Option(names = "--pumps", defaultValue = "10000", description = "Pumps (default: ${DEFAULT-VALUE}).")
    int pumps;

    @Option(names = "--days", defaultValue = "365", description = "Days of statistics per pump (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--dead-letters", defaultValue = "10000", description = "Dead letters (default: ${DEFAULT-VALUE}).")
    int deadLetters;

    @Option(names = "--partitions", defaultValue = "3", description = "Kafka partitions of the dead letters (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--requests", defaultValue = "20", description = "Timed requests of each kind (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--tables", paramLabel = "NAME",
            description = "Reuse the tables of an earlier run kept with --keep (sensor table NAME) instead of filling new ones.")
    String tables;

    @Option(names = "--keep", description = "Keep the tables (to run again with --tables).")
    boolean keep;

    @Option(names = "--old-overview-scan",
            description = "Also time a scan of the whole stats family: what /api/pumps read before the pump index, "
                    + "before three scans per pump.")
    boolean oldOverviewScan;

    @Option(names = "--csv", defaultValue = "target/bench/results.csv",
            description = "Appends the figures here (default: ${DEFAULT-VALUE}).")
    Path csv;

    private static final int ALARM_EVERY = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        if (pumps < 1 || days < 1 || deadLetters < 0 || partitions < 1 || requests < 1) {
            throw new IllegalArgumentException("--pumps, --days, --partitions and --requests must be at least 1");
        }
        String sensor = tables != null ? tables
                : "bench_dashboard_" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(LocalDateTime.now());
        PumpTables pumpTables = new PumpTables(sensor, sensor + "_dead");
        Map<String, Object> figures = new LinkedHashMap<>();
        Endpoints endpoints = new Endpoints();
        endpoints.zookeeper = zookeeper;
        try (Connection hbase = endpoints.hbase()) {
            if (tables == null) {
                try (Admin admin = hbase.getAdmin()) {
                    pumpTables.create(admin, PumpTables.MAX_VERSIONS);
                }
                long started = System.nanoTime();
                long rows = fill(hbase, sensor);
                double seconds = (System.nanoTime() - started) / 1e9;
                out.printf(Locale.ROOT, "filled %s: %,d pumps x %,d days of statistics, recent readings, alarms, "
                        + "episodes, %,d dead letters: %,d rows (with the pump index) in %.0f s%n",
                        sensor, pumps, days, deadLetters, rows, seconds);
                figures.put("fill_rows", rows);
                figures.put("fill_s", Math.round(seconds));
            }
            figures.putAll(measure(hbase, sensor));
            if (oldOverviewScan) {
                figures.putAll(scanStatsFamily(hbase, sensor));
            }
            if (tables == null && !keep) {
                Bench.dropTables(hbase, pumpTables.names().toArray(String[]::new));
            } else {
                out.println("tables kept: run again with --tables " + sensor);
            }
        }
        Bench.record(csv, "dashboard", 1, figures);
        return 0;
    }

    /** Writes the history; returns the rows written (index rows included). */
    private long fill(Connection hbase, String sensor) throws IOException {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        LocalDate today = now.toLocalDate();
        try (Rows rows = new Rows(hbase, sensor)) {
            for (int p = 0; p < pumps; p++) {
                String pump = String.format(Locale.ROOT, "PUMP-%05d", p);
                for (LocalDate day = today.minusDays(days - 1L); !day.isAfter(today); day = day.plusDays(1)) {
                    boolean current = day.equals(today);
                    DailyStatistics stats = statistics(pump, day, current ? now.getHour() * 60L + now.getMinute() : 1440,
                            !current);
                    rows.sensor(StatisticsCodec.STATISTICS, stats);
                    // Of a pump's days the index keeps the newest; the earlier ones would be
                    // superseded versions, dropped when HBase flushes its memstore.
                    if (current) {
                        rows.index(PumpIndexCodec.STATISTICS, stats);
                    }
                }
                boolean inAlarm = p % ALARM_EVERY == 0;
                // Silent: its last readings three hours ago.
                LocalDateTime last = p % ALARM_EVERY == 1 ? now.minusHours(3) : now;
                for (int minute = 9; minute >= 0; minute--) {
                    long time = last.minusMinutes(minute).toInstant(ZoneOffset.UTC).toEpochMilli();
                    double psi = inAlarm && minute < 5 ? 3.0 : 80;
                    SensorReading reading = new SensorReading(pump, time, 10.2, 1.7, 880, 1.5, psi, 1.9);
                    rows.sensor(ReadingCodec.READINGS, reading).index(PumpIndexCodec.READINGS, reading);
                    if (psi < 5) {
                        LowPressureAlarm alarm = new LowPressureAlarm(pump, time, psi, 5.0);
                        rows.sensor(AlarmCodec.ALARMS, alarm).index(PumpIndexCodec.ALARMS, alarm);
                    }
                }
                Instant yesterday = now.minusDays(1).toInstant(ZoneOffset.UTC);
                AlarmEvent cleared = episode(pump, AlarmEventType.CLEARED, yesterday, yesterday.plusSeconds(600));
                rows.sensor(EpisodeCodec.EPISODES, cleared).index(PumpIndexCodec.EPISODES, cleared);
                if (inAlarm) {
                    AlarmEvent open = episode(pump, AlarmEventType.RAISED, now.minusMinutes(4).toInstant(ZoneOffset.UTC), null);
                    rows.sensor(EpisodeCodec.EPISODES, open).index(PumpIndexCodec.EPISODES, open);
                }
            }
            long newest = now.toInstant(ZoneOffset.UTC).toEpochMilli();
            for (int i = 0; i < deadLetters; i++) {
                rows.deadLetter(DeadLetter.of("pump-sensor", i % partitions, i / partitions,
                        newest - (deadLetters - i) * 1000L, ("bad line " + i).getBytes(StandardCharsets.UTF_8), "bench"));
            }
            return rows.written;
        }
    }

    /** Times the API's requests on a dashboard in this JVM; prints and returns the figures. */
    private Map<String, Object> measure(Connection hbase, String sensor) throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        HttpClient http = HttpClient.newHttpClient();
        try (Dashboard dashboard = new Dashboard(hbase, sensor, sensor + "_dead", Duration.ofMinutes(10))) {
            String url = "http://127.0.0.1:" + dashboard.start("127.0.0.1", 0);
            Answer first = get(http, url + "/api/pumps");
            int listed = JSON.readTree(first.body()).get("pumps").size();
            get(http, url + "/api/dead-letters?limit=20");
            long heapBefore = heapAfterGc();
            resetPeaks();
            String pump = String.format(Locale.ROOT, "PUMP-%05d", 0);
            Map<String, String> paths = new LinkedHashMap<>();
            paths.put("pumps", "/api/pumps");
            paths.put("dead_letters", "/api/dead-letters?limit=20");
            paths.put("stats", "/api/pumps/" + pump + "/stats");
            paths.put("readings", "/api/pumps/" + pump + "/readings");
            paths.put("episodes", "/api/pumps/" + pump + "/episodes");
            out.printf(Locale.ROOT, "the overview lists %,d pumps; %,d bytes of JSON, %,d on the wire%n",
                    listed, first.body().length, first.wireBytes());
            figures.put("pumps_listed", listed);
            figures.put("pumps_json_bytes", first.body().length);
            figures.put("pumps_wire_bytes", first.wireBytes());
            for (Map.Entry<String, String> path : paths.entrySet()) {
                long[] millis = new long[requests];
                for (int i = 0; i < requests; i++) {
                    millis[i] = get(http, url + path.getValue()).millis();
                }
                Arrays.sort(millis);
                long p50 = millis[requests / 2];
                long max = millis[requests - 1];
                out.printf(Locale.ROOT, "%-40s p50 %,5d ms, max %,5d ms over %d requests%n", path.getValue(), p50, max,
                        requests);
                figures.put(path.getKey() + "_p50_ms", p50);
                figures.put(path.getKey() + "_max_ms", max);
            }
            long peak = peakHeap();
            long heapAfter = heapAfterGc();
            long maxHeap = Runtime.getRuntime().maxMemory();
            out.printf(Locale.ROOT, "dashboard JVM heap after GC: %,d MB before the requests, %,d MB after; "
                    + "at most %,d MB in use during them (max heap %,d MB)%n",
                    mb(heapBefore), mb(heapAfter), mb(peak), mb(maxHeap));
            figures.put("heap_before_mb", mb(heapBefore));
            figures.put("heap_after_mb", mb(heapAfter));
            figures.put("heap_peak_mb", mb(peak));
            figures.put("heap_max_mb", mb(maxHeap));
        }
        return figures;
    }

    /** A scan of the whole stats family, as /api/pumps began before the pump index. */
    private static Map<String, Object> scanStatsFamily(Connection hbase, String sensor) throws IOException {
        long started = System.nanoTime();
        long rows = 0;
        try (Table table = hbase.getTable(TableName.valueOf(sensor));
                ResultScanner scanner = table.getScanner(new Scan().addFamily(PumpSchema.STATS).setCaching(1000))) {
            for (Result ignored : scanner) {
                rows++;
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        out.printf(Locale.ROOT, "before the pump index, /api/pumps began with a scan of the stats family: %,d rows in %,d ms%n",
                rows, millis);
        return Map.of("old_stats_scan_rows", rows, "old_stats_scan_ms", millis);
    }

    private record Answer(byte[] body, long wireBytes, long millis) {}

    /** One request as a browser makes it (gzip accepted); fails unless it is answered with 200. */
    private static Answer get(HttpClient http, String url) throws Exception {
        long started = System.nanoTime();
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept-Encoding", "gzip").timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (response.statusCode() != 200) {
            throw new PumpctlException(url + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        byte[] body = response.body();
        if (response.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent()) {
            try (InputStream gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                body = gzip.readAllBytes();
            }
        }
        return new Answer(body, response.body().length, millis);
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of each heap pool's peak since {@link #resetPeaks}: at least the heap's peak. */
    private static long peakHeap() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static DailyStatistics statistics(String pump, LocalDate day, long count, boolean finalResult) {
        DailyStatistics s = new DailyStatistics();
        s.pumpId = pump;
        s.day = day.toString();
        s.windowStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        s.windowEnd = s.windowStart + 86_400_000L;
        s.count = count;
        s.finalResult = finalResult;
        int n = Measure.values().length;
        s.min = new double[n];
        s.max = new double[n];
        s.avg = new double[n];
        Arrays.fill(s.min, 1.25);
        Arrays.fill(s.max, 86.5);
        Arrays.fill(s.avg, 42.75);
        return s;
    }

    private static AlarmEvent episode(String pump, AlarmEventType type, Instant start, Instant end) {
        AlarmEvent e = AlarmEvent.of(pump, type, (end == null ? start : end.plusSeconds(60)).toEpochMilli(), 3.0);
        e.start = start.toEpochMilli();
        e.end = end == null ? 0 : end.toEpochMilli();
        e.minPsi = 3.0;
        e.minPsiTime = e.start;
        e.readings = 5;
        return e;
    }

    /**
     * Buffered writers of the three tables, without the write-ahead log (a benchmark's fill; the
     * tables are flushed to their files at the end).
     */
    private static final class Rows implements AutoCloseable {
        private final Connection hbase;
        private final List<TableName> tables = new ArrayList<>();
        private final BufferedMutator sensor;
        private final BufferedMutator index;
        private final BufferedMutator deadLetters;
        private final DeadLetterCodec letters = DeadLetterCodec.DEAD_LETTERS;
        long written;

        Rows(Connection hbase, String sensorTable) throws IOException {
            this.hbase = hbase;
            this.sensor = mutator(sensorTable);
            this.index = mutator(PumpSchema.pumpIndexTable(sensorTable));
            this.deadLetters = mutator(sensorTable + "_dead");
        }

        private BufferedMutator mutator(String table) throws IOException {
            TableName name = TableName.valueOf(table);
            tables.add(name);
            return hbase.getBufferedMutator(new BufferedMutatorParams(name).writeBufferSize(8L * 1024 * 1024));
        }

        <T> Rows sensor(FamilyCodec<T, ?> codec, T record) throws IOException {
            write(sensor, codec.put(record));
            return this;
        }

        <T> Rows index(FamilyCodec<T, ?> codec, T record) throws IOException {
            write(index, codec.put(record));
            return this;
        }

        void deadLetter(DeadLetter letter) throws IOException {
            write(deadLetters, letters.put(letter));
        }

        private void write(BufferedMutator mutator, Mutation mutation) throws IOException {
            mutation.setDurability(Durability.SKIP_WAL);
            mutator.mutate(mutation);
            written++;
        }

        @Override
        public void close() throws IOException {
            sensor.close();
            index.close();
            deadLetters.close();
            try (Admin admin = hbase.getAdmin()) {
                for (TableName table : tables) {
                    admin.flush(table);
                }
            }
        }
    }
}
