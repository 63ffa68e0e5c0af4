package org.pumpmonitor.job;

import org.pumpmonitor.job.source.KafkaReadings;
import org.pumpmonitor.core.hbase.EpisodeCodec;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.PipelineSinks;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pumpmonitor.core.hbase.PumpRows;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.job.testing.AlarmTopic;
import org.pumpmonitor.job.testing.TestJobs;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

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

    /**
     * Checkpoints only when the test asks, so that the failure certainly comes after events that
     * no checkpoint covers yet (HBase holds their episode, the topic does not): the restarted job
     * must emit them again, and a read-committed consumer sees them once.
     */
    @Test
    void everyEventOnceForReadCommittedConsumersAcrossAFailure(Clusters clusters, @TempDir Path state,
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        java.time.Instant started = java.time.Instant.now().minusSeconds(1);
        String name = SharedClusters.uniqueName("alarm_events");
        String alarmTopic = name + "_alarms";
        clusters.createTopic(name, PARTITIONS);
        clusters.createTopic(alarmTopic, PARTITIONS);
        JobOptions options = org.pumpmonitor.job.testing.TestJobs.options(clusters, name, name, Map.of(
                "kafka.alarm-topic", alarmTopic,
                "checkpoint.interval", "1 d",
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
                KafkaReadings.source(options).setDeserializer(new StatisticsAcrossRestartsIT.FailOnMarker()).build(),
                PipelineSinks.hbase(options));
        JobClient job = env.executeAsync("alarm events");
        try {
            await("job running", () -> status(job) == org.apache.flink.api.common.JobStatus.RUNNING);
            send(clusters, name, 0, 60);
            awaitCleared("ALPHA's and BRAVO's first episodes processed", clusters, options, "ALPHA 00:20", "BRAVO 00:50");
            checkpoint(flink, job);
            await("committed with the first checkpoint", Duration.ofMinutes(1),
                    () -> events(clusters, alarmTopic).containsAll(EXPECTED.subList(0, 4)),
                    () -> ": " + events(clusters, alarmTopic));

            // QUIET resumes at 01:20, BRAVO raises at 01:30 and clears at 01:33, all after that
            // checkpoint; the failure comes before the next one, so the restarted job replays them.
            send(clusters, name, 60, 95);
            awaitCleared("BRAVO's second episode processed", clusters, options, "BRAVO 01:30");
            assertThat(events(clusters, alarmTopic)).as("not committed before the failure")
                    .doesNotContain(EXPECTED.get(4), EXPECTED.get(5), EXPECTED.get(7));
            send(clusters, name, StatisticsAcrossRestartsIT.FailOnMarker.MARKER);
            await("the injected failure", () -> StatisticsAcrossRestartsIT.FailOnMarker.failed);
            send(clusters, name, 95, 120);
            await("the job running again", () -> status(job) == org.apache.flink.api.common.JobStatus.RUNNING);
            checkpoint(flink, job);
            await("every event committed", Duration.ofMinutes(1),
                    () -> events(clusters, alarmTopic).size() >= EXPECTED.size(), () -> ": " + events(clusters, alarmTopic));

            List<String> seen = events(clusters, alarmTopic);
            assertThat(seen).containsExactlyInAnyOrderElementsOf(EXPECTED);
            assertThat(seen.stream().filter(e -> e.startsWith("BRAVO")).toList()).as("one pump's events in order")
                    .containsExactly(EXPECTED.subList(2, 6).toArray(String[]::new));
            assertThat(AlarmTopic.timestamps(clusters.kafkaBootstrapServers(), alarmTopic, PARTITIONS))
                    .as("record timestamps: when published, not the readings' 2014 (retention would delete them)")
                    .allMatch(t -> t.isAfter(started));
            assertThat(status(job)).isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);

            await("the episodes in HBase", () -> episodes(clusters, options).size() == 3
                    && episodes(clusters, options).values().stream().allMatch(e -> !e.open()));
            Map<String, EpisodeCodec.Episode> episodes = episodes(clusters, options);
            assertThat(episodes.keySet()).containsExactly("ALPHA 00:20", "BRAVO 00:50", "BRAVO 01:30");
            EpisodeCodec.Episode alpha = episodes.get("ALPHA 00:20");
            assertThat(alpha.end()).isEqualTo(T0.plusMinutes(25).toInstant(java.time.ZoneOffset.UTC));
            assertThat(alpha.minPsi()).isEqualTo(2.0);
            assertThat(alpha.readings()).isEqualTo(5);
        } finally {
            job.cancel().get();
        }
    }

    /** A checkpoint of the running job, retried while a restarting job cannot take one yet. */
    private static void checkpoint(ClusterClient<?> flink, JobClient job) {
        await("a checkpoint", () -> {
            try {
                flink.triggerCheckpoint(job.getJobID(), CheckpointType.DEFAULT).get(1, TimeUnit.MINUTES);
                return true;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** Waits until HBase holds these episodes (pump and start) as cleared. */
    private static void awaitCleared(String what, Clusters clusters, JobOptions options, String... episodes) {
        await(what, Duration.ofMinutes(1), () -> {
            Map<String, EpisodeCodec.Episode> stored = episodes(clusters, options);
            return java.util.Arrays.stream(episodes).allMatch(e -> stored.containsKey(e) && !stored.get(e).open());
        }, () -> ": " + episodes(clusters, options).keySet());
    }

    private static void send(Clusters clusters, String topic, int fromMinute, int toMinute) {
        try (KafkaProducer<byte[], byte[]> producer = TestJobs.producer(clusters)) {
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
        try (KafkaProducer<byte[], byte[]> producer = TestJobs.producer(clusters)) {
            producer.send(new ProducerRecord<>(topic, "ALPHA".getBytes(StandardCharsets.UTF_8), value));
        }
    }

    private static List<String> events(Clusters clusters, String topic) {
        return AlarmTopic.committed(clusters.kafkaBootstrapServers(), topic, PARTITIONS);
    }

    private static String hm(String instant) {
        return DateTimeFormatter.ofPattern("HH:mm").withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.parse(instant));
    }

    private static Map<String, EpisodeCodec.Episode> episodes(Clusters clusters, JobOptions options) {
        Map<String, EpisodeCodec.Episode> episodes = new TreeMap<>();
        try (Table table = clusters.hbase().getTable(TableName.valueOf(options.get(JobOptions.SENSOR_TABLE)));
                ResultScanner scanner = table.getScanner(new Scan().addFamily(PumpSchema.EPISODE))) {
            for (Result result : scanner) {
                EpisodeCodec.EPISODES.decode(result).ifPresent(e -> episodes.put(e.pump() + " " + hm(e.start().toString()), e));
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return episodes;
    }
}
