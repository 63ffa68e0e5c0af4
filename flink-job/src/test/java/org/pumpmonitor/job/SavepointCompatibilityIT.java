package org.pumpmonitor.job;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pumpmonitor.job.hbase.PumpTables;
import org.pumpmonitor.job.testing.TestReadings.Line;
import org.pumpmonitor.job.testing.TestJobs;
import org.pumpmonitor.job.testing.V01Traffic;
import org.pumpmonitor.testkit.HBaseContents;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.job.hbase.PumpSchema.*;

/**
 * A savepoint of version 0.1 of the job (before the admitting operator; kept under test
 * resources, taken with {@link V01Traffic}'s first part in its topic) restores into this version:
 * the open day's window state carries over, the new operator starts empty.
 */
@ExtendWith(SharedClusters.class)
class SavepointCompatibilityIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @Test
    void aSavepointOfVersion01RestoresWithItsOpenDay(Clusters clusters) throws Exception {
        clusters.createTopic(V01Traffic.TOPIC, V01Traffic.PARTITIONS);
        // As many records at the same offsets as when the savepoint was taken, but not readings: the
        // restored offsets skip them; a job that ignored the savepoint would read them as dead letters
        // and count only the second part.
        send(clusters, V01Traffic.firstPart().stream()
                .map(line -> new Line(line.key, "placeholder".getBytes(StandardCharsets.UTF_8), null, null))
                .collect(Collectors.toList()));
        String name = SharedClusters.uniqueName("v01");
        JobOptions options = TestJobs.options(clusters, V01Traffic.TOPIC, name, Map.of(
                "hbase.sink.flush-interval", "50 ms",
                "stats.early-firing-interval", "50 ms",
                "watermark.idleness", "5 s"));
        try (Admin admin = clusters.hbase().getAdmin()) {
            new PumpTables(options.get(JobOptions.SENSOR_TABLE), options.get(JobOptions.DEAD_LETTER_TABLE))
                    .create(admin, 1);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        PumpMonitorJob.configure(env, options);
        new PumpMonitorPipeline(options).build(env, PumpMonitorJob.kafkaSource(options).build(), PipelineSinks.hbase(options));
        StreamGraph graph = env.getStreamGraph();
        Path savepoint = Path.of(SavepointCompatibilityIT.class.getResource("/savepoints/v0.1/_metadata").toURI()).getParent();
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint.toUri().toString(), false));
        JobClient job = env.executeAsync(graph);
        try {
            send(clusters, V01Traffic.secondPart());
            // Day 2: 72 readings per pump counted before the savepoint, 72 after it.
            Map<String, String> expected = new TreeMap<>();
            for (String pump : V01Traffic.PUMPS) {
                expected.put(pump + "|2014-03-11", "144 final");
                expected.put(pump + "|2014-03-12", "36 early");
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            Map<String, String> stored = statistics(clusters, options);
            while (!stored.equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                stored = statistics(clusters, options);
            }
            assertThat(stored).isEqualTo(expected);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(HBaseContents.family(clusters.hbase(), options.get(JobOptions.DEAD_LETTER_TABLE), ERROR))
                    .as("records before the savepoint's offsets").isEmpty();
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    private static Map<String, String> statistics(Clusters clusters, JobOptions options) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        HBaseContents.family(clusters.hbase(), options.get(JobOptions.SENSOR_TABLE), STATS).forEach((row, cells) ->
                rows.put(row, decodeLong(cells.get("count")) + (decodeFlag(cells.get("final")) ? " final" : " early")));
        return rows;
    }

    private static void send(Clusters clusters, List<Line> lines) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            for (Line line : lines) {
                producer.send(new ProducerRecord<>(V01Traffic.TOPIC, line.key, line.value));
            }
        }
    }
}
