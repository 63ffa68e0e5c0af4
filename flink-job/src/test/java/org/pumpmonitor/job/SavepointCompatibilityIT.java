package org.pumpmonitor.job;

import org.pumpmonitor.job.testing.StoredRows;
import org.pumpmonitor.job.source.KafkaReadings;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.PipelineSinks;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.job.testing.TestReadings.Line;
import org.pumpmonitor.job.testing.AlarmTopic;
import org.pumpmonitor.job.testing.EpisodeTraffic;
import org.pumpmonitor.job.testing.TestJobs;
import org.pumpmonitor.job.testing.V01SavepointTraffic;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.core.hbase.PumpSchema.*;

/**
 * A savepoint of version 0.1 of the job (before the admitting operator; kept under test
 * resources, taken with {@link V01SavepointTraffic}'s first part in its topic) restores into this version:
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
        clusters.createTopic(V01SavepointTraffic.TOPIC, V01SavepointTraffic.PARTITIONS);
        // As many records at the same offsets as when the savepoint was taken, but not readings: the
        // restored offsets skip them; a job that ignored the savepoint would read them as dead letters
        // and count only the second part.
        send(clusters, V01SavepointTraffic.firstPart().stream()
                .map(line -> new Line(line.key, "placeholder".getBytes(StandardCharsets.UTF_8), null, null))
                .collect(Collectors.toList()));
        String name = SharedClusters.uniqueName("v01");
        JobOptions options = TestJobs.options(clusters, V01SavepointTraffic.TOPIC, name, Map.of(
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
        new PumpMonitorPipeline(options).build(env, KafkaReadings.source(options).build(), PipelineSinks.hbase(options));
        StreamGraph graph = env.getStreamGraph();
        Path savepoint = Path.of(SavepointCompatibilityIT.class.getResource("/savepoints/v0.1/_metadata").toURI()).getParent();
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint.toUri().toString(), false));
        JobClient job = env.executeAsync(graph);
        try {
            send(clusters, V01SavepointTraffic.secondPart());
            // Day 2: 72 readings per pump counted before the savepoint, 72 after it.
            Map<String, String> expected = new TreeMap<>();
            for (String pump : V01SavepointTraffic.PUMPS) {
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
            assertThat(StoredRows.deadLetters(clusters.hbase(), options.get(JobOptions.DEAD_LETTER_TABLE)))
                    .as("records before the savepoint's offsets").isEmpty();
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    /**
     * Savepoints of 812766c (episodes as first released), 4f98fa5 (one silence timer per pump) and
     * a3499ec (the last job on Flink 1.19.3), made by {@link MakeSavepointIT} with
     * {@link EpisodeTraffic}: a pump SILENT when the
     * savepoint was taken, another in an open episode, the day's statistics open. After the restore
     * the silent pump resumes and falls silent again (812766c's state left its fired timer recorded
     * as pending, which once kept it from ever being SILENT again), the episode clears with the
     * readings it had, and the day counts the readings of both sides.
     */
    @ParameterizedTest
    @ValueSource(strings = {"812766c", "4f98fa5", "a3499ec"})
    void aSavepointWithEpisodesAndASilentPumpRestores(String commit, Clusters clusters) throws Exception {
        String topic = EpisodeTraffic.topic(commit);
        clusters.createTopic(topic, EpisodeTraffic.PARTITIONS);
        sendRecords(clusters, topic, EpisodeTraffic.firstPart().stream()
                .map(r -> new EpisodeTraffic.Record(r.partition(), r.key(), "placeholder")).toList());
        String name = SharedClusters.uniqueName("restore_" + commit);
        String alarms = name + "_alarms";
        clusters.createTopic(alarms, 2);
        JobOptions options = TestJobs.options(clusters, topic, name, Map.of(
                "kafka.alarm-topic", alarms,
                "checkpoint.interval", "300 ms",
                "hbase.sink.flush-interval", "50 ms",
                "stats.early-firing-interval", "50 ms",
                "watermark.idleness", "2 s"));
        new PumpTables(options.get(JobOptions.SENSOR_TABLE), options.get(JobOptions.DEAD_LETTER_TABLE))
                .createAll(clusters.hbaseConfiguration());
        JobClient job = restore(options, "/savepoints/" + commit + "/_metadata");
        try {
            sendRecords(clusters, topic, EpisodeTraffic.secondPart());
            List<String> expected = List.of(
                    "QUIET RESUMED 03:20",
                    "LOW CLEARED 03:06 start 02:50 end 03:05 min 2.0@02:50 n 15",
                    "QUIET SILENT 03:30");
            TestJobs.await("the alarm events", Duration.ofMinutes(2),
                    () -> AlarmTopic.committed(clusters.kafkaBootstrapServers(), alarms, 2).size()
                            >= expected.size(),
                    () -> ": " + AlarmTopic.committed(clusters.kafkaBootstrapServers(), alarms, 2) + " uncommitted "
                            + AlarmTopic.events(clusters.kafkaBootstrapServers(), alarms, 2, "read_uncommitted")
                            + " job " + TestJobs.status(job) + " stats " + statisticsNow(clusters, options));
            assertThat(AlarmTopic.committed(clusters.kafkaBootstrapServers(), alarms, 2))
                    .containsExactlyInAnyOrderElementsOf(expected);
            Map<String, String> counts = Map.of(
                    "QUIET|2014-03-10", "61 early", "LOUD|2014-03-10", "260 early", "LOW|2014-03-10", "260 early");
            TestJobs.await("the day's statistics", Duration.ofMinutes(2), () -> statisticsNow(clusters, options).equals(counts),
                    () -> ": " + statisticsNow(clusters, options));
            assertThat(StoredRows.deadLetters(clusters.hbase(), options.get(JobOptions.DEAD_LETTER_TABLE)))
                    .as("records before the savepoint's offsets").isEmpty();
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    private static Map<String, String> statisticsNow(Clusters clusters, JobOptions options) {
        try {
            return statistics(clusters, options);
        } catch (Exception e) {
            return Map.of("error", e.toString());
        }
    }

    private static JobClient restore(JobOptions options, String metadata) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        PumpMonitorJob.configure(env, options);
        new PumpMonitorPipeline(options).build(env, KafkaReadings.source(options).build(), PipelineSinks.hbase(options));
        StreamGraph graph = env.getStreamGraph();
        Path savepoint = Path.of(SavepointCompatibilityIT.class.getResource(metadata).toURI()).getParent();
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint.toUri().toString(), false));
        return env.executeAsync(graph);
    }

    private static void sendRecords(Clusters clusters, String topic, List<EpisodeTraffic.Record> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            for (EpisodeTraffic.Record r : records) {
                producer.send(new ProducerRecord<>(topic, r.partition(), r.key(), r.line().getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private static Map<String, String> statistics(Clusters clusters, JobOptions options) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        StoredRows.statistics(clusters.hbase(), options.get(JobOptions.SENSOR_TABLE)).forEach((row, s) ->
                rows.put(row, s.count() + (s.finalResult() ? " final" : " early")));
        return rows;
    }

    private static void send(Clusters clusters, List<Line> lines) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            for (Line line : lines) {
                producer.send(new ProducerRecord<>(V01SavepointTraffic.TOPIC, line.key, line.value));
            }
        }
    }
}
