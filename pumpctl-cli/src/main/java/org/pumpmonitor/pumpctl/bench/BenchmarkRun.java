package org.pumpmonitor.pumpctl.bench;

import org.apache.hadoop.hbase.client.Connection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.PumpctlException;
import org.pumpmonitor.pumpctl.flink.FlinkRest;
import org.pumpmonitor.pumpctl.flink.JobSubmission;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import org.pumpmonitor.pumpctl.local.LocalCluster;
import org.pumpmonitor.pumpctl.read.Kind;
import org.pumpmonitor.pumpctl.read.StoredData;
import org.pumpmonitor.pumpctl.stack.PipelineSetup;
import org.pumpmonitor.pumpctl.stack.StackAddresses;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark run of the job on a stack: the options every such benchmark takes, and what each of
 * its passes does around the measurement. A pass has a topic, a consumer group and tables of its
 * own, named by its id; it submits the job on them, waits for rows, appends its figures to the CSV
 * file and removes its topic and tables.
 */
final class BenchmarkRun {
    @CommandLine.Mixin
    StackAddresses stack;

    @Option(names = "--flink", defaultValue = LocalAddresses.FLINK_URL, description = "Flink REST API (default: ${DEFAULT-VALUE}).")
    String flink;

    @Option(names = "--pumps", defaultValue = "100", description = "Synthetic pumps (default: ${DEFAULT-VALUE}).")
    int pumps;

    @Option(names = "--parallelism", description = "Parallelism of the job (default: the cluster's).")
    Integer parallelism;

    @Option(names = "--passes", defaultValue = "1", description = "Runs, one after the other (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--csv", defaultValue = "target/bench/results.csv",
            description = "Appends one line per pass here (default: ${DEFAULT-VALUE}).")
    Path csv;

    @Option(names = "--stack-dir", defaultValue = ".local",
            description = "The local stack whose resident memory is sampled (default: ${DEFAULT-VALUE}).")
    Path stackDir;

    final Console console;

    BenchmarkRun(Console console) {
        this.console = console;
    }

    void check() {
        if (pumps < 1 || passes < 1 || (parallelism != null && parallelism < 1)) {
            throw new IllegalArgumentException("--pumps, --passes and --parallelism must be at least 1");
        }
    }

    /** A name no earlier run used: for the topic, the group and the tables of one pass. */
    static String newId(String what) {
        return "bench_" + what + "_" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(LocalDateTime.now());
    }

    /** The local stack whose memory is sampled (it prints nothing). */
    LocalCluster localStack() {
        return LocalCluster.silent(console.root(), console.root().resolve(stackDir));
    }

    FlinkRest flink() {
        return new FlinkRest(flink);
    }

    /** What the job stored in the pass's tables. */
    static StoredData stored(Connection hbase, String id) {
        return new StoredData(hbase, id, id + "_dead");
    }

    void record(String benchmark, int pass, Map<String, Object> figures) throws IOException {
        FiguresCsv.append(console.root().resolve(csv), MeasuredCommit.of(console.root()), benchmark, pass, figures);
    }

    /** The pass's topic (with these lines in it) and tables, named {@code id}. */
    void setUp(String id, int partitions, List<String> lines) throws Exception {
        new PipelineSetup(console).setUp(stack.bootstrapServers, id, partitions, stack.zookeeper, id, id + "_dead");
        try (KafkaProducer<byte[], byte[]> producer = SyntheticLoad.producer(stack.bootstrapServers, 20)) {
            for (String line : lines) {
                SyntheticLoad.send(producer, id, line);
            }
            producer.flush();
        }
    }

    /** Submits the job on the pass's topic, group and tables, with the user's extra options. */
    String submit(String id, List<String> jobOptions) throws Exception {
        List<String> options = new ArrayList<>(List.of(
                "--" + JobOptions.KAFKA_BOOTSTRAP_SERVERS.name, stack.bootstrapServers,
                "--" + JobOptions.KAFKA_TOPIC.name, id,
                "--" + JobOptions.KAFKA_GROUP_ID.name, id,
                "--" + JobOptions.HBASE_ZOOKEEPER_QUORUM.name, stack.zookeeper,
                "--" + JobOptions.SENSOR_TABLE.name, id,
                "--" + JobOptions.DEAD_LETTER_TABLE.name, id + "_dead",
                "--" + JobOptions.JOB_NAME.name, "pump-monitor " + id));
        options.addAll(jobOptions);
        return new JobSubmission(flink, console).submit(null, parallelism, null, options);
    }

    /** Drops the pass's tables and deletes its topic. */
    void remove(Connection hbase, String id) throws IOException {
        PipelineSetup setup = new PipelineSetup(console);
        setup.dropTables(hbase, new PumpTables(id, id + "_dead"));
        setup.deleteTopic(stack.bootstrapServers, id);
    }

    /**
     * Waits until every reading's row exists, saying every 5 s how many do; returns when
     * (System.nanoTime). Only the rows still missing are read again, so the poll stays light.
     */
    long awaitRows(StoredData stored, List<byte[]> rows, long since, long deadline, String job, long pollMs)
            throws Exception {
        List<byte[]> remaining = rows;
        long progress = System.nanoTime();
        while (true) {
            boolean[] exist = stored.exist(Kind.READINGS, remaining);
            List<byte[]> missing = new ArrayList<>();
            for (int i = 0; i < exist.length; i++) {
                if (!exist[i]) {
                    missing.add(remaining.get(i));
                }
            }
            remaining = missing;
            if (remaining.isEmpty()) {
                return System.nanoTime();
            }
            if (System.nanoTime() - progress > TimeUnit.SECONDS.toNanos(5)) {
                console.out().printf("  %.0f s: %d of %d pumps complete%n", (System.nanoTime() - since) / 1e9,
                        rows.size() - remaining.size(), rows.size());
                progress = System.nanoTime();
            }
            awaitOrFail(deadline, job, "every pump's last reading", pollMs);
        }
    }

    /** Waits {@code pollMs} before the next look; past the deadline, cancels the job and fails. */
    void awaitOrFail(long deadline, String job, String what, long pollMs) throws Exception {
        if (System.nanoTime() > deadline) {
            flink().cancel(job, Duration.ofSeconds(60));
            throw new PumpctlException("timed out waiting for " + what + "; job " + job + " cancelled");
        }
        Thread.sleep(pollMs);
    }

    /** The job's time zone among its options (the one its row keys' days are of). */
    static ZoneId zone(List<String> jobOptions) {
        return ZoneId.of(JobSubmission.option(jobOptions, JobOptions.TIME_ZONE));
    }

    static String perSecond(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
