package org.pumpmonitor.pumpctl.stack;

import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;


@Command(name = "setup", description = "Creates the Kafka topics (readings, alarm events) and the HBase tables; "
        + "running it again changes nothing.")
public final class SetupCommand extends ConsoleCommand {
    @CommandLine.Mixin
    StackAddresses stack;

    @Option(names = "--kafka.topic", defaultValue = "pump-sensor", description = "Kafka topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--topic", hidden = true)
    void deprecatedTopic(String value) {
        topic = console.deprecated("--topic", "--kafka.topic", value);
    }

    @Option(names = "--kafka.alarm-topic", defaultValue = "pump-alarms",
            description = "Kafka topic of the job's alarm events (default: ${DEFAULT-VALUE}).")
    String alarmTopic;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of a new topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    SetupCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1");
        }
        new PipelineSetup(console).setUp(stack.bootstrapServers, topic, partitions, stack.zookeeper,
                stack.sensorTable, stack.deadLetterTable, alarmTopic);
        return 0;
    }
}
