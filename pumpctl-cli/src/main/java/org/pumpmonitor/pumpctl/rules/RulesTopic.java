package org.pumpmonitor.pumpctl.rules;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pumpmonitor.core.rules.AlarmRule;
import org.pumpmonitor.core.rules.AlarmRules;
import org.pumpmonitor.core.rules.InvalidRuleException;
import org.pumpmonitor.pumpctl.console.PumpctlException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The compacted topic of alarm rules, read and written as the job reads it: key = rule id, value =
 * the rule's JSON ({@link AlarmRules}), a record without a value deletes its rule. Every call gives
 * up with a {@link PumpctlException} when Kafka does not answer within {@link #TIMEOUT}.
 */
public final class RulesTopic {

    /** How long a missing broker may keep a command waiting. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long reading the topic to its end may take, on a broker that answers. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String topic;

    public RulesTopic(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    public String name() {
        return topic;
    }

    /** A record of the topic that is no rule, and the reason the job refuses it too. */
    public record NotARule(int partition, long offset, String key, String reason) {
        /** Where it is, and its key: {@code offset 7, key 'low-flow'}. */
        public String where(boolean onePartition) {
            return (onePartition ? "" : "partition " + partition + ", ") + "offset " + offset + ", key "
                    + (key == null ? "none" : "'" + key + "'");
        }
    }

    /**
     * What the topic holds now, as a job that reads it from its beginning applies it: per key the
     * newest rule, unless a tombstone came after it; a record that is no rule never replaces the
     * rule before it, and is kept here while it is its key's newest record (compaction will keep it
     * and drop the good one).
     *
     * @param rules the rules by id
     * @param notRules the records that are no rule and are their key's newest, in offset order
     */
    public record Contents(Map<String, AlarmRule> rules, List<NotARule> notRules, int partitions) {

        /** Whether the topic has a record of this key that a tombstone would remove. */
        public boolean holds(String id) {
            return rules.containsKey(id) || notRules.stream().anyMatch(r -> id.equals(r.key()));
        }

        /** The ids of the rules and the keys of the records that are no rule, sorted. */
        public List<String> keys() {
            TreeSet<String> keys = new TreeSet<>(rules.keySet());
            notRules.stream().map(NotARule::key).filter(Objects::nonNull).forEach(keys::add);
            return List.copyOf(keys);
        }
    }

    /** Reads the topic from its beginning to its end. */
    public Contents read() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Map<String, AlarmRule> rules = new TreeMap<>();
            // By key; a record without a key is kept under "", which no rule id can be.
            Map<String, NotARule> notRules = new HashMap<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!partitions.stream().allMatch(p -> consumer.position(p, TIMEOUT) >= end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new PumpctlException("could not read topic " + topic + " to its end within "
                            + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                    AlarmRule rule;
                    try {
                        rule = AlarmRules.fromRecord(record.key(), record.value());
                    } catch (InvalidRuleException e) {
                        notRules.put(key == null ? "" : key,
                                new NotARule(record.partition(), record.offset(), key, e.getMessage()));
                        continue;
                    }
                    notRules.remove(key);
                    if (rule == null) {
                        rules.remove(key);
                    } else {
                        rules.put(key, rule);
                    }
                }
            }
            List<NotARule> newestNotRules = new ArrayList<>(notRules.values());
            newestNotRules.sort(Comparator.comparingInt(NotARule::partition).thenComparingLong(NotARule::offset));
            return new Contents(rules, newestNotRules, partitions.size());
        } catch (TimeoutException e) {
            throw unreachable();
        }
    }

    /** Fails unless the topic exists: the job's rules are never written to a topic it would not read. */
    public void checkExists() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            partitions(consumer);
        }
    }

    /** A record to write: a rule's id and JSON, or its id and null to delete it. */
    public record Change(String id, String json) {
        public static Change set(AlarmRule rule) {
            return new Change(rule.id, AlarmRules.toJson(rule));
        }

        public static Change delete(String id) {
            return new Change(id, null);
        }
    }

    /**
     * Writes the changes in their order, each acknowledged by every in-sync replica, with an
     * idempotent producer (a retry never writes a record twice, nor out of order).
     */
    public void write(List<Change> changes) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Change change : changes) {
                sent.add(producer.send(new ProducerRecord<>(topic, change.id(), change.json())));
            }
            producer.flush();
            for (Future<RecordMetadata> result : sent) {
                result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            throw new PumpctlException("could not write to topic " + topic + " on " + bootstrapServers + ": "
                    + e.getCause().getMessage());
        } catch (TimeoutException | java.util.concurrent.TimeoutException e) {
            throw unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PumpctlException("interrupted while writing to topic " + topic);
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, TIMEOUT);
        } catch (TimeoutException e) {
            throw unreachable();
        }
        if (partitions == null || partitions.isEmpty()) {
            throw new PumpctlException("no topic " + topic + " on " + bootstrapServers
                    + "; 'pumpctl setup' creates it (--kafka.rules-topic names another)");
        }
        return partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private PumpctlException unreachable() {
        return new PumpctlException("cannot reach Kafka at " + bootstrapServers + " within " + TIMEOUT.toSeconds() + " s");
    }
}
