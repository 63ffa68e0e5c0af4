package org.pumpmonitor.job;

import org.pumpmonitor.job.source.KafkaReadings;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.PipelineSinks;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.job.testing.EpisodeTraffic;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Not a test but a tool, run only when asked: makes a savepoint of this commit's job after
 * {@link EpisodeTraffic#firstPart()}, to keep under test resources {@code savepoints/<commit>} so
 * that later versions prove they restore it ({@code SavepointCompatibilityIT}). Run it on the
 * commit to keep, before changing what its state holds:
 * <pre>
 * mvn -B -pl flink-job -am test -Dtest=MakeSavepointIT -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsavepoint.commit=$(git rev-parse --short=7 HEAD) -Dsavepoint.out=/tmp/savepoint
 * cp "$(cat /tmp/savepoint/savepoint-path.txt | sed 's|file:||')/_metadata" \
 *     flink-job/src/test/resources/savepoints/COMMIT/
 * </pre>
 * The savepoints of 812766c and 4f98fa5 were made by this class on those commits (then outside
 * the repository), with the same traffic.
 */
@ExtendWith(SharedClusters.class)
@EnabledIfSystemProperty(named = "savepoint.out", matches = ".+")
class MakeSavepointIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void make(Clusters clusters) throws Exception {
        String commit = System.getProperty("savepoint.commit");
        String topic = EpisodeTraffic.topic(commit);
        String alarms = topic + "-alarms";
        Path out = Path.of(System.getProperty("savepoint.out"));
        clusters.createTopic(topic, EpisodeTraffic.PARTITIONS);
        clusters.createTopic(alarms, 2);
        String name = "savepoint_" + commit;
        JobOptions options = org.pumpmonitor.job.testing.TestJobs.options(clusters, topic, name, Map.of(
                "kafka.alarm-topic", alarms,
                "checkpoint.interval", "300 ms",
                "hbase.sink.flush-interval", "50 ms",
                "stats.early-firing-interval", "50 ms",
                "watermark.idleness", "2 s"));
        new PumpTables(options.get(JobOptions.SENSOR_TABLE), options.get(JobOptions.DEAD_LETTER_TABLE))
                .createAll(clusters.hbaseConfiguration());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        PumpMonitorJob.configure(env, options);
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, out.resolve("checkpoints").toUri().toString());
        env.configure(conf);
        new PumpMonitorPipeline(options).build(env, KafkaReadings.source(options).build(), PipelineSinks.hbase(options));
        JobClient job = env.executeAsync("savepoint maker");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (EpisodeTraffic.Record record : EpisodeTraffic.firstPart()) {
                producer.send(new ProducerRecord<>(topic, record.partition(), record.key(), record.line()));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        List<String> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = events(clusters, alarms, "read_uncommitted");
            if (seen.stream().anyMatch(e -> e.contains("\"QUIET\"") && e.contains("SILENT"))
                    && seen.stream().anyMatch(e -> e.contains("\"LOW\"") && e.contains("RAISED"))) {
                break;
            }
            Thread.sleep(200);
        }
        System.out.println("EVENTS before savepoint: " + seen);
        Thread.sleep(3000); // early statistics and a few checkpoints
        String savepoint = job.stopWithSavepoint(false, out.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        System.out.println("SAVEPOINT " + savepoint);
        System.out.println("COMMITTED EVENTS: " + events(clusters, alarms, "read_committed"));
        Files.writeString(out.resolve("savepoint-path.txt"), savepoint);
    }

    static List<String> events(Clusters clusters, String topic, String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<String> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            for (int i = 0; i < 5; i++) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    events.add(r.value());
                }
            }
        }
        return events;
    }
}
