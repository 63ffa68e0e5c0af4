package org.pumpmonitor.pumpctl.stack;

import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.core.hbase.RegionSplits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;


@Command(name = "setup", description = "Creates the Kafka topics (readings, alarm events, alarm rules) and the HBase tables; "
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

    @Option(names = "--kafka.rules-topic", defaultValue = "pump-rules",
            description = "Kafka topic of the job's alarm rules: one partition, compacted (default: ${DEFAULT-VALUE}).")
    String rulesTopic;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of a new topic of readings or "
            + "alarm events (the rules topic has one): the most source subtasks that get work; at least the job's "
            + "parallelism (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--regions", defaultValue = "1", description = "Regions of a new sensor table, split over pump "
            + "ids (by --split-pumps, else over the first characters 0-9A-Z), so that writes spread over the region "
            + "servers (default: ${DEFAULT-VALUE}).")
    int regions;

    @Option(names = "--split-pumps", paramLabel = "FILE", description = "The fleet's pump ids, one per line (or "
            + "CSV readings: the first field): each region gets about as many pumps. Use it for ids that share a "
            + "prefix (PUMP-1, PUMP-2, ...).")
    Path splitPumps;

    SetupCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1");
        }
        if (regions < 1 || regions > RegionSplits.MAX_REGIONS) {
            throw new IllegalArgumentException("--regions must be 1 to " + RegionSplits.MAX_REGIONS);
        }
        byte[][] splits = splitPumps == null ? RegionSplits.overAlphabet(regions)
                : RegionSplits.overPumps(regions, pumpIds(splitPumps));
        new PipelineSetup(console).setUp(stack.bootstrapServers, topic, partitions, stack.zookeeper,
                stack.sensorTable, stack.deadLetterTable, alarmTopic, rulesTopic, splits);
        return 0;
    }

    /** The first field of every non-empty line. */
    static List<String> pumpIds(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--split-pumps: cannot read " + file);
        }
        try (var lines = Files.lines(file)) {
            List<String> ids = lines.map(l -> l.split(",", 2)[0].strip()).filter(id -> !id.isEmpty()).toList();
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("--split-pumps: no pump id in " + file);
            }
            return ids;
        }
    }
}
