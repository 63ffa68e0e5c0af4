package org.pumpmonitor.pumpctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.process.ChildProcess;
import org.pumpmonitor.pumpctl.Cli.Result;
import org.pumpmonitor.pumpctl.flink.FlinkRest;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import org.pumpmonitor.pumpctl.local.LocalCluster;
import org.pumpmonitor.pumpctl.local.Service;
import org.pumpmonitor.pumpctl.metrics.PrometheusScrape;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.pumpctl.Cli.concat;
import static org.pumpmonitor.pumpctl.local.StackFiles.deleteRecursively;
import static org.pumpmonitor.pumpctl.Cli.difference;
import static org.pumpmonitor.pumpctl.Cli.key;
import static org.pumpmonitor.pumpctl.Cli.pumpctl;

/**
 * The real thing, as a user runs it: a local Kafka, HBase and Flink session cluster as processes,
 * the job jar submitted through the REST API, stopped with a savepoint and resumed from it (found by
 * {@code submit} itself) with
 * another parallelism, the data read back with {@code pumpctl query}.
 */
class PumpctlIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String DIR = "pumpctl-cli/target/it-local";
    private static final String[] FIRST_DAY = {"--pumps", "4", "--start", "2014-03-10T00:00", "--duration", "1 d",
        "--low-pressure", "6", "--malformed", "9", "--seed", "7"};
    private static final String[] SECOND_DAY = {"--pumps", "4", "--start", "2014-03-11T00:00", "--duration", "1 d",
        "--low-pressure", "6", "--seed", "8"};

    @BeforeAll
    static void up() throws Exception {
        System.setProperty("pumpctl.root", ROOT.toString());
        // A fresh stack: data left by an earlier run would count twice.
        pumpctl("local", "down", "--dir", DIR);
        deleteRecursively(ROOT.resolve(DIR));
        Result up = pumpctl("local", "up", "--dir", DIR);
        assertThat(up.code()).as(up.err() + up.out()).isZero();
    }

    @AfterAll
    static void down() {
        assertThat(Cli.stopStack(ROOT, DIR).processes()).isEmpty();
    }

    @Test
    void everyReadingExactlyOnceAcrossAStopWithSavepointAndARescale() throws Exception {
        assertThat(pumpctl("local", "status", "--dir", DIR).code()).isZero();
        Result setup = pumpctl("setup");
        assertThat(setup.code()).as(setup.err()).isZero();
        assertThat(pumpctl("setup").out()).contains("already exist");
        // Another writer's row in the same table (the seed design's key format): query and demo skip it.
        try (org.apache.hadoop.hbase.client.Connection hbase = org.apache.hadoop.hbase.client.ConnectionFactory
                .createConnection(org.pumpmonitor.core.hbase.HBaseClientConfig.configuration(LocalAddresses.ZOOKEEPER));
                org.apache.hadoop.hbase.client.Table sensor = hbase.getTable(
                        org.apache.hadoop.hbase.TableName.valueOf("sensor"))) {
            sensor.put(new org.apache.hadoop.hbase.client.Put("PUMP00000_3/10/14 0:00".getBytes())
                    .addColumn("data".getBytes(), "psi".getBytes(), "1.0".getBytes())
                    .addColumn("alert".getBytes(), "psi".getBytes(), "1.0".getBytes()));
        }

        Result submit = pumpctl("submit", "--", "--stats.early-firing-interval", "2 s", "--checkpoint.interval", "2 s");
        assertThat(submit.code()).as(submit.err()).isZero();
        String firstJob = submit.out().strip();
        assertThat(firstJob).matches("[0-9a-f]{32}");
        assertThat(new FlinkRest(LocalAddresses.FLINK_URL).get("/jars").path("files")).as("uploaded jars left").isEmpty();
        Result again = pumpctl("submit", "--unless-running");
        assertThat(again.out().strip()).as(again.err()).isEqualTo(firstJob);

        assertThat(pumpctl(concat(new String[] {"simulate", "--quiet"}, FIRST_DAY)).code()).isZero();
        awaitReadings(4 * 1440);
        jobMetricsAreServedForPrometheusAndStatus(firstJob, 4 * 1440);
        // The Kafka and HBase clients and the connectors come from Flink's lib/ (the job jar's libraries on
        // the local Flink's classpath, flink-conf's parent-first patterns): a job's own class loader
        // defines only the project's classes, about 500, not the 4,000 of a job that loads them all.
        assertThat(jobClassLoaders(false).values()).as("classes each job's class loader defined").isNotEmpty()
                .allSatisfy(classes -> assertThat(classes).isBetween(100, 1500));

        Result stop = pumpctl("stop");
        assertThat(stop.code()).as(stop.err()).isZero();
        String savepoint = stop.out().strip();
        assertThat(savepoint).contains("savepoint-");
        assertThat(pumpctl("jobs").out()).contains(firstJob + "  FINISHED");
        java.util.Set<String> loadersBefore = jobClassLoaders(true).keySet();

        assertThat(pumpctl(concat(new String[] {"simulate", "--quiet"}, SECOND_DAY)).code()).isZero();
        // No --from-savepoint: submit finds the stopped job's savepoint by its topic and group.
        Result resume = pumpctl("submit", "--parallelism", "1",
                "--", "--stats.early-firing-interval", "2 s", "--checkpoint.interval", "2 s");
        assertThat(resume.code()).as(resume.err()).isZero();
        assertThat(resume.err()).contains("resuming from " + savepoint);
        awaitReadings(2 * 4 * 1440);
        java.util.Set<String> secondJobLoader = new java.util.TreeSet<>(jobClassLoaders(false).keySet());
        secondJobLoader.removeAll(loadersBefore);
        assertThat(secondJobLoader).as("the class loader of the resumed job").hasSize(1);

        // The readings: exactly the ones sent, once each (the simulator's dry run says which).
        Map<String, Double> expected = new TreeMap<>();
        for (String[] run : List.of(FIRST_DAY, SECOND_DAY)) {
            Result lines = pumpctl(concat(new String[] {"simulate", "--dry-run", "--quiet"}, run));
            // Malformed lines whose fields still parse here (a bad pump id, NaN, infinity) are
            // dead letters for the job.
            lines.out().lines().map(Cli::storedReading).filter(java.util.Objects::nonNull)
                    .forEach(r -> assertThat(expected.put(key(r), r.psi())).isNull());
        }
        assertThat(expected).hasSize(2 * 4 * 1440);
        JsonNode readings = query("readings");
        Map<String, Double> stored = new TreeMap<>();
        for (JsonNode r : readings) {
            assertThat(stored.put(r.get("pump").asText() + "@" + r.get("time").asText(), r.get("psi").asDouble()))
                    .as("reading stored twice").isNull();
        }
        assertThat(difference(stored, expected)).as("readings stored but not sent, or sent but not stored").isEmpty();

        // The alarms: exactly the low-pressure readings.
        Map<String, Double> alarms = new TreeMap<>();
        query("alarms").forEach(a -> alarms.put(a.get("pump").asText() + "@" + a.get("time").asText(),
                a.get("psi").asDouble()));
        Map<String, Double> low = new TreeMap<>();
        expected.forEach((k, psi) -> {
            if (psi < 5) {
                low.put(k, psi);
            }
        });
        assertThat(low).hasSizeGreaterThanOrEqualTo(2 * 6 * 3);
        assertThat(difference(alarms, low)).as("alarms stored but not due, or due but not stored").isEmpty();

        // The statistics: every pump-day counts each reading once; the first day becomes final once
        // the second day's readings move the watermark past its end.
        Map<String, JsonNode> stats = awaitStats(s -> s.get("day").asText().equals("2014-03-11")
                || s.get("final").asBoolean());
        assertThat(stats).hasSize(2 * 4);
        stats.forEach((k, s) -> assertThat(s.get("count").asLong()).as(k).isEqualTo(1440));
        stats.entrySet().stream().filter(e -> e.getKey().endsWith("2014-03-10"))
                .forEach(e -> assertThat(e.getValue().get("final").asBoolean()).as(e.getKey()).isTrue());

        assertThat(query("dead-letters")).hasSize(9);

        // The low-pressure episodes: each once across the stop and the resume, as computed here
        // from the readings sent (raise on the first under 5, clear after two at 5.5 or more).
        Map<String, String> episodes = new TreeMap<>();
        String pump = null;
        String start = null;
        int recovered = 0;
        for (Map.Entry<String, Double> r : expected.entrySet()) {
            String[] pumpAndTime = r.getKey().split("@");
            if (!pumpAndTime[0].equals(pump)) {
                if (start != null) {
                    episodes.put(pump + "@" + start, "open");
                }
                pump = pumpAndTime[0];
                start = null;
            }
            if (r.getValue() < 5) {
                recovered = 0;
                start = start == null ? pumpAndTime[1] : start;
            } else if (start != null && r.getValue() >= 5.5 && ++recovered == 2) {
                episodes.put(pump + "@" + start, "cleared");
                start = null;
                recovered = 0;
            } else if (start != null && r.getValue() < 5.5) {
                recovered = 0;
            }
        }
        if (start != null) {
            episodes.put(pump + "@" + start, "open");
        }
        assertThat(episodes).hasSizeGreaterThanOrEqualTo(6);
        Map<String, String> storedEpisodes = new TreeMap<>();
        query("episodes").forEach(e -> storedEpisodes.put(e.get("pump").asText() + "@" + e.get("start").asText(),
                e.get("state").asText()));
        assertThat(storedEpisodes).isEqualTo(episodes);

        Result stopAgain = pumpctl("stop");
        assertThat(stopAgain.code()).as(stopAgain.err()).isZero();
        theTaskManagerUnloadsTheStoppedJobsClasses(secondJobLoader.iterator().next());
    }

    /**
     * While the job runs: the Prometheus endpoints of the JobManager and the TaskManager (the reporter
     * loaded as a plugin) serve the job's own metrics and every metric the Grafana dashboard of docker/
     * queries, and {@code local status} prints the key figures from them.
     */
    private static void jobMetricsAreServedForPrometheusAndStatus(String job, int readings) throws Exception {
        PrometheusScrape taskManager = PrometheusScrape.of(LocalAddresses.TASKMANAGER_METRICS);
        PrometheusScrape jobManager = PrometheusScrape.of(LocalAddresses.JOBMANAGER_METRICS);
        java.util.function.Predicate<PrometheusScrape.Sample> ofJob = sample -> sample.label("job_id").equals(job);
        assertThat(taskManager.sum("flink_taskmanager_job_task_operator_readingsParsed", ofJob)).isEqualTo(readings);
        assertThat(taskManager.sum("flink_taskmanager_job_task_operator_deadLetters", ofJob)).isEqualTo(9);
        assertThat(taskManager.sum("flink_taskmanager_job_task_operator_alarmsRaised", ofJob)).isPositive();
        assertThat(jobManager.sum("flink_jobmanager_job_uptime", ofJob)).isPositive();
        java.util.Set<String> served = new java.util.TreeSet<>(taskManager.names());
        served.addAll(jobManager.names());
        assertThat(served).as("metrics of the Grafana dashboard").containsAll(DockerStackTest.dashboardMetrics());

        Result status = pumpctl("local", "status", "--dir", DIR);
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains("job pump_monitor (" + job + ")")
                .containsPattern("readings parsed +" + String.format("%,d", readings) + " ")
                .containsPattern("dead letters +9\\b");
    }

    /**
     * Once Flink releases a stopped job's class loader, a full GC of the TaskManager unloads the
     * job's classes: nothing that outlives the job (a thread, a static, a JVM-wide registry) keeps
     * them. Each job would otherwise leave its classes' metaspace behind on a session cluster. (The
     * first job of a TaskManager can stay: the clients on Flink's lib/ make some static state under
     * its frames, such as Netty's pre-made exceptions, whose stack traces keep its classes; so the
     * job checked here is not the first.)
     */
    private static void theTaskManagerUnloadsTheStoppedJobsClasses(String loader) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (jobClassLoaders(true).containsKey(loader) && System.nanoTime() < deadline) {
            Thread.sleep(1000); // Flink releases the class loader shortly after the job ends: polled
        }
        assertThat(jobClassLoaders(true)).as("the TaskManager's job class loaders after full GCs").doesNotContainKey(loader);
    }

    /** The TaskManager's job class loaders (their ClassLoaderData, which stays put) and how many classes each defined. */
    private static Map<String, Integer> jobClassLoaders(boolean fullGcFirst) throws Exception {
        long pid = new LocalCluster(ROOT, ROOT.resolve(DIR), System.out).running().get("flink-taskmanager").pid();
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        if (fullGcFirst) {
            for (String command : List.of("GC.run", "GC.run_finalization", "GC.run")) {
                ChildProcess.run(List.of(jcmd, Long.toString(pid), command), Duration.ofSeconds(60));
            }
        }
        Map<String, Integer> loaders = new TreeMap<>();
        ChildProcess.run(List.of(jcmd, Long.toString(pid), "VM.classloader_stats"), Duration.ofSeconds(60))
                .output().lines()
                .filter(line -> line.strip().endsWith("org.apache.flink.util.ChildFirstClassLoader"))
                .map(line -> line.strip().split("\\s+"))
                .forEach(columns -> loaders.put(columns[2], Integer.parseInt(columns[3])));
        return loaders;
    }

    /** Kafka, HBase (its ZooKeeper too), Flink and its metrics: nothing of the stack listens beyond loopback. */
    @Test
    void everyServiceListensOnLoopbackOnly() throws Exception {
        List<ProcessHandle> stack = new LocalCluster(ROOT, ROOT.resolve(DIR), System.out).processes();
        assertThat(stack).hasSize(new LocalCluster(ROOT, ROOT.resolve(DIR), System.out).services().size());
        Map<Integer, java.net.InetAddress> listening = new TreeMap<>();
        for (ProcessHandle process : stack) {
            listening.putAll(Cli.listeningSockets(process.pid()));
        }
        assertThat(listening.keySet()).as("ports of the stack").contains(9092, 9093, 2181, 16000, 16020, 8081, 6123,
                9249, 9250);
        assertThat(listening).allSatisfy((port, address) ->
                assertThat(address.isLoopbackAddress()).as("port %d listens on %s", port, address).isTrue());
    }

    /**
     * Each benchmark runs on the stack, prints its figures, appends them to its CSV file, and
     * leaves no table or topic behind. (What they measure is not asserted: no timed tests.)
     */
    @Test
    void benchmarksMeasureOnTheStackAndRemoveWhatTheyCreate() throws Exception {
        Path csv = ROOT.resolve("pumpctl-cli/target/it-bench.csv");
        Files.deleteIfExists(csv);
        String[] common = {"--pumps", "10", "--parallelism", "1", "--stack-dir", DIR, "--csv", csv.toString()};

        Result drain = pumpctl(concat(new String[] {"bench", "drain", "--readings", "2000"}, common));
        assertThat(drain.code()).as(drain.err() + drain.out()).isZero();
        assertThat(drain.out()).containsPattern("pass 1: first row .* readings/s first -> all, .* readings/s submit "
                + "-> all; 2,000 rows stored; stack resident peak [1-9][0-9,]* MB");

        Result writer = pumpctl(concat(new String[] {"bench", "writer", "--readings", "2000"}, common));
        assertThat(writer.code()).as(writer.err() + writer.out()).isZero();
        assertThat(writer.out()).containsPattern("pass 1: 2,000 readings \\(20 alarms\\) written in .* readings/s");

        Result latency = pumpctl(concat(new String[] {"bench", "latency", "--rate", "200", "--seconds", "3",
            "--warm-up", "1"}, common));
        assertThat(latency.code()).as(latency.err() + latency.out()).isZero();
        assertThat(latency.out()).containsPattern("pass 1: 200 readings/s, [1-9][0-9]* probes: alarm readable p50 ");

        Result state = pumpctl(concat(new String[] {"bench", "state", "--pump-counts", "50", "--minutes", "3"}, common));
        assertThat(state.code()).as(state.err() + state.out()).isZero();
        assertThat(state.out()).containsPattern("50 pumps, 150 readings: keyed state .* [1-9][0-9,]* bytes per pump");

        List<String[]> figures = Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#"))
                .map(l -> l.split(",")).toList();
        assertThat(figures).extracting(f -> f[2]).containsExactly("drain", "writer", "latency", "state");
        assertThat(figures).extracting(f -> f[1]).allMatch(c -> c.matches("[0-9a-f]{12}(\\+changes)?"),
                "the commit measured");
        try (org.apache.hadoop.hbase.client.Connection hbase = org.apache.hadoop.hbase.client.ConnectionFactory
                .createConnection(org.pumpmonitor.core.hbase.HBaseClientConfig.configuration(LocalAddresses.ZOOKEEPER));
                org.apache.hadoop.hbase.client.Admin admin = hbase.getAdmin();
                org.apache.kafka.clients.admin.Admin kafka = org.apache.kafka.clients.admin.Admin.create(
                        java.util.Map.of("bootstrap.servers", LocalAddresses.KAFKA_BOOTSTRAP))) {
            assertThat(admin.listTableNames(java.util.regex.Pattern.compile("bench_.*"))).isEmpty();
            assertThat(kafka.listTopics().names().get()).noneMatch(t -> t.startsWith("bench_"));
        }
    }

    private static void awaitReadings(int count) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        int stored = 0;
        while (System.nanoTime() < deadline) {
            stored = query("readings").size();
            if (stored >= count) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("only " + stored + " of " + count + " readings stored after 3 minutes");
    }

    /** The statistics rows once there are eight of them and all satisfy the condition (or after a minute). */
    private static Map<String, JsonNode> awaitStats(java.util.function.Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Map<String, JsonNode> stats = new HashMap<>();
        do {
            stats.clear();
            query("stats").forEach(s -> stats.put(s.get("pump").asText() + "@" + s.get("day").asText(), s));
            if (stats.size() == 8 && stats.values().stream().allMatch(condition)) {
                break;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        return stats;
    }

    private static JsonNode query(String what) throws Exception {
        Result result = pumpctl("query", what, "--format", "json", "--limit", "1000000");
        assertThat(result.code()).as(result.err()).isZero();
        return new ObjectMapper().readTree(result.out());
    }
}
