package org.pumpmonitor.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads a topic of alarm events as a consumer would, and writes each event as one short line. */
public final class AlarmTopic {

    private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private AlarmTopic() {}

    /**
     * Every event of the topic from the start to its end (for read-committed, to the last stable
     * offset), as {@link #describe} writes it.
     *
     * @param isolation {@code read_committed} (what the product promises) or {@code read_uncommitted}
     */
    public static List<String> events(String servers, String topic, int partitions, String isolation) {
        List<String> events = new ArrayList<>();
        read(servers, topic, partitions, isolation, record -> events.add(describe(record.key(), record.value())));
        return events;
    }

    /** The Kafka timestamps of the topic's committed records. */
    public static List<Instant> timestamps(String servers, String topic, int partitions) {
        List<Instant> timestamps = new ArrayList<>();
        read(servers, topic, partitions, "read_committed", record -> timestamps.add(Instant.ofEpochMilli(record.timestamp())));
        return timestamps;
    }

    private static void read(String servers, String topic, int partitions, String isolation,
            java.util.function.Consumer<ConsumerRecord<String, String>> each) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (assigned.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(each);
            }
        }
    }

    public static List<String> committed(String servers, String topic, int partitions) {
        return events(servers, topic, partitions, "read_committed");
    }

    /**
     * {@code PUMP TYPE HH:mm}, and for an episode {@code start HH:mm [end HH:mm] min PSI@HH:mm n READINGS}
     * ({@code peak VALUE@HH:mm} for a rule on another measure or above), then {@code rule ID} for a
     * rule other than the built-in one and {@code (reason)} for a clear that no reading made;
     * fails when the record's key is not its pump.
     */
    public static String describe(String key, String json) {
        try {
            JsonNode node = new ObjectMapper().readTree(json);
            if (!node.get("pump").asText().equals(key)) {
                throw new AssertionError("key " + key + " of " + json);
            }
            String text = key + " " + node.get("type").asText() + " " + hm(node.get("time").asText());
            if (node.get("type").asText().startsWith("PREDICT")) {
                text += " start " + hm(node.get("start").asText());
                if (node.has("end")) {
                    text += " end " + hm(node.get("end").asText());
                }
                text += " crosses " + hm(node.get("predictedTime").asText()) + " rule " + node.get("rule").asText();
                if (node.has("reason")) {
                    text += " (" + node.get("reason").asText() + ")";
                }
            } else if (node.has("start")) {
                text += " start " + hm(node.get("start").asText());
                if (node.has("end")) {
                    text += " end " + hm(node.get("end").asText());
                }
                if (node.has("minPsi")) {
                    text += " min " + node.get("minPsi").asDouble() + "@" + hm(node.get("minPsiTime").asText());
                } else {
                    text += " peak " + node.get("peak").asDouble() + "@" + hm(node.get("peakTime").asText());
                }
                text += " n " + node.get("readings").asLong();
                if (node.has("rule") && !node.get("rule").asText().equals("low-pressure")) {
                    text += " rule " + node.get("rule").asText();
                }
                if (node.has("reason")) {
                    text += " (" + node.get("reason").asText() + ")";
                }
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private static String hm(String instant) {
        return HOURS_MINUTES.format(Instant.parse(instant));
    }
}
