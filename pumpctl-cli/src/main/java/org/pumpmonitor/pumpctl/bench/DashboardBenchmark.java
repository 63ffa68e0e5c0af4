package org.pumpmonitor.pumpctl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.console.PumpctlException;
import org.pumpmonitor.pumpctl.dashboard.Dashboard;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import org.pumpmonitor.pumpctl.read.Kind;
import org.pumpmonitor.pumpctl.read.Query;
import org.pumpmonitor.pumpctl.read.StoredData;
import org.pumpmonitor.pumpctl.stack.PipelineSetup;
import org.pumpmonitor.pumpctl.stack.StackAddresses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * {@code pumpctl bench dashboard}: what the dashboard costs on a long history. Fills tables of its
 * own ({@link DashboardHistory}) with PUMPS pumps and DAYS days of daily statistics each, and
 * DEAD_LETTERS dead letters over PARTITIONS partitions; then serves the dashboard in this JVM and
 * times its API, and reports this JVM's heap after GC before and after, and its peak.
 */
@Command(name = "dashboard", description = "Fills tables of its own with PUMPS pumps x DAYS days of statistics, "
        + "recent readings, alarms, episodes and dead letters (the job's converters), then times the dashboard's "
        + "API on them and reports the dashboard's heap.")
final class DashboardBenchmark extends ConsoleCommand {

    @Option(names = "--hbase.zookeeper.quorum", paramLabel = "HOST:PORT", defaultValue = LocalAddresses.ZOOKEEPER,
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;

    DashboardBenchmark(Console console) {
        super(console);
        this.out = console.out();
    }

    @Override
    public Integer call() throws Exception {
        if (pumps < 1 || days < 1 || deadLetters < 0 || partitions < 1 || requests < 1) {
            throw new IllegalArgumentException("--pumps, --days, --partitions and --requests must be at least 1");
        }
        String sensor = tables != null ? tables : BenchmarkRun.newId("dashboard");
        PumpTables pumpTables = new PumpTables(sensor, sensor + "_dead");
        Map<String, Object> figures = new LinkedHashMap<>();
        try (Connection hbase = StackAddresses.hbase(zookeeper)) {
            if (tables == null) {
                try (Admin admin = hbase.getAdmin()) {
                    pumpTables.create(admin, PumpTables.MAX_VERSIONS);
                }
                long started = System.nanoTime();
                long rows = DashboardHistory.fill(hbase, sensor, pumps, days, deadLetters, partitions);
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
                new PipelineSetup(console).dropTables(hbase, pumpTables);
            } else {
                out.println("tables kept: run again with --tables " + sensor);
            }
        }
        FiguresCsv.append(console.root().resolve(csv), MeasuredCommit.of(console.root()), "dashboard", 1, figures);
        return 0;
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
            long heapBefore = HeapUse.afterGc();
            HeapUse.resetPeaks();
            String pump = DashboardHistory.pump(0);
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
            long peak = HeapUse.peak();
            long heapAfter = HeapUse.afterGc();
            long maxHeap = Runtime.getRuntime().maxMemory();
            out.printf(Locale.ROOT, "dashboard JVM heap after GC: %,d MB before the requests, %,d MB after; "
                    + "at most %,d MB in use during them (max heap %,d MB)%n",
                    HeapUse.mb(heapBefore), HeapUse.mb(heapAfter), HeapUse.mb(peak), HeapUse.mb(maxHeap));
            figures.put("heap_before_mb", HeapUse.mb(heapBefore));
            figures.put("heap_after_mb", HeapUse.mb(heapAfter));
            figures.put("heap_peak_mb", HeapUse.mb(peak));
            figures.put("heap_max_mb", HeapUse.mb(maxHeap));
        }
        return figures;
    }

    /** A read of the whole stats family, as /api/pumps began before the pump index. */
    private Map<String, Object> scanStatsFamily(Connection hbase, String sensor) throws IOException {
        long started = System.nanoTime();
        long[] rows = {0};
        new StoredData(hbase, sensor, sensor + "_dead").forEach(Query.every(Kind.STATISTICS), row -> rows[0]++);
        long millis = (System.nanoTime() - started) / 1_000_000;
        out.printf(Locale.ROOT, "before the pump index, /api/pumps began with a scan of the stats family: %,d rows in %,d ms%n",
                rows[0], millis);
        return Map.of("old_stats_scan_rows", rows[0], "old_stats_scan_ms", millis);
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
            try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = gzip.readAllBytes();
            }
        }
        return new Answer(body, response.body().length, millis);
    }
}
