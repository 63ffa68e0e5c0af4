package org.pumpmonitor.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Creates topics for a test and returns once the broker leads every partition. A topic whose
 * creation was acknowledged may not yet be served: a producer that writes to it at once can wait
 * on its first batches, and under load (CI) it did until they expired.
 */
public final class KafkaTopics {

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private KafkaTopics() {}

    public static void create(String bootstrapServers, NewTopic... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(Arrays.asList(topics)).all().get(READY_WITHIN.toSeconds(), TimeUnit.SECONDS);
            List<String> names = Arrays.stream(topics).map(NewTopic::name).toList();
            long deadline = System.nanoTime() + READY_WITHIN.toNanos();
            String waitingFor = leaderless(admin, names);
            while (waitingFor != null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka at " + bootstrapServers + " created " + names
                            + " but has no leader for " + waitingFor + " after " + READY_WITHIN.toSeconds() + " s");
                }
                Thread.sleep(50);
                waitingFor = leaderless(admin, names);
            }
        }
    }

    /** The first partition of the topics without a leader, or null when all have one. */
    private static String leaderless(Admin admin, List<String> names) throws Exception {
        Map<String, TopicDescription> described;
        try {
            described = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return names + " (" + e.getCause().getMessage() + ")";
        }
        for (TopicDescription topic : described.values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                if (partition.leader() == null || partition.leader().isEmpty()) {
                    return topic.name() + "-" + partition.partition();
                }
            }
        }
        return null;
    }
}
