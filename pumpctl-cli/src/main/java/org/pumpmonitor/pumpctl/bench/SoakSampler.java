package org.pumpmonitor.pumpctl.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import org.pumpmonitor.pumpctl.local.LocalCluster;
import org.pumpmonitor.pumpctl.metrics.PrometheusScrape;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The soak's figures over time, sampled every few seconds into a CSV file (and kept for the
 * verdict): readings/s acknowledged by Kafka and stored (consumer-group offsets committed by the
 * job's checkpoints, over the last 30 s), consumer lag in seconds of load (per partition, the end
 * offset less the job's reader's position, its {@code currentOffset} metric, or while it reports
 * none the cell stays empty; and, as {@code uncheckpointed_s}, what no checkpoint covers yet), the last checkpoint's
 * duration and size, job restarts and failed checkpoints (over every job of the soak), and each
 * JVM's old generation and metaspace ({@link JvmWatch}) and each process's resident memory; and the
 * readings checkpointed so far (the group's committed offsets, summed), for the recovery times.
 */
final class SoakSampler implements AutoCloseable {

    static final List<String> JVMS = List.of("flink-jobmanager", "flink-taskmanager", "hbase", "kafka");
    private static final String TASK = "flink_taskmanager_job_task_operator_";
    private static final String JOB = "flink_jobmanager_job_";
    /** The offset of the last record the job's Kafka reader emitted, per partition. */
    private static final String CURRENT_OFFSET = TASK + "KafkaSourceReader_topic_partition_currentOffset";
    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** One sample: seconds since the start, and the figures by column (NaN: not known then). */
    record Sample(double seconds, Map<String, Double> values) {
        double get(String column) {
            return values.getOrDefault(column, Double.NaN);
        }
    }

    private final LocalCluster cluster;
    private final Admin kafka;
    private final String topic;
    private final String group;
    private final double rate;
    private final Supplier<Long> acknowledged;
    private final Supplier<String> job;
    private final long intervalMs;
    private final long started;
    private final BufferedWriter csv;
    private final List<String> columns;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, JvmWatch> watches = new HashMap<>();
    private final Map<String, Double> restartsByJob = new LinkedHashMap<>();
    private final Map<String, Double> failedCheckpointsByJob = new LinkedHashMap<>();
    /** (nanoTime, acknowledged, committed) of the samples within the rate window. */
    private final List<long[]> recent = new ArrayList<>();
    private boolean closed;

    SoakSampler(LocalCluster cluster, String topic, String group, double rate, Supplier<Long> acknowledged,
                Supplier<String> job, long intervalMs, long started, Path csvFile) throws IOException {
        this.cluster = cluster;
        this.topic = topic;
        this.group = group;
        this.rate = rate;
        this.acknowledged = acknowledged;
        this.job = job;
        this.intervalMs = intervalMs;
        this.started = started;
        this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalAddresses.KAFKA_BOOTSTRAP,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000));
        List<String> names = new ArrayList<>(List.of("minute", "in_per_s", "stored_per_s", "lag_s", "checkpoint_s",
                "checkpoint_mb", "restarts", "failed_checkpoints", "checkpointed", "uncheckpointed_s"));
        for (String jvm : JVMS) {
            String name = shortName(jvm);
            names.addAll(List.of(name + "_heap_mb", name + "_metaspace_mb", name + "_rss_mb"));
        }
        this.columns = List.copyOf(names);
        Files.createDirectories(csvFile.toAbsolutePath().getParent());
        this.csv = Files.newBufferedWriter(csvFile, StandardCharsets.UTF_8);
        csv.write(String.join(",", columns));
        csv.newLine();
    }

    static String shortName(String service) {
        return service.replace("flink-", "");
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    long intervalMs() {
        return intervalMs;
    }

    /** Takes one sample, appends it to the CSV file and returns it. A figure that cannot be read is left empty. */
    synchronized Sample sample() throws IOException {
        if (closed) {
            throw new IllegalStateException("the sampler is closed");
        }
        long now = System.nanoTime();
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("minute", (now - started) / 60e9);
        Map<Integer, long[]> offsets = offsets();
        long checkpointed = offsets == null ? -1 : sum(offsets, 1);
        long acked = acknowledged.get();
        recent.add(new long[] {now, acked, checkpointed});
        recent.removeIf(r -> now - r[0] > RATE_WINDOW_NANOS && r != recent.get(recent.size() - 1));
        long[] first = recent.get(0);
        double window = (now - first[0]) / 1e9;
        if (offsets != null) {
            v.put("checkpointed", (double) checkpointed);
        }
        if (window > 0) {
            v.put("in_per_s", (acked - first[1]) / window);
            if (offsets != null && first[2] >= 0) {
                v.put("stored_per_s", (checkpointed - first[2]) / window);
            }
        }
        String jobId = job.get();
        Map<Integer, Double> read = new HashMap<>();
        // Prometheus labels have every character but letters, digits and '_' replaced by '_'.
        String promTopic = topic.replaceAll("[^a-zA-Z0-9_]", "_");
        try {
            PrometheusScrape jobManager = PrometheusScrape.of(LocalAddresses.JOBMANAGER_METRICS);
            java.util.function.Predicate<PrometheusScrape.Sample> ofJob = s -> jobId.equals(s.label("job_id"));
            restartsByJob.put(jobId, orNaN(jobManager.sum(JOB + "numRestarts", ofJob), restartsByJob.get(jobId)));
            failedCheckpointsByJob.put(jobId, orNaN(jobManager.sum(JOB + "numberOfFailedCheckpoints", ofJob),
                    failedCheckpointsByJob.get(jobId)));
            double duration = jobManager.sum(JOB + "lastCheckpointDuration", ofJob);
            double size = jobManager.sum(JOB + "lastCheckpointSize", ofJob);
            // -1 until the job completed a checkpoint.
            v.put("checkpoint_s", duration >= 0 ? duration / 1000 : Double.NaN);
            v.put("checkpoint_mb", size >= 0 ? size / (1024 * 1024) : Double.NaN);
            for (int n = 1; n <= cluster.taskManagers(); n++) {
                for (PrometheusScrape.Sample s : PrometheusScrape.of(LocalAddresses.taskManagerMetrics(n)).samples()) {
                    if (s.name().equals(CURRENT_OFFSET) && ofJob.test(s) && promTopic.equals(s.label("topic"))
                            && s.value() >= 0) {
                        read.merge(Integer.parseInt(s.label("partition")), s.value() + 1, Math::max);
                    }
                }
            }
        } catch (Exception e) {
            // The metrics are not there while a service is down: the cells stay empty.
        }
        if (offsets != null) {
            // Consumer lag: what the job's reader has not reached yet (not known while it does not run).
            if (read.keySet().containsAll(offsets.keySet())) {
                double behind = 0;
                for (Map.Entry<Integer, long[]> p : offsets.entrySet()) {
                    behind += Math.max(0, p.getValue()[0] - read.get(p.getKey()));
                }
                v.put("lag_s", behind / rate);
            }
            v.put("uncheckpointed_s", (sum(offsets, 0) - checkpointed) / (double) rate);
        }
        v.put("restarts", restartsByJob.values().stream().filter(d -> !d.isNaN()).mapToDouble(d -> d).sum());
        v.put("failed_checkpoints", failedCheckpointsByJob.values().stream().filter(d -> !d.isNaN())
                .mapToDouble(d -> d).sum());
        Map<String, ProcessHandle> running = cluster.running();
        for (String jvm : JVMS) {
            String name = shortName(jvm);
            ProcessHandle process = running.get(jvm);
            if (process == null) {
                continue;
            }
            v.put(name + "_rss_mb", LocalCluster.residentKb(process.pid()) / 1024.0);
            JvmWatch watch = watches.get(jvm);
            if (watch == null || watch.pid() != process.pid() || !watch.alive()) {
                if (watch != null) {
                    closeQuietly(watch);
                    watches.remove(jvm);
                }
                try {
                    watch = new JvmWatch(process.pid(), intervalMs);
                    watches.put(jvm, watch);
                } catch (IOException e) {
                    continue; // no jstat: the heap and metaspace stay empty, and the verdict says so
                }
            }
            v.put(name + "_heap_mb", watch.memory().oldGenMb());
            v.put(name + "_metaspace_mb", watch.memory().metaspaceMb());
        }
        Sample sample = new Sample((now - started) / 1e9, v);
        synchronized (samples) {
            samples.add(sample);
        }
        csv.write(columns.stream().map(c -> format(sample.get(c))).collect(Collectors.joining(",")));
        csv.newLine();
        csv.flush();
        return sample;
    }

    /**
     * Per partition of the topic: its end offset and the group's committed offset (0 before the
     * first commit); null while Kafka does not answer.
     */
    private Map<Integer, long[]> offsets() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var p : kafka.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic)
                    .partitions()) {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            Map<Integer, long[]> offsets = new TreeMap<>();
            kafka.listOffsets(latest).all().get(5, TimeUnit.SECONDS).forEach((tp, end) -> {
                OffsetAndMetadata done = committed.get(tp);
                offsets.put(tp.partition(), new long[] {end.offset(), done == null ? 0 : done.offset()});
            });
            return offsets;
        } catch (Exception e) {
            return null;
        }
    }

    private static long sum(Map<Integer, long[]> offsets, int index) {
        return offsets.values().stream().mapToLong(o -> o[index]).sum();
    }

    /** The heap, metaspace and resident memory after full collections of these JVMs (services), by short name. */
    Map<String, JvmWatch.AfterGc> afterFullGc(List<String> jvms) throws InterruptedException {
        Map<String, JvmWatch.AfterGc> memory = new LinkedHashMap<>();
        Map<String, ProcessHandle> running = cluster.running();
        for (String jvm : jvms) {
            ProcessHandle process = running.get(jvm);
            memory.put(shortName(jvm), process == null ? JvmWatch.AfterGc.UNKNOWN : JvmWatch.afterFullGc(process.pid()));
        }
        return memory;
    }

    /** Records the job has not stored for good (sent, not covered by a checkpoint); -1 while unknown. */
    long behind() {
        Map<Integer, long[]> o = offsets();
        return o == null ? -1 : sum(o, 0) - sum(o, 1);
    }

    private static double orNaN(double value, Double previous) {
        return Double.isNaN(value) ? (previous == null ? Double.NaN : previous) : value;
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "" : value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3f", value);
    }

    private static void closeQuietly(JvmWatch watch) {
        try {
            watch.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void printProgress(Sample s, PrintStream out) {
        out.printf(Locale.ROOT, "  %5.1f min: in %,.0f/s, stored %,.0f/s, lag %.1f s, checkpoint %.1f s %.0f MB, "
                        + "restarts %.0f, TaskManager heap %.0f MB, RSS %.0f MB%n", s.get("minute"), s.get("in_per_s"),
                s.get("stored_per_s"), s.get("lag_s"), s.get("checkpoint_s"), s.get("checkpoint_mb"), s.get("restarts"),
                s.get("taskmanager_heap_mb"), s.get("taskmanager_rss_mb"));
    }

    /** Stops the jstat processes and closes the CSV file; once only, after the last sample. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        watches.values().forEach(SoakSampler::closeQuietly);
        kafka.close(java.time.Duration.ofSeconds(5));
        csv.close();
    }
}
