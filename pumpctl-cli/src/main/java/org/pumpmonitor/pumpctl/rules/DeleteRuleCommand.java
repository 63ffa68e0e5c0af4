package org.pumpmonitor.pumpctl.rules;

import org.pumpmonitor.core.rules.AlarmRule;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.console.PumpctlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

@Command(name = "delete", description = "Deletes a rule of the topic (a record without a value); the job stops "
        + "applying it, and clears its open episodes at each pump's next reading.")
public final class DeleteRuleCommand extends ConsoleCommand {

    @CommandLine.Mixin
    RulesTopicOptions where;

    @Option(names = "--id", paramLabel = "ID", required = true, description = "The rule's id.")
    String id;

    DeleteRuleCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() {
        RulesTopic topic = where.topic();
        RulesTopic.Contents contents = topic.read();
        if (!contents.holds(id)) {
            List<String> keys = contents.keys();
            throw new PumpctlException("no rule '" + id + "' in topic " + topic.name()
                    + (id.equals(BuiltInRule.ID) ? " (the built-in rule is the job's --alarm.* options, not a record; "
                            + "set a rule of this id to replace it)" : "")
                    + "; it holds " + (keys.isEmpty() ? "none" : String.join(", ", keys)));
        }
        topic.write(List.of(RulesTopic.Change.delete(id)));
        AlarmRule deleted = contents.rules().get(id);
        console.out().println("deleted " + id + ": " + whatApplies(deleted, contents));
        return 0;
    }

    /** What the job applies instead of the deleted rule. */
    private static String whatApplies(AlarmRule deleted, RulesTopic.Contents contents) {
        if (deleted == null) {
            return "it was no rule (the job ignored it); compaction removes it";
        }
        if (deleted.id.equals(BuiltInRule.ID)) {
            return "the built-in rule applies again: " + BuiltInRule.describe() + " (with the job's default --alarm.* options)";
        }
        String stopped = "the job stops applying it; an open episode of it is CLEARED at the pump's next reading";
        if (deleted.isForEveryPump()) {
            return stopped;
        }
        List<String> back = new ArrayList<>();
        for (AlarmRule rule : contents.rules().values()) {
            if (!rule.id.equals(deleted.id) && deleted.replaces(rule)) {
                back.add(rule.id);
            }
        }
        AlarmRule builtIn = BuiltInRule.ofJobDefaults();
        if (!contents.rules().containsKey(BuiltInRule.ID) && deleted.replaces(builtIn)) {
            back.add(builtIn.id + " (built in)");
        }
        return stopped + (back.isEmpty() ? "" : "; for pump " + deleted.pump + " the fleet's " + String.join(", ", back)
                + " applies again");
    }
}
