package org.pumpmonitor.pumpctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "setup", description = "Creates the Kafka topics (readings, alarm events) and the HBase tables; "
        + "running it again changes nothing.")
final class SetupCommand implements Callable<Integer> {
    @CommandLine.Mixin
    Endpoints endpoints = new Endpoints();

    @Option(names = "--kafka.topic", defaultValue = "pump-sensor", description = "Kafka topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--topic", hidden = true)
    void deprecatedTopic(String value) {
        topic = Pumpctl.deprecated("--topic", "--kafka.topic", value);
    }

    @Option(names = "--kafka.alarm-topic", defaultValue = "pump-alarms",
            description = "Kafka topic of the job's alarm events (default: ${DEFAULT-VALUE}).")
    String alarmTopic;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of a new topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1");
        }
        PipelineSetup.setUp(endpoints.bootstrapServers, topic, partitions, endpoints.zookeeper,
                endpoints.sensorTable, endpoints.deadLetterTable, alarmTopic);
        return 0;
    }
}
