package org.pumpmonitor.pumpctl.rules;

import org.pumpmonitor.core.rules.AlarmRule;
import org.pumpmonitor.core.rules.AlarmRules;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;

@Command(name = "list", description = "Prints the rules the topic holds now, as a job reading it from its beginning "
        + "applies them: the newest record of each id, deleted ones left out, one line a rule; then the built-in "
        + "rule, and the records that are no rule, with their reason.")
public final class ListRulesCommand extends ConsoleCommand {

    @CommandLine.Mixin
    RulesTopicOptions where;

    @Option(names = "--json", description = "Print the topic's rules as JSON, one a line (records that are no rule go "
            + "to standard error; the built-in rule is not in the topic and is left out).")
    boolean json;

    ListRulesCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() {
        RulesTopic topic = where.topic();
        RulesTopic.Contents contents = topic.read();
        PrintStream out = console.out();
        if (json) {
            contents.rules().values().forEach(rule -> out.println(AlarmRules.toJson(rule)));
            contents.notRules().forEach(r -> console.err().println(notARule(r, contents)));
            return 0;
        }
        if (contents.rules().isEmpty()) {
            out.println("no rules in topic " + topic.name());
        }
        contents.rules().values().forEach(rule -> out.println(AlarmRules.describe(rule)));
        out.println(BuiltInRule.describe() + (contents.rules().containsKey(BuiltInRule.ID)
                ? " [built in, with the job's default --alarm.* options; replaced by the topic's rule "
                        + BuiltInRule.ID + "]"
                : " [built in, with the job's default --alarm.* options]"));
        contents.notRules().forEach(r -> out.println(notARule(r, contents)));
        return 0;
    }

    private static String notARule(RulesTopic.NotARule record, RulesTopic.Contents contents) {
        AlarmRule kept = record.key() == null ? null : contents.rules().get(record.key());
        return "not a rule at " + record.where(contents.partitions() == 1) + ": " + record.reason()
                + (kept != null ? " [the job keeps the rule " + kept.id + " before it; once the topic is compacted, "
                        + "a job started without state will not have it: set the rule again]"
                        : " [the job ignores it]");
    }
}
