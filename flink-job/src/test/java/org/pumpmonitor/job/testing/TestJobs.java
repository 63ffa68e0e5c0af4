package org.pumpmonitor.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.flink.core.execution.JobClient;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the job's end-to-end tests share: options for the test clusters, polling, job status. */
public final class TestJobs {

    private TestJobs() {}

    /**
     * The job's options on the shared test clusters: the topic, a consumer group, a rules topic
     * (which no test creates unless it sets rules) and tables named after {@code name}, and any
     * other options given.
     */
    public static JobOptions options(Clusters clusters, String topic, String name, Map<String, String> more) {
        Map<String, String> options = new HashMap<>(Map.of(
                "kafka.bootstrap-servers", clusters.kafkaBootstrapServers(),
                "kafka.topic", topic,
                "kafka.group-id", name,
                "hbase.zookeeper.quorum", clusters.zookeeperQuorum(),
                "hbase.table.sensor", name + "_sensor",
                "hbase.table.dead-letters", name + "_dead_letters",
                "kafka.rules-topic", name + "_rules"));
        options.putAll(more);
        return JobOptions.defaults().with(options);
    }

    /** Polls the condition every 50 ms; fails with what it waited for, and the context then, after the timeout. */
    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> context) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + context.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofMinutes(2), condition, () -> "");
    }

    /** The job's status, or FAILED when it cannot be had (the job is gone). */
    public static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return JobStatus.FAILED;
        }
    }

    /** A producer of raw records to the test broker, every send acknowledged by all replicas. */
    public static KafkaProducer<byte[], byte[]> producer(Clusters clusters) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A GET of the MiniCluster's REST API, as JSON. */
    public static JsonNode rest(ClusterClient<?> flink, String path) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(flink.getWebInterfaceURL() + path))
                        .timeout(Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }
}
