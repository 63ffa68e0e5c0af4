package org.pumpmonitor.job;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pumpmonitor.job.hbase.PumpRows;
import org.pumpmonitor.job.hbase.PumpSchema;
import org.pumpmonitor.job.hbase.PumpTables;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.job.testing.TestJobs.await;
import static org.pumpmonitor.job.testing.TestJobs.status;

/**
 * Alarm events exactly once across a failure: the whole job on the MiniCluster with its unbounded
 * Kafka source, pumps with low-pressure episodes and a pump that goes silent, a failure injected
 * mid-stream (the job restarts from its last checkpoint), then a read-committed consumer of the
 * alarm topic sees exactly the events computed here, each once, and HBase holds exactly the
 * episodes.
 */
@ExtendWith(SharedClusters.class)
class AlarmEventsIT {

    private static final int PARTITIONS = 2;
    private static final LocalDateTime T0 = LocalDateTime.parse("2014-03-10T00:00");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /**
     * Two hours of one reading a minute. ALPHA: an episode at minutes 20-24 (lowest 2.0 at 21),
     * back at 25. BRAVO: an episode at 50-52, 53 just above the threshold (within the hysteresis),
     * back at 54; a second at 90-91, back at 92. CHARLIE: never low. QUIET: nothing from minute 30
     * to 79.
     */
    private static double psi(String pump, int minute) {
        return switch (pump) {
            case "ALPHA" -> minute >= 20 && minute <= 24 ? new double[] {3, 2, 4, 3, 4}[minute - 20] : 80;
            case "BRAVO" -> (minute >= 50 && minute <= 52) || minute == 90 || minute == 91 ? 2.5
                    : minute == 53 ? 5.2 : 81;
            default -> 82;
        };
    }

    private static final List<String> EXPECTED = List.of(
            "ALPHA RAISED 00:20 start 00:20 min 3.0@00:20 n 1",
            "ALPHA CLEARED 00:26 start 00:20 end 00:25 min 2.0@00:21 n 5",
            "BRAVO RAISED 00:50 start 00:50 min 2.5@00:50 n 1",
            "BRAVO CLEARED 00:55 start 00:50 end 00:54 min 2.5@00:50 n 3",
            "BRAVO RAISED 01:30 start 01:30 min 2.5@01:30 n 1",
            "BRAVO CLEARED 01:33 start 01:30 end 01:32 min 2.5@01:30 n 2",
            "QUIET SILENT 00:39",
            "QUIET RESUMED 01:20");

    @Test
    void everyEventOnceForReadCommittedConsumersAcrossAFailure(Clusters clusters, @TempDir Path state) throws Exception {
        String name = SharedClusters.uniqueName("alarm_events");
        String alarmTopic = name + "_alarms";
        clusters.createTopic(name, PARTITIONS);
        clusters.createTopic(alarmTopic, PARTITIONS);
        JobOptions options = org.pumpmonitor.job.testing.TestJobs.options(clusters, name, name, Map.of(
                "kafka.alarm-topic", alarmTopic,
                "checkpoint.interval", "300 ms",
                "hbase.sink.flush-interval", "50 ms",
                "restart.max-delay", "1 s"));
        new PumpTables(options.get(JobOptions.SENSOR_TABLE), options.get(JobOptions.DEAD_LETTER_TABLE))
                .createAll(clusters.hbaseConfiguration());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        PumpMonitorJob.configure(env, options);
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, state.toUri().toString());
        env.configure(conf);
        StatisticsAcrossRestartsIT.FailOnMarker.failed = false;
        new PumpMonitorPipeline(options).build(env,
                PumpMonitorJob.kafkaSource(options).setDeserializer(new StatisticsAcrossRestartsIT.FailOnMarker()).build(),
                PipelineSinks.hbase(options));
        JobClient job = env.executeAsync("alarm events");
        try {
            await("job running", () -> status(job) == org.apache.flink.api.common.JobStatus.RUNNING);
            send(clusters, name, 0, 60);
            // The first events are committed (a checkpoint completed), then the job fails and restarts.
            await("the first events committed", () -> events(clusters, alarmTopic, Duration.ofMillis(500)).size() >= 4);
            // Events right before the failure (BRAVO raised at 01:30, QUIET resumed at 01:20) are most
            // likely emitted after the last checkpoint: the replay emits them again.
            send(clusters, name, 60, 95);
            send(clusters, name, StatisticsAcrossRestartsIT.FailOnMarker.MARKER);
            await("the injected failure", () -> StatisticsAcrossRestartsIT.FailOnMarker.failed);
            send(clusters, name, 95, 120);

            await("every event", Duration.ofMinutes(2),
                    () -> events(clusters, alarmTopic, Duration.ofMillis(500)).size() >= EXPECTED.size(),
                    () -> ": " + events(clusters, alarmTopic, Duration.ofMillis(500)));
            // Some checkpoints later, nothing more: no event twice.
            Thread.sleep(2_000);
            List<String> seen = events(clusters, alarmTopic, Duration.ofSeconds(2));
            assertThat(seen).containsExactlyInAnyOrderElementsOf(EXPECTED);
            assertThat(seen.stream().filter(e -> e.startsWith("BRAVO")).toList()).as("one pump's events in order")
                    .containsExactly(EXPECTED.subList(2, 6).toArray(String[]::new));
            assertThat(status(job)).isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);

            await("the episodes in HBase", () -> episodes(clusters, options).size() == 3
                    && episodes(clusters, options).values().stream().allMatch(e -> !e.open()));
            Map<String, PumpRows.Episode> episodes = episodes(clusters, options);
            assertThat(episodes.keySet()).containsExactly("ALPHA 00:20", "BRAVO 00:50", "BRAVO 01:30");
            PumpRows.Episode alpha = episodes.get("ALPHA 00:20");
            assertThat(alpha.end()).isEqualTo(T0.plusMinutes(25).toInstant(java.time.ZoneOffset.UTC));
            assertThat(alpha.minPsi()).isEqualTo(2.0);
            assertThat(alpha.readings()).isEqualTo(5);
        } finally {
            job.cancel().get();
        }
    }

    private static void send(Clusters clusters, String topic, int fromMinute, int toMinute) {
        try (KafkaProducer<byte[], byte[]> producer = producer(clusters)) {
            for (int minute = fromMinute; minute < toMinute; minute++) {
                LocalDateTime t = T0.plusMinutes(minute);
                String date = t.getMonthValue() + "/" + t.getDayOfMonth() + "/" + (t.getYear() % 100);
                String time = t.getHour() + ":" + String.format("%02d", t.getMinute());
                for (String pump : List.of("ALPHA", "BRAVO", "CHARLIE", "QUIET")) {
                    if (pump.equals("QUIET") && minute >= 30 && minute < 80) {
                        continue;
                    }
                    String line = pump + "," + date + "," + time + ",10.2,1.7,880," + "1.5," + psi(pump, minute) + ",1.9";
                    producer.send(new ProducerRecord<>(topic, pump.getBytes(StandardCharsets.UTF_8),
                            line.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
    }

    private static void send(Clusters clusters, String topic, byte[] value) {
        try (KafkaProducer<byte[], byte[]> producer = producer(clusters)) {
            producer.send(new ProducerRecord<>(topic, "ALPHA".getBytes(StandardCharsets.UTF_8), value));
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Clusters clusters) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Every committed event of the topic, from the start, as "PUMP TYPE HH:mm ...". */
    private static List<String> events(Clusters clusters, String topic, Duration quiet) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long idleSince = System.nanoTime();
            while (System.nanoTime() - idleSince < quiet.toNanos()) {
                var records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, String> record : records) {
                    events.add(describe(record.key(), record.value()));
                }
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                }
            }
        }
        return events;
    }

    /** The event's JSON as one line of the expected list; checks the key is the pump. */
    private static String describe(String key, String json) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            assertThat(node.get("pump").asText()).isEqualTo(key);
            String text = key + " " + node.get("type").asText() + " " + hm(node.get("time").asText());
            if (node.has("start")) {
                text += " start " + hm(node.get("start").asText());
                if (node.has("end")) {
                    text += " end " + hm(node.get("end").asText());
                }
                text += " min " + node.get("minPsi").asDouble() + "@" + hm(node.get("minPsiTime").asText())
                        + " n " + node.get("readings").asLong();
            }
            return text;
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private static String hm(String instant) {
        return DateTimeFormatter.ofPattern("HH:mm").withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.parse(instant));
    }

    private static Map<String, PumpRows.Episode> episodes(Clusters clusters, JobOptions options) {
        Map<String, PumpRows.Episode> episodes = new TreeMap<>();
        try (Table table = clusters.hbase().getTable(TableName.valueOf(options.get(JobOptions.SENSOR_TABLE)));
                ResultScanner scanner = table.getScanner(new Scan().addFamily(PumpSchema.EPISODE))) {
            for (Result result : scanner) {
                PumpRows.episode(result).ifPresent(e -> episodes.put(e.pump() + " " + hm(e.start().toString()), e));
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return episodes;
    }
}
