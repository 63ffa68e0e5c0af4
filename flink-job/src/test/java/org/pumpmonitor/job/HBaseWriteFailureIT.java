package org.pumpmonitor.job;

import org.pumpmonitor.job.source.KafkaReadings;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.PipelineSinks;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Table;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.job.testing.TestJobs;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.job.testing.TestJobs.await;
import static org.pumpmonitor.job.testing.TestJobs.status;

/**
 * Fault case 5: HBase refuses a sparse sink's buffered write, then a checkpoint comes. The
 * connector's background flush records the failure and forgets the write (FLINK-29971); the
 * checkpoint must not complete over it, so that the write is replayed once HBase takes it again.
 */
@ExtendWith(SharedClusters.class)
class HBaseWriteFailureIT {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                    .build());

    @Test
    void aWriteThatFailedInTheBackgroundFailsTheNextCheckpointAndIsWrittenAgain(Clusters clusters) throws Exception {
        String name = SharedClusters.uniqueName("write_failure");
        clusters.createTopic(name, 1);
        JobOptions options = TestJobs.options(clusters, name, name, Map.of(
                "hbase.sink.flush-interval", "100 ms",
                "hbase.client.operation-timeout", "2 s",
                "hbase.client.rpc-timeout", "1 s",
                "hbase.client.retries", "1",
                "checkpoint.interval", "3 s",
                "restart.max-delay", "1 s"));
        TableName deadLetters = TableName.valueOf(options.get(JobOptions.DEAD_LETTER_TABLE));
        try (Admin admin = clusters.hbase().getAdmin()) {
            new PumpTables(options.get(JobOptions.SENSOR_TABLE), deadLetters.getNameAsString()).create(admin, 1);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        PumpMonitorJob.configure(env, options);
        new PumpMonitorPipeline(options).build(env, KafkaReadings.source(options).build(), PipelineSinks.hbase(options));
        JobClient job = env.executeAsync();
        try {
            await("two completed checkpoints", () -> checkpoints(job.getJobID(), "numberOfCompletedCheckpoints") >= 2);
            try (Admin admin = clusters.hbase().getAdmin()) {
                admin.disableTable(deadLetters);
            }
            RecordMetadata sent;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                sent = producer.send(new ProducerRecord<>(name, "MOJO", "not a reading")).get();
            }
            // The background flush fails within the operation timeout; a checkpoint comes after it.
            long failedBefore = checkpoints(job.getJobID(), "numberOfFailedCheckpoints");
            long completedBefore = checkpoints(job.getJobID(), "numberOfCompletedCheckpoints");
            await("a checkpoint after the failed write", () ->
                    checkpoints(job.getJobID(), "numberOfFailedCheckpoints") > failedBefore
                            || checkpoints(job.getJobID(), "numberOfCompletedCheckpoints") > completedBefore + 1);
            try (Admin admin = clusters.hbase().getAdmin()) {
                admin.enableTable(deadLetters);
            }

            byte[] row = PumpSchema.deadLetterRowKey(name, sent.partition(), sent.offset());
            try (Table table = clusters.hbase().getTable(deadLetters)) {
                await("the dead letter written once HBase takes it again", () -> exists(table, new Get(row)));
            }
            await("the job running again", () -> status(job) == JobStatus.RUNNING);
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    private static long checkpoints(JobID job, String metric) {
        return METRICS.findMetrics(job, metric).entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + metric) && e.getValue() instanceof Gauge)
                .mapToLong(e -> ((Number) ((Gauge<?>) e.getValue()).getValue()).longValue())
                .max().orElse(0);
    }

    private static boolean exists(Table table, Get get) {
        try {
            return table.exists(get);
        } catch (Exception e) {
            return false;
        }
    }

}
