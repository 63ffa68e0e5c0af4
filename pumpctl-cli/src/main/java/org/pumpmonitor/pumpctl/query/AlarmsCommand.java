package org.pumpmonitor.pumpctl.query;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.console.PumpctlException;
import org.pumpmonitor.pumpctl.stack.StackAddresses;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

@Command(name = "alarms", description = "Prints the job's alarm events (RAISED, CLEARED, SILENT, RESUMED) from "
        + "the alarm topic, as a read-committed consumer sees them: one JSON object a line.")
public final class AlarmsCommand extends ConsoleCommand {
    @CommandLine.Mixin
    StackAddresses stack;

    @Option(names = "--kafka.alarm-topic", defaultValue = "pump-alarms",
            description = "Kafka topic of the alarm events (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--follow", description = "Keep printing new events until Ctrl-C (default: stop at the end).")
    boolean follow;

    AlarmsCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<PartitionInfo> partitions;
            try {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new PumpctlException("cannot reach Kafka at " + stack.bootstrapServers + " within 10 s");
            }
            if (partitions == null || partitions.isEmpty()) {
                throw new PumpctlException("no topic " + topic + " on " + stack.bootstrapServers
                        + "; 'pumpctl setup' creates it");
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    console.out().println(record.value());
                }
                if (!follow && assigned.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    return 0;
                }
            }
        }
    }
}
