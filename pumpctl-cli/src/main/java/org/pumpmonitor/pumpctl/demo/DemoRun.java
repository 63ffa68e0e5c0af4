package org.pumpmonitor.pumpctl.demo;

import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.pumpmonitor.core.hbase.HBaseClientConfig;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.state.SavedStates;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.dashboard.Dashboard;
import org.pumpmonitor.pumpctl.flink.FlinkRest;
import org.pumpmonitor.pumpctl.flink.JobSubmission;
import org.pumpmonitor.pumpctl.flink.Savepoints;
import org.pumpmonitor.pumpctl.local.LocalCluster;
import org.pumpmonitor.pumpctl.query.RowFormat;
import org.pumpmonitor.pumpctl.read.Kind;
import org.pumpmonitor.pumpctl.read.Query;
import org.pumpmonitor.pumpctl.read.StoredData;
import org.pumpmonitor.pumpctl.stack.PipelineSetup;
import org.pumpmonitor.simulator.SensorSimulator;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.pumpmonitor.pumpctl.local.LocalAddresses.FLINK_URL;
import static org.pumpmonitor.pumpctl.local.LocalAddresses.KAFKA_BOOTSTRAP;
import static org.pumpmonitor.pumpctl.local.LocalAddresses.ZOOKEEPER;

/** {@code pumpctl demo}: the local stack, the job and the simulator, with a live view and the dashboard. */
final class DemoRun {

    static final String TOPIC = "pump-sensor";
    static final String GROUP = "pump-monitor";

    /** What the simulator sends: a file replayed, or synthetic pumps (without end when count is 0). */
    record Load(Path replay, int pumps, double rate, long count) {}

    private final Console console;
    private final PrintStream out;
    private final Load load;
    private final boolean exitWhenDone;
    private final int dashboardPort;
    private final LocalCluster cluster;
    private final AtomicBoolean stopping = new AtomicBoolean();

    /** @param stackDir the local stack's data, logs and pid files */
    DemoRun(Console console, Load load, boolean exitWhenDone, int dashboardPort, Path stackDir) {
        this.console = console;
        this.out = console.out();
        this.load = load;
        this.exitWhenDone = exitWhenDone;
        this.dashboardPort = dashboardPort;
        this.cluster = new LocalCluster(console.root(), stackDir, out);
    }

    /**
     * Where an earlier demo left off: the newest state the cluster remembers for the demo's topic
     * and group or, after the stack was restarted, the newest savepoint or retained checkpoint in
     * its directories, which only demos and the user's own jobs on this stack write.
     */
    private String resumeFrom(JobSubmission submission, List<String> jobOptions) throws Exception {
        String known = submission.newestState(jobOptions);
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
        out.println("== starting Kafka, HBase and Flink (logs in " + cluster.dir() + ")");
        cluster.up();
        new PipelineSetup(console).setUp(KAFKA_BOOTSTRAP, TOPIC, 3, ZOOKEEPER,
                PumpSchema.DEFAULT_SENSOR_TABLE, PumpSchema.DEFAULT_DEAD_LETTER_TABLE);

        FlinkRest flink = new FlinkRest(FLINK_URL);
        List<String> jobOptions = List.of(
                "--kafka.bootstrap-servers", KAFKA_BOOTSTRAP,
                "--hbase.zookeeper.quorum", ZOOKEEPER,
                "--checkpoint.interval", "5 s",
                "--stats.early-firing-interval", "5 s");
        JobSubmission submission = new JobSubmission(FLINK_URL, console);
        String jobId = submission.submit(null, null, resumeFrom(submission, jobOptions), jobOptions);
        flink.awaitState(jobId, Duration.ofSeconds(60), "RUNNING");
        out.println("== job " + jobId + " is running; Flink web UI: " + FLINK_URL);

        Thread simulator = startSimulator();
        Thread onCtrlC = new Thread(() -> {
            stopping.set(true);
            shutDown(flink, jobId);
        });
        Runtime.getRuntime().addShutdownHook(onCtrlC);

        double firstAlarmSeconds = -1;
        try (Connection hbase = ConnectionFactory.createConnection(HBaseClientConfig.configuration(ZOOKEEPER));
                Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA_BOOTSTRAP));
                Dashboard dashboard = new Dashboard(hbase, PumpSchema.DEFAULT_SENSOR_TABLE,
                        PumpSchema.DEFAULT_DEAD_LETTER_TABLE, Duration.ofMinutes(10),
                        new org.pumpmonitor.pumpctl.rules.RulesTopic(KAFKA_BOOTSTRAP,
                                org.pumpmonitor.core.options.JobOptions.KAFKA_RULES_TOPIC.defaultValue))) {
            StoredData stored = new StoredData(hbase, PumpSchema.DEFAULT_SENSOR_TABLE, PumpSchema.DEFAULT_DEAD_LETTER_TABLE);
            try {
                int port = dashboard.start("127.0.0.1", dashboardPort);
                out.println("== dashboard: http://127.0.0.1:" + port + "/ (follows the data live)");
            } catch (RuntimeException e) {
                out.println("== no dashboard: port " + dashboardPort + " is taken (--dashboard-port N)");
            }
            LiveView previous = null;
            int stableSeconds = 0;
            while (!stopping.get()) {
                LiveView view = LiveView.read(kafka, TOPIC, GROUP, stored);
                if (firstAlarmSeconds < 0 && view.alarms() > 0) {
                    firstAlarmSeconds = (System.nanoTime() - start) / 1e9;
                }
                view.print(out);
                if (exitWhenDone && !simulator.isAlive() && view.caughtUp() && view.equals(previous)) {
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
            LiveView.read(kafka, TOPIC, GROUP, stored).print(out);
            if (firstAlarmSeconds >= 0) {
                out.printf("first alarm stored %.1f s after the demo started%n", firstAlarmSeconds);
            }
            out.println("== daily statistics");
            RowFormat.TABLE.print(stored.rows(Query.first(Kind.STATISTICS, null, null, null, 1000)).stream()
                    .map(DemoRun::statsSummary).toList(), out);
        }
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
        shutDown(flink, jobId);
        return 0;
    }

    private Thread startSimulator() {
        List<String> args = new ArrayList<>(List.of("--kafka.bootstrap-servers", KAFKA_BOOTSTRAP,
                "--kafka.topic", TOPIC, "--quiet", "--rate", String.valueOf(load.rate())));
        if (load.replay() != null) {
            args.addAll(List.of("--replay", load.replay().toAbsolutePath().toString()));
        } else {
            args.addAll(List.of("--pumps", String.valueOf(load.pumps()),
                    "--low-pressure", "0.003", "--malformed", "0.001"));
            if (load.count() > 0) {
                args.addAll(List.of("--count", String.valueOf(load.count())));
            }
        }
        Thread thread = new Thread(() -> SensorSimulator.run(new PrintStream(OutputStream.nullOutputStream()),
                console.err(), args.toArray(String[]::new)), "simulator");
        thread.setDaemon(true);
        thread.start();
        out.println("== simulator: " + String.join(" ", args));
        return thread;
    }

    private void shutDown(FlinkRest flink, String jobId) {
        try {
            out.println("== stopping the job with a savepoint: " + new Savepoints(flink).stopWithSavepoint(jobId, null));
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

    private static Map<String, Object> statsSummary(Map<String, Object> row) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String column : List.of("pump", "day", "count", "final", "psi_min", "psi_avg", "psi_max",
                "flo_avg", "hz_avg")) {
            summary.put(column, row.get(column));
        }
        return summary;
    }
}
