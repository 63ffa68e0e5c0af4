package org.pumpmonitor.pumpctl.rules;

import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "rules", description = "Sets, lists and deletes the job's alarm rules in their compacted Kafka topic; "
        + "the running job applies a change within seconds, without a restart.",
        subcommands = {SetRulesCommand.class, ListRulesCommand.class, DeleteRuleCommand.class})
public final class RulesCommand extends ConsoleCommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    RulesCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() {
        return console.usage(spec);
    }
}
