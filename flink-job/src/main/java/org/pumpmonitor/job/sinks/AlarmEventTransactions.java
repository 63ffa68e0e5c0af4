package org.pumpmonitor.job.sinks;

import org.pumpmonitor.core.options.JobOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Kafka transactions that carry the alarm events: how long they may stay open, what they
 * are called, and whether the broker allows them.
 *
 * <p>A transaction is committed when the checkpoint that closed it completes. If the job fails in
 * between and its recovery (or a slow checkpoint) outlasts {@code transaction.timeout.ms}, the
 * broker aborts the transaction and its events are gone: the timeout must outlive the longest
 * outage the job is meant to ride out, and the broker's {@code transaction.max.timeout.ms} must
 * allow it. Such a loss is never silent: Flink's committer counts it in its
 * {@code numCommittablesFailure} metric and the connector logs it as an error.
 */
public final class AlarmEventTransactions {

    static final String TIMEOUT = ProducerConfig.TRANSACTION_TIMEOUT_CONFIG;
    static final String BROKER_MAXIMUM = "transaction.max.timeout.ms";

    private AlarmEventTransactions() {}

    /**
     * The producer's properties: every {@code --kafka.property.*}, and the transaction timeout of
     * {@code --kafka.alarm-transaction-timeout} unless {@code --kafka.property.transaction.timeout.ms}
     * sets it: the user's own value always wins.
     */
    public static Properties producerProperties(JobOptions options) {
        Properties producer = new Properties();
        producer.putAll(options.properties(JobOptions.KAFKA_PROPERTY_PREFIX));
        producer.putIfAbsent(TIMEOUT, Long.toString(options.get(JobOptions.ALARM_TRANSACTION_TIMEOUT).toMillis()));
        return producer;
    }

    /** The transaction timeout the alarm events' producer will ask for. */
    public static Duration timeout(JobOptions options) {
        return Duration.ofMillis(Long.parseLong(producerProperties(options).getProperty(TIMEOUT).strip()));
    }

    /**
     * The prefix of the alarm events' transactional ids: the same for every start of one pipeline
     * (its topic, consumer group and alarm topic), so that a restart aborts what an earlier run
     * left open, and different for any other pipeline, so that two jobs never fence each other.
     */
    public static String transactionalIdPrefix(JobOptions options) {
        String pipeline = String.join("\n", options.get(JobOptions.KAFKA_TOPIC),
                options.get(JobOptions.KAFKA_GROUP_ID), options.get(JobOptions.KAFKA_ALARM_TOPIC));
        return "pump-monitor-" + options.get(JobOptions.KAFKA_GROUP_ID) + "-" + sha256(pipeline).substring(0, 12);
    }

    /**
     * Fails with what to do when the brokers would refuse the transaction timeout: the job would
     * otherwise fail only once its first transaction starts, with a broker error.
     */
    public static void checkBrokerAllows(JobOptions options) {
        Duration timeout = timeout(options);
        String servers = options.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS);
        Properties config = new Properties();
        config.putAll(options.properties(JobOptions.KAFKA_PROPERTY_PREFIX));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        long maximum;
        try (Admin admin = Admin.create(config)) {
            // Every broker may coordinate transactions; they are configured alike in practice.
            Node broker = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS);
            ConfigEntry entry = configs.get(resource).get(BROKER_MAXIMUM);
            if (entry == null || entry.value() == null) {
                return; // not readable with these credentials: the broker will say it itself
            }
            maximum = Long.parseLong(entry.value());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read " + BROKER_MAXIMUM + " from Kafka at " + servers + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the Kafka broker's configuration", e);
        }
        if (timeout.toMillis() > maximum) {
            throw new IllegalStateException("The alarm events' Kafka transactions need " + TIMEOUT + " = "
                    + timeout.toMillis() + " ms (" + describe(timeout) + "), but the brokers at " + servers
                    + " allow at most " + BROKER_MAXIMUM + " = " + maximum + " ms (" + describe(Duration.ofMillis(maximum))
                    + "). Raise the brokers' " + BROKER_MAXIMUM + " (recommended: the timeout must outlast the "
                    + "longest recovery, or the events of a checkpoint are lost), or lower the job's with "
                    + "--kafka.alarm-transaction-timeout.");
        }
    }

    private static String describe(Duration d) {
        return d.toMinutes() >= 60 && d.toMinutes() % 60 == 0 ? d.toHours() + " h"
                : d.toSeconds() >= 60 && d.toSeconds() % 60 == 0 ? d.toMinutes() + " min"
                : d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
