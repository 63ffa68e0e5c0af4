package org.pumpmonitor.pumpctl.rules;

import org.pumpmonitor.pumpctl.stack.StackAddresses;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where the rules are: the brokers of the stack and the job's rules topic, spelt as the job spells them. */
public final class RulesTopicOptions {
    @CommandLine.Mixin
    StackAddresses stack;

    @Option(names = "--kafka.rules-topic", paramLabel = "TOPIC", defaultValue = "pump-rules",
            description = "The job's compacted topic of alarm rules (default: ${DEFAULT-VALUE}).")
    String topic;

    RulesTopic topic() {
        return new RulesTopic(stack.bootstrapServers, topic);
    }
}
