package org.pumpmonitor.pumpctl;

import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.hbase.HBaseClientConfig;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.pumpctl.Cli.Result;
import org.pumpmonitor.pumpctl.flink.FlinkRest;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import org.pumpmonitor.pumpctl.local.LocalCluster;
import org.pumpmonitor.pumpctl.local.Service;
import org.pumpmonitor.pumpctl.read.Kind;
import org.pumpmonitor.pumpctl.read.Query;
import org.pumpmonitor.pumpctl.read.StoredData;
import org.pumpmonitor.simulator.Reading;
import org.pumpmonitor.simulator.SensorSimulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.pumpctl.Cli.concat;
import static org.pumpmonitor.pumpctl.local.StackFiles.deleteRecursively;
import static org.pumpmonitor.pumpctl.Cli.difference;
import static org.pumpmonitor.pumpctl.Cli.pumpctl;

/**
 * The fault matrix of docs/operations.md, "Failures", on the local stack of {@code pumpctl local up}
 * (real processes, as a user runs them). Each case runs the job under a steady simulator load,
 * injects one fault with {@code pumpctl local down [--kill] SERVICE} and {@code local up}, and then
 * compares HBase with what was sent: every reading, alarm and dead letter stored once, one version
 * per cell, exact daily statistics, and the job RUNNING. Case 1 (job after job on one
 * TaskManager) runs only with {@code -Dfault.cycles=N}.
 */
class FaultMatrixIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String DIR = "pumpctl-cli/target/it-faults";
    /** Readings per second of the load: 4 pumps over 2 days (11,520 readings) take about 77 s. */
    private static final int RATE = 150;

    private static LocalCluster cluster;

    @BeforeAll
    static void up() throws Exception {
        System.setProperty("pumpctl.root", ROOT.toString());
        pumpctl("local", "down", "--dir", DIR);
        deleteRecursively(ROOT.resolve(DIR));
        cluster = new LocalCluster(ROOT, ROOT.resolve(DIR), System.out);
        cluster.up();
    }

    @AfterAll
    static void down() throws Exception {
        List<ProcessHandle> started = cluster.processes();
        cluster.down();
        assertThat(started).noneMatch(ProcessHandle::isAlive);
    }

    /** Case 2: HBase stopped for a minute under load, then started again. */
    @Test
    void hbaseStoppedForAMinute() throws Exception {
        new Case("hbase-outage", 21).run(job -> {
            cluster.down(List.of(Service.HBASE), false);
            Thread.sleep(60_000); // the outage itself, not a wait for a condition
            cluster.up();
            return job;
        });
    }

    /**
     * Case 2b: the job cancelled while HBase is down and a sink waits in a flush (seen in the
     * TaskManager's thread dump before the cancellation); the cancellation
     * must end within Flink's task-cancellation timeout (180 s) without taking the TaskManager
     * down, and a new job resumes from the cancelled one's last checkpoint.
     */
    @Test
    void jobCancelledDuringAnHBaseOutage() throws Exception {
        Case outage = new Case("cancel-in-outage", 22);
        outage.run(job -> {
            ProcessHandle taskManager = cluster.pid(Service.FLINK_TASKMANAGER).orElseThrow();
            FlinkRest flink = new FlinkRest(LocalAddresses.FLINK_URL);
            cluster.down(List.of(Service.HBASE), false);
            // The case is a cancellation while a sink waits in a flush for the stopped HBase.
            System.out.println("cancel-in-outage: blocked in a flush: " + awaitABlockedFlush(flink, Duration.ofMinutes(2)));
            long cancelled = System.nanoTime();
            new FlinkRest(LocalAddresses.FLINK_URL).cancel(job, Duration.ofSeconds(180));
            System.out.printf("cancel-in-outage: job cancelled in %.1f s%n", (System.nanoTime() - cancelled) / 1e9);
            cluster.up();
            assertThat(cluster.pid(Service.FLINK_TASKMANAGER)).as("the TaskManager survived the cancellation")
                    .contains(taskManager);
            return outage.submit();
        });
    }

    /**
     * Waits until one sink thread is inside an HBase flush in every TaskManager thread dump over 3 s
     * (a flush to an HBase that answers takes milliseconds); returns its name.
     */
    private static String awaitABlockedFlush(FlinkRest flink, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.util.Set<String> flushing = java.util.Set.of();
        int dumps = 0;
        while (System.nanoTime() < deadline) {
            java.util.Set<String> now = new java.util.TreeSet<>(sinksInAFlush(flink));
            java.util.Set<String> still = new java.util.TreeSet<>(flushing);
            still.retainAll(now);
            flushing = still.isEmpty() ? now : still;
            dumps = still.isEmpty() ? (now.isEmpty() ? 0 : 1) : dumps + 1;
            if (dumps >= 4) {
                return String.join(", ", flushing);
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no sink was blocked in a flush (in every thread dump over 3 s) within "
                + timeout.toSeconds() + " s");
    }

    /** The names of the threads that are inside an HBase sink's flush, from every TaskManager's thread dump. */
    private static List<String> sinksInAFlush(FlinkRest flink) throws Exception {
        List<String> threads = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode taskManager : flink.get("/taskmanagers").path("taskmanagers")) {
            for (com.fasterxml.jackson.databind.JsonNode thread : flink.get("/taskmanagers/"
                    + taskManager.path("id").asText() + "/thread-dump").path("threadInfos")) {
                String stack = thread.path("stringifiedThreadInfo").asText();
                if (stack.contains("CheckpointSafeHBaseSink.flush") && stack.contains("BufferedMutatorImpl")) {
                    threads.add(thread.path("threadName").asText());
                }
            }
        }
        return threads;
    }

    /** Case 3: the TaskManager killed with SIGKILL under load, then started again. */
    @Test
    void taskManagerKilled() throws Exception {
        new Case("taskmanager-kill", 31).run(job -> {
            cluster.down(List.of(Service.FLINK_TASKMANAGER), true);
            cluster.up();
            return job;
        });
    }

    /** Case 4: the Kafka broker stopped and started again under load. */
    @Test
    void kafkaRestarted() throws Exception {
        new Case("kafka-restart", 41).run(job -> {
            cluster.down(List.of(Service.KAFKA), false);
            cluster.up();
            return job;
        });
    }

    /**
     * Case 1: job after job submitted and cancelled on one TaskManager. The HBase client of each
     * job used to leave threads and pooled direct memory behind, until a later job's sinks hung in
     * open() for good (after three or four jobs here). Every job must open its sinks and store a
     * reading within 30 s. Run with {@code -Dfault.cycles=20}. Not in the default run: the hang is
     * fixed, but back-to-back jobs can still run the TaskManager out of metaspace (see the
     * docs/operations.md, "Failures").
     */
    @Test
    void jobAfterCancelledJobOnOneTaskManagerOpensItsSinksAndStores() throws Exception {
        int cycles = Integer.getInteger("fault.cycles", 0);
        Assumptions.assumeTrue(cycles > 0, "run with -Dfault.cycles=N");
        String topic = "cycles";
        assertThat(pumpctl("setup", "--kafka.topic", topic, "--partitions", "1", "--hbase.table.sensor", "cycles_sensor",
                "--hbase.table.dead-letters", "cycles_dead_letters").code()).isZero();
        FlinkRest flink = new FlinkRest(LocalAddresses.FLINK_URL);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", LocalAddresses.KAFKA_BOOTSTRAP),
                        new StringSerializer(), new StringSerializer());
                Connection hbase = ConnectionFactory.createConnection(
                        HBaseClientConfig.configuration(LocalAddresses.ZOOKEEPER));
                Table table = hbase.getTable(TableName.valueOf("cycles_sensor"))) {
            for (int cycle = 1; cycle <= cycles; cycle++) {
                long started = System.nanoTime();
                Result submit = pumpctl("submit", "--", "--kafka.topic", topic, "--kafka.group-id", "cycle-" + cycle,
                        "--hbase.table.sensor", "cycles_sensor", "--hbase.table.dead-letters", "cycles_dead_letters",
                        "--job.name", "cycle-" + cycle);
                assertThat(submit.code()).as(submit.err()).isZero();
                String job = submit.out().strip();
                LocalDateTime time = LocalDateTime.of(2014, 3, 10, 0, 0).plusMinutes(cycle);
                producer.send(new ProducerRecord<>(topic, "CYCLE",
                        String.format("CYCLE,3/10/14,%d:%02d,10,2,900,1,80,1", time.getHour(), time.getMinute())));
                producer.flush();
                byte[] row = PumpSchema.readingRowKey("CYCLE", time.toInstant(ZoneOffset.UTC).toEpochMilli());
                long deadline = started + 30_000_000_000L;
                while (!table.exists(new Get(row))) {
                    assertThat(System.nanoTime()).as("job %d of %d stored its reading within 30 s of submission",
                            cycle, cycles).isLessThan(deadline);
                    Thread.sleep(200);
                }
                flink.cancel(job, Duration.ofSeconds(60));
            }
        }
    }

    /** A fault to inject into a running job while the load runs; returns the job that runs afterwards. */
    @FunctionalInterface
    private interface Fault {
        String inject(String job) throws Exception;
    }

    /** One case: its own topic, consumer group, tables and job, so that cases do not see each other. */
    private static final class Case {
        private final String name;
        private final String sensorTable;
        private final String deadLetterTable;
        private final String[] load;

        Case(String name, int seed) {
            this.name = name;
            this.sensorTable = name.replace('-', '_') + "_sensor";
            this.deadLetterTable = name.replace('-', '_') + "_dead_letters";
            this.load = new String[] {"--kafka.topic", name, "--pumps", "4", "--start", "2014-03-10T00:00",
                "--duration", "2 d", "--low-pressure", "6", "--malformed", "9", "--duplicates", "20",
                "--seed", Integer.toString(seed), "--quiet"};
        }

        void run(Fault fault) throws Exception {
            FlinkRest flink = new FlinkRest(LocalAddresses.FLINK_URL);
            try (Connection hbase = ConnectionFactory.createConnection(
                    HBaseClientConfig.configuration(LocalAddresses.ZOOKEEPER)); Admin admin = hbase.getAdmin()) {
                // Ten versions per cell, so that a replay writing a cell with another timestamp shows.
                new PumpTables(sensorTable, deadLetterTable).create(admin, 10);
            }
            Result setup = pumpctl("setup", "--kafka.topic", name, "--hbase.table.sensor", sensorTable,
                    "--hbase.table.dead-letters", deadLetterTable);
            assertThat(setup.code()).as(setup.err()).isZero();
            String job = submit();
            try {
                ByteArrayOutputStream simulatorOutput = new ByteArrayOutputStream();
                PrintStream simulatorStream = new PrintStream(simulatorOutput, true, StandardCharsets.UTF_8);
                CompletableFuture<Integer> simulator = CompletableFuture.supplyAsync(() -> SensorSimulator.run(
                        simulatorStream, simulatorStream, concat(load,
                                "--kafka.bootstrap-servers", LocalAddresses.KAFKA_BOOTSTRAP, "--rate", Integer.toString(RATE))));

                // The fault strikes while readings flow into HBase.
                await("the first 600 readings stored", Duration.ofMinutes(2), () -> rows(Kind.READINGS).size() >= 600);
                long faultStarted = System.nanoTime();
                job = fault.inject(job);
                System.out.printf("%s: fault injected and cleared in %.1f s%n", name,
                        (System.nanoTime() - faultStarted) / 1e9);
                assertThat(simulator.get(5, TimeUnit.MINUTES)).as(simulatorOutput.toString(StandardCharsets.UTF_8))
                        .isZero();

                Expected expected = expected();
                await("every reading and final statistics stored", Duration.ofMinutes(4), () ->
                        rows(Kind.READINGS).size() >= expected.readings.size()
                                && stats().equals(expected.stats));
                check(expected);
                assertThat(flink.state(job)).isEqualTo("RUNNING");
                System.out.printf("%s: %d readings, %d alarms, %d dead letters and %d pump-days stored exactly%n",
                        name, expected.readings.size(), expected.alarms.size(), expected.deadLetters,
                        expected.stats.size());
            } finally {
                if (!List.of("CANCELED", "FINISHED", "FAILED").contains(flink.state(job))) {
                    flink.cancel(job, Duration.ofSeconds(60));
                }
            }
        }

        /** Submits the case's job, resuming from the newest state of an earlier one; returns its id. */
        String submit() {
            Result submit = pumpctl("submit", "--", "--kafka.topic", name, "--kafka.group-id", name,
                    "--hbase.table.sensor", sensorTable, "--hbase.table.dead-letters", deadLetterTable,
                    "--job.name", name, "--checkpoint.interval", "2 s", "--stats.early-firing-interval", "2 s");
            assertThat(submit.code()).as(submit.err()).isZero();
            return submit.out().strip();
        }

        /** What the job should store: the simulator's dry run of the same load, read as the job reads it. */
        private Expected expected() {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            PrintStream stream = new PrintStream(lines, true, StandardCharsets.UTF_8);
            assertThat(SensorSimulator.run(stream, System.err, concat(load, "--dry-run"))).isZero();
            Map<String, Double> readings = new TreeMap<>();
            Map<String, Double> alarms = new TreeMap<>();
            Map<String, List<Double>> psiByDay = new TreeMap<>();
            long deadLetters = 0;
            for (String line : lines.toString(StandardCharsets.UTF_8).lines().toList()) {
                Reading r = Cli.storedReading(line);
                if (r == null) {
                    deadLetters++;
                    continue;
                }
                String key = Cli.key(r);
                // A duplicate is stored once.
                if (readings.put(key, r.psi()) != null) {
                    continue;
                }
                if (r.psi() < 5) {
                    alarms.put(key, r.psi());
                }
                psiByDay.computeIfAbsent(r.pump() + "@" + r.time().toLocalDate(), k -> new java.util.ArrayList<>())
                        .add(r.psi());
            }
            Map<String, String> stats = new TreeMap<>();
            psiByDay.forEach((day, psi) -> stats.put(day, String.format("count=%d min=%s max=%s final=%s",
                    psi.size(), psi.stream().min(Double::compare).orElseThrow(),
                    psi.stream().max(Double::compare).orElseThrow(), day.endsWith("2014-03-10"))));
            assertThat(readings).hasSize(2 * 4 * 1440);
            assertThat(deadLetters).isGreaterThanOrEqualTo(9);
            return new Expected(readings, alarms, deadLetters, stats);
        }

        private void check(Expected expected) throws Exception {
            Map<String, Double> readings = new TreeMap<>();
            for (Map<String, String> r : rows(Kind.READINGS)) {
                assertThat(readings.put(r.get("pump") + "@" + r.get("time"), Double.parseDouble(r.get("psi"))))
                        .as("reading stored twice").isNull();
            }
            assertThat(difference(readings, expected.readings)).as("readings stored but not sent, or sent but not stored")
                    .isEmpty();
            Map<String, Double> alarms = new TreeMap<>();
            rows(Kind.ALARMS).forEach(a -> alarms.put(a.get("pump") + "@" + a.get("time"),
                    Double.parseDouble(a.get("psi"))));
            assertThat(difference(alarms, expected.alarms)).as("alarms stored but not due, or due but not stored")
                    .isEmpty();
            assertThat(rows(Kind.DEAD_LETTERS)).hasSize((int) expected.deadLetters);
            assertThat(difference(stats(), expected.stats)).isEmpty();
            assertThat(cellsWithMoreThanOneVersion(sensorTable)).isEmpty();
            assertThat(cellsWithMoreThanOneVersion(deadLetterTable)).isEmpty();
        }

        /** Each pump-day's statistics as count, psi minimum and maximum, and whether the day is final. */
        private Map<String, String> stats() throws Exception {
            Map<String, String> stats = new TreeMap<>();
            for (Map<String, String> s : rows(Kind.STATISTICS)) {
                stats.put(s.get("pump") + "@" + s.get("day"), String.format("count=%s min=%s max=%s final=%s",
                        s.get("count"), Double.parseDouble(s.get(Bytes.toString(PumpSchema.min(Measure.PSI)))),
                        Double.parseDouble(s.get(Bytes.toString(PumpSchema.max(Measure.PSI)))), s.get("final")));
            }
            return stats;
        }

        private List<Map<String, String>> rows(Kind kind) throws Exception {
            try (Connection hbase = ConnectionFactory.createConnection(HBaseClientConfig.failFast(
                    HBaseClientConfig.configuration(LocalAddresses.ZOOKEEPER)))) {
                // As text, as pumpctl query prints them.
                return new StoredData(hbase, sensorTable, deadLetterTable).rows(Query.every(kind))
                        .stream().map(row -> {
                            Map<String, String> text = new java.util.LinkedHashMap<>();
                            row.forEach((k, v) -> text.put(k, String.valueOf(v)));
                            return text;
                        }).toList();
            }
        }

        private List<String> cellsWithMoreThanOneVersion(String table) throws Exception {
            Map<String, Integer> versions = new TreeMap<>();
            try (Connection hbase = ConnectionFactory.createConnection(
                            HBaseClientConfig.configuration(LocalAddresses.ZOOKEEPER));
                    Table t = hbase.getTable(TableName.valueOf(table));
                    ResultScanner scanner = t.getScanner(new Scan().readAllVersions())) {
                for (org.apache.hadoop.hbase.client.Result result : scanner) {
                    for (Cell cell : result.listCells()) {
                        versions.merge(Bytes.toStringBinary(CellUtil.cloneRow(cell)) + "/"
                                + Bytes.toString(CellUtil.cloneFamily(cell)) + ":"
                                + Bytes.toString(CellUtil.cloneQualifier(cell)), 1, Integer::sum);
                    }
                }
            }
            return versions.entrySet().stream().filter(e -> e.getValue() > 1)
                    .map(e -> e.getKey() + " x" + e.getValue()).toList();
        }
    }

    private record Expected(Map<String, Double> readings, Map<String, Double> alarms, long deadLetters,
                            Map<String, String> stats) {}

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls the condition every second; a failing read counts as not yet. */
    private static void await(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what, last);
    }
}
