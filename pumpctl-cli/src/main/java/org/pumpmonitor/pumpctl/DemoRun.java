package org.pumpmonitor.pumpctl;

import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.KeyOnlyFilter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.pumpmonitor.core.state.SavedStates;
import org.pumpmonitor.core.hbase.HBaseClientConfig;
import org.pumpmonitor.core.hbase.PumpRows;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.simulator.SensorSimulator;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** {@code pumpctl demo}: the local stack, the job and the simulator, with a live view. */
final class DemoRun {

    static final String TOPIC = "pump-sensor";
    static final String GROUP = "pump-monitor";

    private final DemoCommand options;
    private final PrintStream out = Pumpctl.out;
    private final AtomicBoolean stopping = new AtomicBoolean();

    DemoRun(DemoCommand options) {
        this.options = options;
    }

    /**
     * Where an earlier demo left off: the newest state the cluster remembers for the demo's topic
     * and group or, after the stack was restarted, the newest savepoint or retained checkpoint in
     * its directories, which only demos and the user's own jobs on this stack write.
     */
    private String resumeFrom(LocalCluster cluster, List<String> jobOptions) throws Exception {
        String known = JobSubmission.newestState(LocalCluster.FLINK_URL, jobOptions);
        if (known != null) {
            return known;
        }
        Path flink = cluster.dir().resolve("flink");
        List<String> newest = SavedStates.newest(3, 
                flink.resolve("savepoints").toString(), flink.resolve("checkpoints").toString());
        if (!newest.isEmpty()) {
            out.println("== resuming from " + newest.get(0));
            return newest.get(0);
        }
        return null;
    }

    int run() throws Exception {
        long start = System.nanoTime();
        Path root = Pumpctl.root();
        LocalCluster cluster = new LocalCluster(root, root.resolve(options.dir), out);
        out.println("== starting Kafka, HBase and Flink (logs in " + cluster.dir() + ")");
        cluster.up();
        PipelineSetup.setUp(LocalCluster.KAFKA_BOOTSTRAP, TOPIC, 3, LocalCluster.ZOOKEEPER,
                PumpSchema.DEFAULT_SENSOR_TABLE, PumpSchema.DEFAULT_DEAD_LETTER_TABLE);

        FlinkRest flink = new FlinkRest(LocalCluster.FLINK_URL);
        List<String> jobOptions = List.of(
                "--kafka.bootstrap-servers", LocalCluster.KAFKA_BOOTSTRAP,
                "--hbase.zookeeper.quorum", LocalCluster.ZOOKEEPER,
                "--checkpoint.interval", "5 s",
                "--stats.early-firing-interval", "5 s");
        String jobId = JobSubmission.submit(
                LocalCluster.FLINK_URL, null, null, resumeFrom(cluster, jobOptions), jobOptions);
        flink.awaitState(jobId, java.time.Duration.ofSeconds(60), "RUNNING");
        out.println("== job " + jobId + " is running; Flink web UI: " + LocalCluster.FLINK_URL);

        Thread simulator = startSimulator();
        Thread onCtrlC = new Thread(() -> {
            stopping.set(true);
            shutDown(flink, jobId, cluster);
        });
        Runtime.getRuntime().addShutdownHook(onCtrlC);

        double firstAlarmSeconds = -1;
        try (Connection hbase = org.apache.hadoop.hbase.client.ConnectionFactory.createConnection(
                        HBaseClientConfig.configuration(LocalCluster.ZOOKEEPER));
                Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalCluster.KAFKA_BOOTSTRAP));
                Dashboard dashboard = new Dashboard(hbase, PumpSchema.DEFAULT_SENSOR_TABLE,
                        PumpSchema.DEFAULT_DEAD_LETTER_TABLE, java.time.Duration.ofMinutes(10))) {
            try {
                int port = dashboard.start("127.0.0.1", options.dashboardPort);
                out.println("== dashboard: http://127.0.0.1:" + port + "/ (follows the data live)");
            } catch (RuntimeException e) {
                out.println("== no dashboard: port " + options.dashboardPort + " is taken (--dashboard-port N)");
            }
            View previous = null;
            int stableSeconds = 0;
            while (!stopping.get()) {
                View view = view(hbase, kafka);
                if (firstAlarmSeconds < 0 && view.alarms > 0) {
                    firstAlarmSeconds = (System.nanoTime() - start) / 1e9;
                }
                print(view);
                if (options.exitWhenDone && !simulator.isAlive() && view.caughtUp && view.equals(previous)) {
                    if (++stableSeconds >= 3) {
                        break;
                    }
                } else {
                    stableSeconds = 0;
                }
                previous = view;
                Thread.sleep(1000);
            }
            if (stopping.get()) {
                return 0;
            }
            out.println("== done: everything sent is stored");
            print(view(hbase, kafka));
            if (firstAlarmSeconds >= 0) {
                out.printf("first alarm stored %.1f s after the demo started%n", firstAlarmSeconds);
            }
            out.println("== daily statistics");
            Query.print(new Query(hbase, PumpSchema.DEFAULT_SENSOR_TABLE, PumpSchema.DEFAULT_DEAD_LETTER_TABLE)
                    .rows(Query.Kind.STATS, null, null, null, 1000).stream()
                    .map(DemoRun::statsSummary).toList(), Query.Format.TABLE, out);
        }
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
        shutDown(flink, jobId, cluster);
        return 0;
    }

    private Thread startSimulator() {
        List<String> args = new ArrayList<>(List.of("--kafka.bootstrap-servers", LocalCluster.KAFKA_BOOTSTRAP,
                "--kafka.topic", TOPIC, "--quiet", "--rate", String.valueOf(options.rate)));
        if (options.replay != null) {
            args.addAll(List.of("--replay", options.replay.toAbsolutePath().toString()));
        } else {
            args.addAll(List.of("--pumps", String.valueOf(options.pumps),
                    "--low-pressure", "0.003", "--malformed", "0.001"));
            if (options.count > 0) {
                args.addAll(List.of("--count", String.valueOf(options.count)));
            }
        }
        AtomicInteger exit = new AtomicInteger();
        Thread thread = new Thread(() -> {
            exit.set(SensorSimulator.run(new PrintStream(OutputStream.nullOutputStream()), Pumpctl.err,
                    args.toArray(String[]::new)));
        }, "simulator");
        thread.setDaemon(true);
        thread.start();
        out.println("== simulator: " + String.join(" ", args));
        return thread;
    }

    private void shutDown(FlinkRest flink, String jobId, LocalCluster cluster) {
        try {
            out.println("== stopping the job with a savepoint: " + flink.stopWithSavepoint(jobId, null));
        } catch (Exception e) {
            out.println("== could not stop the job with a savepoint: " + e.getMessage());
        }
        try {
            out.println("== stopping Kafka, HBase and Flink");
            cluster.down();
        } catch (Exception e) {
            out.println("== could not stop everything: " + e.getMessage() + "; run ./pumpctl local down");
        }
    }

    /** What the live view shows. */
    record View(long sent, boolean caughtUp, long readings, long alarms, long days, long deadLetters,
                List<String> newestAlarms) {}

    private static View view(Connection hbase, Admin kafka) throws Exception {
        long sent = 0;
        boolean caughtUp = true;
        try {
            Map<TopicPartition, OffsetSpec> latest = kafka.describeTopics(List.of(TOPIC)).allTopicNames()
                    .get(5, TimeUnit.SECONDS).get(TOPIC).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(TOPIC, p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = kafka.listOffsets(latest).all().get(5, TimeUnit.SECONDS).entrySet()
                    .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                sent += end.getValue();
                OffsetAndMetadata done = committed.get(end.getKey());
                caughtUp &= end.getValue() == 0 || (done != null && done.offset() >= end.getValue());
            }
        } catch (Exception e) {
            caughtUp = false;
        }
        long readings = 0;
        long days = 0;
        TreeMap<String, String> alarms = new TreeMap<>();
        try (Table table = hbase.getTable(TableName.valueOf(PumpSchema.DEFAULT_SENSOR_TABLE));
                ResultScanner scanner = table.getScanner(new Scan().addFamily(PumpSchema.DATA)
                        .addFamily(PumpSchema.STATS).addColumn(PumpSchema.ALERT, PumpSchema.PSI))) {
            for (Result row : scanner) {
                // Rows of other writers sharing the table have keys the codec does not parse.
                readings += ReadingCodec.READINGS.decode(row).isPresent() ? 1 : 0;
                days += StatisticsCodec.STATISTICS.decode(row).isPresent() ? 1 : 0;
                AlarmCodec.ALARMS.decode(row).ifPresent(a -> alarms.put(a.time() + " " + a.pump(), Double.toString(a.psi())));
            }
        }
        long deadLetters = 0;
        try (Table table = hbase.getTable(TableName.valueOf(PumpSchema.DEFAULT_DEAD_LETTER_TABLE));
                ResultScanner scanner = table.getScanner(new Scan().setFilter(new KeyOnlyFilter()))) {
            for (Result ignored : scanner) {
                deadLetters++;
            }
        }
        List<String> newest = alarms.descendingMap().entrySet().stream().limit(3)
                .map(e -> e.getKey() + " psi " + e.getValue()).toList();
        return new View(sent, caughtUp, readings, alarms.size(), days, deadLetters, newest);
    }

    private void print(View v) {
        out.printf("%s  sent %d | stored: readings %d, alarms %d, days of statistics %d, dead letters %d%s%n",
                java.time.LocalTime.now().format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")), v.sent, v.readings, v.alarms, v.days, v.deadLetters,
                v.newestAlarms.isEmpty() ? "" : " | newest alarms: " + String.join("; ", v.newestAlarms));
    }

    private static Map<String, Object> statsSummary(Map<String, Object> row) {
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        for (String column : List.of("pump", "day", "count", "final", "psi_min", "psi_avg", "psi_max",
                "flo_avg", "hz_avg")) {
            summary.put(column, row.get(column));
        }
        return summary;
    }
}
