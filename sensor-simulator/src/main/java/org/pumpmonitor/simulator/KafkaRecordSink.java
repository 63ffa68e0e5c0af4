package org.pumpmonitor.simulator;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends records to a Kafka topic with an idempotent producer ({@code acks=all}), batched and
 * compressed for throughput. Each record carries its send time (epoch milliseconds, decimal
 * text) in the {@value #SENT_AT_HEADER} header, for end-to-end latency.
 */
public final class KafkaRecordSink implements RecordSink {

    public static final String SENT_AT_HEADER = "sent-at";

    /** How long the start-up check waits for the broker before it gives up. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    private KafkaRecordSink(String topic, KafkaProducer<String, byte[]> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    /** Checks that the broker answers and the topic exists, then opens the producer. */
    public static KafkaRecordSink open(String bootstrapServers, String topic) {
        checkTopic(bootstrapServers, topic);
        return new KafkaRecordSink(topic,
                new KafkaProducer<>(producerConfig(bootstrapServers), new StringSerializer(), new ByteArraySerializer()));
    }

    /** The simulator's producer settings: every record acknowledged by all replicas, once, in order. */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        return new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000));
    }

    private static void checkTopic(String bootstrapServers, String topic) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, CONNECT_TIMEOUT_SECONDS * 1000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, CONNECT_TIMEOUT_SECONDS * 1000);
        try (Admin admin = Admin.create(config)) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new SimulatorException("topic '" + topic + "' does not exist on " + bootstrapServers
                        + " (create it, e.g. kafka-topics.sh --bootstrap-server " + bootstrapServers
                        + " --create --topic " + topic + " --partitions 3)");
            }
            throw new SimulatorException("cannot reach Kafka at " + bootstrapServers + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new SimulatorException("cannot reach Kafka at " + bootstrapServers
                    + " within " + CONNECT_TIMEOUT_SECONDS + " s (is the broker running? is --kafka.bootstrap-servers right?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorException("interrupted while connecting to Kafka");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new SimulatorException("cannot use Kafka at " + bootstrapServers + ": " + e.getMessage());
        }
    }

    @Override
    public void send(SensorRecord record) {
        ProducerRecord<String, byte[]> message = new ProducerRecord<>(topic, record.key(), record.value());
        message.headers().add(SENT_AT_HEADER,
                Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII));
        producer.send(message, (metadata, error) -> {
            if (error == null) {
                acknowledged.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstError.compareAndSet(null, error.getClass().getSimpleName() + ": " + error.getMessage());
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public long failed() {
        return failed.get();
    }

    @Override
    public String firstError() {
        return firstError.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
