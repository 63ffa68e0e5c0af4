package org.pumpmonitor.simulator;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator against a real Kafka broker: what it says it sent is what the topic holds. */
@ExtendWith(SharedClusters.class)
class SensorSimulatorIT {

    @Test
    void everyRecordArrivesKeyedByPumpInOrderPerPumpWithItsSendTime(Clusters clusters) throws Exception {
        String topic = SharedClusters.uniqueName("simulated");
        clusters.createTopic(topic, 3);
        long before = System.currentTimeMillis();

        SensorSimulatorTest.Run run = SensorSimulatorTest.run(
                "--kafka.bootstrap-servers", clusters.kafkaBootstrapServers(), "--kafka.topic", topic,
                "--pumps", "5", "--count", "3000", "--start", "2014-03-10T00:00",
                "--low-pressure", "3", "--malformed", "9", "--duplicates", "5", "--quiet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("sent 3014 (", "acknowledged 3014, failed 0");
        List<ConsumerRecord<String, byte[]>> records = consumeAll(clusters, topic, 3014);
        assertThat(records).hasSize(3014);

        Set<String> pumps = records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertThat(pumps).containsExactlyInAnyOrder("COHUTTA", "NANTAHALLA", "THERMALITO", "BUTTE", "CARGO");
        // One pump, one partition; within it, readings in time order.
        Map<String, Set<Integer>> partitions = new HashMap<>();
        Map<String, LocalDateTime> newest = new HashMap<>();
        int readings = 0;
        int lowPressure = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            partitions.computeIfAbsent(record.key(), k -> new HashSet<>()).add(record.partition());
            Header sentAt = record.headers().lastHeader(KafkaRecordSink.SENT_AT_HEADER);
            long sent = Long.parseLong(new String(sentAt.value(), StandardCharsets.US_ASCII));
            assertThat(sent).isBetween(before, System.currentTimeMillis());
            Reading reading = SensorCsv.parse(new String(record.value(), StandardCharsets.UTF_8));
            if (reading != null && reading.pump().equals(record.key())) {
                readings++;
                lowPressure += reading.psi() < 5 ? 1 : 0;
                LocalDateTime previous = newest.put(record.key(), reading.time());
                assertThat(previous == null || !reading.time().isBefore(previous))
                        .as("order of %s at %s", record.key(), reading.time()).isTrue();
            }
        }
        assertThat(partitions.values()).allMatch(p -> p.size() == 1);
        assertThat(readings).isGreaterThanOrEqualTo(3000 + 5);
        assertThat(lowPressure).isBetween(3 * 3, 3 * 10);
    }

    @Test
    void aMissingTopicIsOneLineAndExitOne(Clusters clusters) {
        SensorSimulatorTest.Run run = SensorSimulatorTest.run(
                "--kafka.bootstrap-servers", clusters.kafkaBootstrapServers(), "--kafka.topic", "no-such-topic", "--count", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip())
                .startsWith("sensor-simulator: topic 'no-such-topic' does not exist on " + clusters.kafkaBootstrapServers())
                .doesNotContain("\n");
    }

    private static List<ConsumerRecord<String, byte[]>> consumeAll(Clusters clusters, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
