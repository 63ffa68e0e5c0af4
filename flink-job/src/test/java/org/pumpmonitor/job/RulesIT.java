package org.pumpmonitor.job;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pumpmonitor.core.hbase.DeadLetterCodec;
import org.pumpmonitor.core.hbase.EpisodeCodec;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.PipelineSinks;
import org.pumpmonitor.job.source.KafkaReadings;
import org.pumpmonitor.job.testing.AlarmTopic;
import org.pumpmonitor.job.testing.TestJobs;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.job.testing.TestJobs.await;
import static org.pumpmonitor.job.testing.TestJobs.status;

/**
 * Alarm rules changed while the job runs, exactly once across a failure and a resume at another
 * parallelism: the whole job on the MiniCluster with its unbounded Kafka sources (readings and
 * rules), rules added, tightened and deleted mid-stream, records that are no rule, a failure after
 * a rule change, a stop with a savepoint and a resume at parallelism 1. A read-committed consumer
 * of the alarm topic then sees exactly the events worked out here from the readings and the
 * history of rule changes, each once and in order per pump, and HBase holds exactly the episodes.
 *
 * <p>Each rule change is awaited (the job's {@code alarmRuleChanges} metric on every subtask)
 * before the readings that must see it are sent, and checkpointed before the failure: a change
 * applies to the readings the job takes after it (see {@code EpisodeDetector}).
 */
@ExtendWith(SharedClusters.class)
class RulesIT {

    private static final int PARTITIONS = 2;
    private static final LocalDateTime T0 = LocalDateTime.parse("2014-03-10T00:00");
    private static final List<String> PUMPS = List.of("A", "B", "C");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(metricsOftenRefreshed()).build());

    private static Configuration metricsOftenRefreshed() {
        Configuration conf = new Configuration();
        conf.setString("metrics.fetcher.update-interval", "200");
        return conf;
    }

    @TempDir
    Path state;

    private final List<JobClient> jobs = new ArrayList<>();

    @AfterEach
    void cancelJobs() {
        for (JobClient job : jobs) {
            try {
                job.cancel().get(1, TimeUnit.MINUTES);
            } catch (Exception e) {
                // ended already
            }
        }
    }

    /** psi of a pump at a minute: B under b-psi's 10 at 40-43 and 58-62, B and C under the built-in 5 at times. */
    private static double psi(String pump, int m) {
        return switch (pump) {
            case "B" -> (m >= 40 && m <= 43) || (m >= 58 && m <= 62) ? 8 : m == 100 ? 3 : 80;
            case "C" -> m == 10 || m == 11 || m == 130 || m == 131 ? 3 : 80;
            default -> 80;
        };
    }

    /** Flow of a pump at a minute: A low at 5-6 (no rule yet), 35-37, 70-72 (above the tightened limit), 95-96, 125-126. */
    private static double flo(String pump, int m) {
        if (pump.equals("C")) {
            return 1500 - 10 * m;
        }
        if (!pump.equals("A")) {
            return 900;
        }
        if (m == 5 || m == 6 || (m >= 35 && m <= 37)) {
            return 450;
        }
        if (m >= 70 && m <= 72) {
            return 400;
        }
        return m == 95 || m == 96 || m == 125 || m == 126 ? 250 : 900;
    }

    private static final String LOW_FLOW = "{\"id\":\"low-flow\",\"measure\":\"flo\",\"below\":500,\"clearAfter\":1,"
            + "\"predictMinutes\":0}";
    private static final String LOW_FLOW_TIGHTER = "{\"id\":\"low-flow\",\"measure\":\"flo\",\"below\":300,"
            + "\"clearAfter\":1,\"predictMinutes\":0}";
    private static final String B_PSI = "{\"id\":\"b-psi\",\"pump\":\"B\",\"measure\":\"psi\",\"below\":10,"
            + "\"raiseAfter\":2,\"clearAfter\":1,\"severity\":\"warning\",\"predictMinutes\":0}";
    /** C's flow falls by 10 a minute: the line reaches 305 at minute 119.5, within 10 minutes from minute 110. */
    private static final String C_FLOW_TREND = "{\"id\":\"c-flow\",\"pump\":\"C\",\"measure\":\"flo\",\"below\":305,"
            + "\"predictMinutes\":10,\"trendMinutes\":30}";

    /** Worked out by hand from the readings above and the rule changes of the test, in the order they come. */
    private static final List<String> EXPECTED = List.of(
            "C RAISED 00:10 start 00:10 min 3.0@00:10 n 1",
            "C CLEARED 00:13 start 00:10 end 00:12 min 3.0@00:10 n 2",
            // change 1: low-flow below 500 for every pump, B's own psi below 10 (replacing the built-in for B)
            "A RAISED 00:35 start 00:35 peak 450.0@00:35 n 1 rule low-flow",
            "A CLEARED 00:38 start 00:35 end 00:38 peak 450.0@00:35 n 3 rule low-flow",
            "B RAISED 00:41 start 00:40 min 8.0@00:40 n 2 rule b-psi",
            "B CLEARED 00:44 start 00:40 end 00:44 min 8.0@00:40 n 4 rule b-psi",
            "B RAISED 00:59 start 00:58 min 8.0@00:58 n 2 rule b-psi",
            // change 2: low-flow tightened to 300, b-psi deleted: B's open episode ends at its next reading
            "B CLEARED 01:00 start 00:58 end 01:00 min 8.0@00:58 n 2 rule b-psi (rule no longer applies)",
            // the failure comes at minute 80
            "A RAISED 01:35 start 01:35 peak 250.0@01:35 n 1 rule low-flow",
            "A CLEARED 01:37 start 01:35 end 01:37 peak 250.0@01:35 n 2 rule low-flow",
            "B RAISED 01:40 start 01:40 min 3.0@01:40 n 1",
            "B CLEARED 01:42 start 01:40 end 01:41 min 3.0@01:40 n 1",
            // resumed at parallelism 1 from a savepoint: the rules come back with the state
            // C's own flow rule (set with change 1) warns 10 minutes ahead; the warning outlives the failure,
            // and the savepoint: the limit is crossed after the resume
            "C PREDICTED 01:50 start 01:50 crosses 01:59 rule c-flow",
            "C PREDICTION_ENDED 02:00 start 01:50 end 02:00 crosses 01:59 rule c-flow (limit crossed)",
            "C RAISED 02:00 start 02:00 peak 300.0@02:00 n 1 rule c-flow",
            "A RAISED 02:05 start 02:05 peak 250.0@02:05 n 1 rule low-flow",
            "A CLEARED 02:07 start 02:05 end 02:07 peak 250.0@02:05 n 2 rule low-flow",
            "C RAISED 02:10 start 02:10 min 3.0@02:10 n 1",
            "C CLEARED 02:13 start 02:10 end 02:12 min 3.0@02:10 n 2");

    @Test
    void rulesChangedMidStreamAcrossAFailureAndARescale(Clusters clusters,
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        String name = SharedClusters.uniqueName("rules");
        String alarmTopic = name + "_alarms";
        String rulesTopic = name + "_rules";
        clusters.createTopic(name, PARTITIONS);
        clusters.createTopic(alarmTopic, PARTITIONS);
        clusters.createTopic(rulesTopic, 1);
        JobOptions options = TestJobs.options(clusters, name, name, Map.of(
                "kafka.alarm-topic", alarmTopic,
                "kafka.rules-topic", rulesTopic,
                "checkpoint.interval", "1 d",
                "hbase.sink.flush-interval", "50 ms",
                "restart.max-delay", "1 s"));
        new PumpTables(options.get(JobOptions.SENSOR_TABLE), options.get(JobOptions.DEAD_LETTER_TABLE))
                .createAll(clusters.hbaseConfiguration());

        StatisticsAcrossRestartsIT.FailOnMarker.failed = false;
        JobClient job = start(options, 2, null);
        send(clusters, name, 0, 30);
        awaitEvents(clusters, alarmTopic, flink, job, 2);

        rule(clusters, rulesTopic, "low-flow", LOW_FLOW);
        rule(clusters, rulesTopic, "b-psi", B_PSI);
        rule(clusters, rulesTopic, "c-flow", C_FLOW_TREND);
        rule(clusters, rulesTopic, "low-flow", "{\"id\":\"low-flow\",\"measure\":\"flow\",\"below\":1}");
        rule(clusters, rulesTopic, "junk", "{\"id\":");
        awaitRuleChanges(flink, job, 3);
        send(clusters, name, 30, 60);
        awaitEvents(clusters, alarmTopic, flink, job, 7);

        rule(clusters, rulesTopic, "low-flow", LOW_FLOW_TIGHTER);
        rule(clusters, rulesTopic, "b-psi", null);
        awaitRuleChanges(flink, job, 5);
        checkpoint(flink, job);
        send(clusters, name, 60, 80);
        send(clusters, name, StatisticsAcrossRestartsIT.FailOnMarker.MARKER);
        await("the injected failure", () -> StatisticsAcrossRestartsIT.FailOnMarker.failed);
        send(clusters, name, 80, 120);
        await("the job running again", () -> status(job) == JobStatus.RUNNING);
        awaitEvents(clusters, alarmTopic, flink, job, 13);

        String savepoint = job.stopWithSavepoint(false, state.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        JobClient resumed = start(options, 1, savepoint);
        send(clusters, name, 120, 140);
        awaitEvents(clusters, alarmTopic, flink, resumed, EXPECTED.size());

        List<String> seen = AlarmTopic.committed(clusters.kafkaBootstrapServers(), alarmTopic, PARTITIONS);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(EXPECTED);
        for (String pump : PUMPS) {
            assertThat(seen.stream().filter(e -> e.startsWith(pump + " ")).toList()).as("pump %s's events in order", pump)
                    .containsExactlyElementsOf(EXPECTED.stream().filter(e -> e.startsWith(pump + " ")).toList());
        }

        await("the episodes in HBase", () -> episodes(clusters, options).size() == 10);
        assertThat(episodes(clusters, options)).containsExactly(
                Map.entry("A 00:35 low-flow", "cleared 00:38 peak 450.0 flo below 500.0 critical"),
                Map.entry("A 01:35 low-flow", "cleared 01:37 peak 250.0 flo below 300.0 critical"),
                Map.entry("A 02:05 low-flow", "cleared 02:07 peak 250.0 flo below 300.0 critical"),
                Map.entry("B 00:40 b-psi", "cleared 00:44 peak 8.0 psi below 10.0 warning"),
                Map.entry("B 00:58 b-psi", "cleared 01:00 peak 8.0 psi below 10.0 warning"),
                Map.entry("B 01:40 low-pressure", "cleared 01:41 peak 3.0 psi below 5.0 critical"),
                Map.entry("C 00:10 low-pressure", "cleared 00:12 peak 3.0 psi below 5.0 critical"),
                Map.entry("C 01:50 c-flow", "prediction cleared 02:00 peak NaN flo below 305.0 warning"),
                Map.entry("C 02:00 c-flow", "open peak 300.0 flo below 305.0 critical"),
                Map.entry("C 02:10 low-pressure", "cleared 02:12 peak 3.0 psi below 5.0 critical"));

        List<String> invalid = deadLetterReasons(clusters, options, rulesTopic);
        assertThat(invalid).as("records of the rules topic that are no rule, in offset order").hasSize(2);
        assertThat(invalid.get(0)).isEqualTo("invalid alarm rule: unknown measure 'flow' (known: hz, disp, flo, sedPPM, psi, chlPPM)");
        assertThat(invalid.get(1)).startsWith("invalid alarm rule: not JSON: ");
        assertThat(status(resumed)).isEqualTo(JobStatus.RUNNING);
    }

    private JobClient start(JobOptions options, int parallelism, String restoreFrom) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        PumpMonitorJob.configure(env, options);
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, state.resolve("checkpoints").toUri().toString());
        env.configure(conf);
        new PumpMonitorPipeline(options).build(env,
                KafkaReadings.source(options).setDeserializer(new StatisticsAcrossRestartsIT.FailOnMarker()).build(),
                PipelineSinks.hbase(options));
        StreamGraph graph = env.getStreamGraph();
        if (restoreFrom != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restoreFrom, false));
        }
        JobClient job = env.executeAsync(graph);
        jobs.add(job);
        await("job running", () -> status(job) == JobStatus.RUNNING);
        return job;
    }

    /** Checkpoints until the committed alarm events number at least {@code count}. */
    private static void awaitEvents(Clusters clusters, String alarmTopic, ClusterClient<?> flink, JobClient job, int count) {
        await(count + " alarm events committed", Duration.ofMinutes(2), () -> {
            checkpoint(flink, job);
            return AlarmTopic.committed(clusters.kafkaBootstrapServers(), alarmTopic, PARTITIONS).size() >= count;
        }, () -> ": " + AlarmTopic.committed(clusters.kafkaBootstrapServers(), alarmTopic, PARTITIONS));
    }

    /** Waits until every subtask of the alarm operator has applied this many rule changes. */
    private static void awaitRuleChanges(ClusterClient<?> flink, JobClient job, int changes) {
        await(changes + " rule changes applied", Duration.ofMinutes(1),
                () -> ruleChanges(flink, job) >= changes, () -> ": " + ruleChanges(flink, job));
    }

    /** The fewest rule changes a subtask of the alarm operator has applied; -1 before the metric shows. */
    private static long ruleChanges(ClusterClient<?> flink, JobClient job) {
        try {
            String jobPath = "/jobs/" + job.getJobID();
            for (JsonNode vertex : TestJobs.rest(flink, jobPath).path("vertices")) {
                String path = jobPath + "/vertices/" + vertex.path("id").asText() + "/metrics";
                List<String> ids = new ArrayList<>();
                TestJobs.rest(flink, path).forEach(m -> {
                    if (m.path("id").asText().endsWith("." + org.pumpmonitor.job.alarms.EpisodeDetector.RULE_CHANGES_METRIC)) {
                        ids.add(m.path("id").asText());
                    }
                });
                if (!ids.isEmpty()) {
                    long fewest = Long.MAX_VALUE;
                    for (JsonNode m : TestJobs.rest(flink, path + "?get=" + String.join(",", ids))) {
                        fewest = Math.min(fewest, m.path("value").asLong());
                    }
                    return ids.size() < vertex.path("parallelism").asInt() ? -1 : fewest;
                }
            }
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** A checkpoint of the running job; false while a restarting job cannot take one. */
    private static boolean checkpoint(ClusterClient<?> flink, JobClient job) {
        try {
            flink.triggerCheckpoint(job.getJobID(), CheckpointType.DEFAULT).get(1, TimeUnit.MINUTES);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void rule(Clusters clusters, String topic, String id, String json) {
        try (KafkaProducer<byte[], byte[]> producer = TestJobs.producer(clusters)) {
            producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                    json == null ? null : json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void send(Clusters clusters, String topic, int fromMinute, int toMinute) {
        try (KafkaProducer<byte[], byte[]> producer = TestJobs.producer(clusters)) {
            for (int minute = fromMinute; minute < toMinute; minute++) {
                LocalDateTime t = T0.plusMinutes(minute);
                String date = t.getMonthValue() + "/" + t.getDayOfMonth() + "/" + (t.getYear() % 100);
                String time = t.getHour() + ":" + String.format("%02d", t.getMinute());
                for (String pump : PUMPS) {
                    String line = pump + "," + date + "," + time + ",10.2,1.7," + flo(pump, minute) + ",1.5,"
                            + psi(pump, minute) + ",1.9";
                    producer.send(new ProducerRecord<>(topic, pump.getBytes(StandardCharsets.UTF_8),
                            line.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
    }

    private static void send(Clusters clusters, String topic, byte[] value) {
        try (KafkaProducer<byte[], byte[]> producer = TestJobs.producer(clusters)) {
            producer.send(new ProducerRecord<>(topic, "A".getBytes(StandardCharsets.UTF_8), value));
        }
    }

    private static String hm(java.time.Instant instant) {
        return DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(instant);
    }

    /** {@code PUMP HH:mm RULE} -> {@code state end peak measure condition threshold severity}. */
    private static Map<String, String> episodes(Clusters clusters, JobOptions options) {
        Map<String, String> episodes = new TreeMap<>();
        try (Table table = clusters.hbase().getTable(TableName.valueOf(options.get(JobOptions.SENSOR_TABLE)));
                ResultScanner scanner = table.getScanner(new Scan().addFamily(PumpSchema.EPISODE))) {
            for (Result result : scanner) {
                EpisodeCodec.EPISODES.decode(result).ifPresent(e -> episodes.put(
                        e.pump() + " " + hm(e.start()) + " " + e.rule(),
                        (e.isPrediction() ? "prediction " : "") + (e.open() ? "open" : "cleared " + hm(e.end())) + " peak " + e.peak() + " " + e.measure() + " "
                                + e.condition() + " " + e.threshold() + " " + e.severity()));
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return episodes;
    }

    private static List<String> deadLetterReasons(Clusters clusters, JobOptions options, String topic) {
        List<String> reasons = new ArrayList<>();
        try (Table table = clusters.hbase().getTable(TableName.valueOf(options.get(JobOptions.DEAD_LETTER_TABLE)));
                ResultScanner scanner = table.getScanner(new Scan())) {
            for (Result result : scanner) {
                DeadLetterCodec.DEAD_LETTERS.decode(result).filter(d -> d.topic().equals(topic))
                        .ifPresent(d -> reasons.add(d.reason()));
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return reasons;
    }
}
