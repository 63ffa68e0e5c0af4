package org.pumpmonitor.job;

import org.pumpmonitor.job.source.KafkaReadings;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.AlarmEventTransactions;
import org.pumpmonitor.job.sinks.LostTransactionsCountingSink;
import org.pumpmonitor.job.sinks.PipelineSinks;
import com.fasterxml.jackson.databind.JsonNode;
import kafka.testkit.KafkaClusterTestKit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.testkit.KafkaTopics;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.pumpmonitor.job.testing.TestJobs;

import static org.pumpmonitor.job.testing.TestJobs.await;
import static org.pumpmonitor.job.testing.TestJobs.status;

/**
 * The alarm events' Kafka transactions: the user's timeout is the one used, a broker that would
 * refuse it stops the job at start with what to do, a transaction the broker aborted before its
 * checkpoint could commit it is counted where an operator can alert on it, and two pipelines that
 * share a consumer group do not fence each other.
 */
@ExtendWith(SharedClusters.class)
class AlarmEventTransactionsIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(metricsOftenRefreshed())
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static Configuration metricsOftenRefreshed() {
        Configuration conf = new Configuration();
        conf.setString("metrics.fetcher.update-interval", "200");
        return conf;
    }

    /**
     * A broker whose transactions may last one minute, which aborts timed-out ones every half
     * second. The job asks for 4 s; a checkpoint then takes 10 s (a slow sink, as an HBase that
     * hangs on a flush), so the transaction that holds a RAISED is aborted before its checkpoint
     * completes: the loss is counted in a metric that outlives the restart that follows.
     */
    @Test
    void aTransactionTheBrokerAbortedIsCounted(Clusters clusters, @InjectClusterClient RestClusterClient<?> flink)
            throws Exception {
        try (KafkaClusterTestKit kafka = Clusters.startKafkaBroker(Map.of(
                "transaction.max.timeout.ms", "60000",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "500"))) {
            String name = SharedClusters.uniqueName("lost_txn");
            String alarms = name + "_alarms";
            createTopics(kafka.bootstrapServers(), name, alarms);
            JobOptions defaults = org.pumpmonitor.job.testing.TestJobs.options(clusters, name, name, Map.of(
                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "kafka.alarm-topic", alarms,
                    "checkpoint.interval", "300 ms",
                    "hbase.sink.flush-interval", "50 ms",
                    "restart.max-delay", "1 s"));
            assertThatThrownBy(() -> AlarmEventTransactions.checkBrokerAllows(defaults))
                    .hasMessageContaining("transaction.timeout.ms = 7200000 ms (2 h)")
                    .hasMessageContaining("transaction.max.timeout.ms = 60000 ms (1 min)")
                    .hasMessageContaining("--kafka.alarm-transaction-timeout");
            JobOptions options = defaults.with(Map.of("kafka.property.transaction.timeout.ms", "4000"));
            AlarmEventTransactions.checkBrokerAllows(options);
            assertThat(AlarmEventTransactions.producerProperties(options)).containsEntry("transaction.timeout.ms", "4000");

            new PumpTables(options.get(JobOptions.SENSOR_TABLE), options.get(JobOptions.DEAD_LETTER_TABLE))
                    .createAll(clusters.hbaseConfiguration());
            PipelineSinks hbase = PipelineSinks.hbase(options);
            SlowCheckpointOnLowPressure.reset();
            PipelineSinks sinks = new PipelineSinks(new SlowCheckpointOnLowPressure(), hbase.alarms(), hbase.statistics(),
                    hbase.lateReadings(), hbase.deadLetters(), hbase.episodes(), hbase.alarmEvents());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            PumpMonitorJob.configure(env, options);
            new PumpMonitorPipeline(options).build(env, KafkaReadings.source(options).build(), sinks);
            JobClient job = env.executeAsync(name);
            try {
                await("job running", () -> status(job) == JobStatus.RUNNING);
                send(kafka.bootstrapServers(), name, List.of(
                        "ALPHA,3/10/14,0:00,10.2,1.7,880,1.5,80,1.9",
                        "ALPHA,3/10/14,0:01,10.2,1.7,880,1.5,2.0,1.9"));
                await("the slow checkpoint", Duration.ofMinutes(1), () -> SlowCheckpointOnLowPressure.slowed, () -> "");
                await("the lost transaction counted", Duration.ofMinutes(2),
                        () -> lostTransactions(flink, job) > 0,
                        () -> "; committer metrics: " + committerMetrics(flink, job));
                // The job carries on: what comes later is delivered.
                send(kafka.bootstrapServers(), name, List.of(
                        "ALPHA,3/10/14,0:02,10.2,1.7,880,1.5,80,1.9",
                        "ALPHA,3/10/14,0:03,10.2,1.7,880,1.5,80,1.9",
                        "BRAVO,3/10/14,0:03,10.2,1.7,880,1.5,2.0,1.9"));
                await("later events delivered", Duration.ofMinutes(2),
                        () -> committedEvents(kafka.bootstrapServers(), alarms).stream().anyMatch(e -> e.contains("BRAVO")),
                        () -> "");
                assertThat(committedEvents(kafka.bootstrapServers(), alarms))
                        .as("the RAISED of the aborted transaction is lost")
                        .noneMatch(e -> e.contains("\"ALPHA\"") && e.contains("RAISED"));
            } finally {
                job.cancel().get();
            }
        }
    }

    /**
     * Two pipelines on one cluster with the same consumer group, reading different topics: with
     * transactional ids made of the group alone they fenced each other's producers (restarts for
     * ever); each now delivers its events and never restarts.
     */
    @Test
    void twoPipelinesOfOneConsumerGroupDoNotFenceEachOther(Clusters clusters, @InjectClusterClient RestClusterClient<?> flink)
            throws Exception {
        String group = SharedClusters.uniqueName("shared_group");
        List<JobClient> jobs = new ArrayList<>();
        List<String> alarmTopics = new ArrayList<>();
        try {
            for (String pipeline : List.of("east", "west")) {
                String topic = group + "_" + pipeline;
                String alarms = topic + "_alarms";
                alarmTopics.add(alarms);
                createTopics(clusters.kafkaBootstrapServers(), topic, alarms);
                JobOptions options = org.pumpmonitor.job.testing.TestJobs.options(clusters, topic, topic, Map.of(
                        "kafka.group-id", group,
                        "kafka.alarm-topic", alarms,
                        "checkpoint.interval", "200 ms",
                        "hbase.sink.flush-interval", "50 ms",
                        "restart.max-delay", "1 s"));
                assertThat(AlarmEventTransactions.transactionalIdPrefix(options)).startsWith("pump-monitor-" + group + "-");
                new PumpTables(options.get(JobOptions.SENSOR_TABLE), options.get(JobOptions.DEAD_LETTER_TABLE))
                        .createAll(clusters.hbaseConfiguration());
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                env.setParallelism(1);
                PumpMonitorJob.configure(env, options);
                new PumpMonitorPipeline(options).build(env, KafkaReadings.source(options).build(),
                        PipelineSinks.hbase(options));
                JobClient job = env.executeAsync(topic);
                jobs.add(job);
                await("job running", () -> status(job) == JobStatus.RUNNING);
            }
            for (int minute = 0; minute < 20; minute++) {
                for (int i = 0; i < 2; i++) {
                    String pump = i == 0 ? "EAST" : "WEST";
                    double psi = minute % 4 == 1 ? 2.0 : 80;
                    send(clusters.kafkaBootstrapServers(), group + "_" + (i == 0 ? "east" : "west"), List.of(
                            pump + ",3/10/14,0:" + String.format("%02d", minute) + ",10.2,1.7,880,1.5," + psi + ",1.9"));
                }
                Thread.sleep(150); // spread over several checkpoints of both jobs
            }
            for (int i = 0; i < 2; i++) {
                String alarms = alarmTopics.get(i);
                await("five episodes raised and cleared on " + alarms, Duration.ofMinutes(1),
                        () -> committedEvents(clusters.kafkaBootstrapServers(), alarms).size() == 10, () -> "");
            }
            for (JobClient job : jobs) {
                JsonNode failures = TestJobs.rest(flink, "/jobs/" + job.getJobID() + "/exceptions").path("exceptionHistory").path("entries");
                assertThat(failures).as("failures of " + job.getJobID()).isEmpty();
            }
        } finally {
            for (JobClient job : jobs) {
                job.cancel().get();
            }
        }
    }

    /** Discards readings; the first checkpoint after a reading under 5 psi takes 10 s. */
    static final class SlowCheckpointOnLowPressure implements SinkFunction<SensorReading>, CheckpointedFunction {
        static volatile boolean sawLowPressure;
        static volatile boolean slowed;

        static void reset() {
            sawLowPressure = false;
            slowed = false;
        }

        @Override
        public void invoke(SensorReading reading, Context context) {
            if (reading.psi < 5) {
                sawLowPressure = true;
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            if (sawLowPressure && !slowed) {
                slowed = true;
                Thread.sleep(10_000); // the fault: longer than the 4 s transaction timeout
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}
    }

    private static void createTopics(String servers, String... topics) throws Exception {
        KafkaTopics.create(servers, java.util.Arrays.stream(topics).map(t -> new NewTopic(t, 1, (short) 1))
                .toArray(NewTopic[]::new));
    }

    private static void send(String servers, String topic, List<String> lines) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (String line : lines) {
                producer.send(new ProducerRecord<>(topic, line.substring(0, line.indexOf(',')), line));
            }
        }
    }

    private static List<String> committedEvents(String servers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    events.add(r.value());
                }
            }
        }
        return events;
    }

    private static long lostTransactions(RestClusterClient<?> flink, JobClient job) {
        return committerMetrics(flink, job).entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + LostTransactionsCountingSink.METRIC))
                .mapToLong(e -> Long.parseLong(e.getValue()))
                .sum();
    }

    /** The metrics of the alarm events' committer, by id. */
    private static Map<String, String> committerMetrics(RestClusterClient<?> flink, JobClient job) {
        Map<String, String> metrics = new java.util.TreeMap<>();
        try {
            String jobPath = "/jobs/" + job.getJobID();
            for (JsonNode vertex : TestJobs.rest(flink, jobPath).path("vertices")) {
                if (!vertex.path("name").asText().contains("alarm events: Committer")) {
                    continue;
                }
                String path = jobPath + "/vertices/" + vertex.path("id").asText() + "/metrics";
                List<String> ids = new ArrayList<>();
                TestJobs.rest(flink, path).forEach(m -> {
                    if (m.path("id").asText().matches(".*(Committables|TransactionsLost)")) {
                        ids.add(m.path("id").asText());
                    }
                });
                if (!ids.isEmpty()) {
                    TestJobs.rest(flink, path + "?get=" + String.join(",", ids))
                            .forEach(m -> metrics.put(m.path("id").asText(), m.path("value").asText()));
                }
            }
        } catch (Exception e) {
            metrics.put("error", e.toString());
        }
        return metrics;
    }
}
