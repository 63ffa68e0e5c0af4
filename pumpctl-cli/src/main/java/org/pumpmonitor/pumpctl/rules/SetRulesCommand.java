package org.pumpmonitor.pumpctl.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pumpmonitor.core.rules.AlarmRule;
import org.pumpmonitor.core.rules.AlarmRules;
import org.pumpmonitor.core.rules.InvalidRuleException;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.console.PumpctlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes rules to the topic. The rule of the options is made into its JSON and parsed as the job
 * parses the topic's records ({@link AlarmRules}), so that what passes here passes in the job; a
 * file's rules are all checked before the first is written.
 */
@Command(name = "set", description = "Adds or replaces alarm rules (key = rule id): one from the options, or every "
        + "rule of a JSON file. Checks them as the job does before writing, and prints what the job will apply.")
public final class SetRulesCommand extends ConsoleCommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    RulesTopicOptions where;

    @Option(names = "--file", paramLabel = "FILE", description = "A JSON array of rules, or one rule "
            + "(docs/reference.md#alarm-rules), instead of --id and the options of one rule.")
    Path file;

    @Option(names = "--id", paramLabel = "ID", description = "The rule's id: 1 to 64 letters, digits, '.', '_', '-'; "
            + "a rule of the same id is replaced ('" + BuiltInRule.ID + "' replaces the built-in rule).")
    String id;

    @Option(names = "--pump", paramLabel = "PUMP", description = "Only this pump; it replaces, for that pump, the "
            + "fleet's rules on the same measure and condition (default: every pump).")
    String pump;

    @Option(names = "--measure", paramLabel = "MEASURE", description = "hz, disp, flo, sedPPM, psi or chlPPM.")
    String measure;

    @Option(names = "--above", paramLabel = "V", description = "A reading counts against the rule when its measure is over V.")
    Double above;

    @Option(names = "--below", paramLabel = "V", description = "A reading counts against the rule when its measure is under V.")
    Double below;

    @Option(names = "--raise-after", paramLabel = "N", description = "Readings in a row past the threshold that raise an "
            + "episode (default: 1).")
    Integer raiseAfter;

    @Option(names = "--clear-after", paramLabel = "M", description = "Readings in a row back past the threshold by the "
            + "hysteresis that clear it (default: 1).")
    Integer clearAfter;

    @Option(names = "--hysteresis", paramLabel = "H", description = "How far back past the threshold a reading must be "
            + "to count towards clearing (default: 0).")
    Double hysteresis;

    @Option(names = "--severity", paramLabel = "SEVERITY", description = "warning or critical (default: critical).")
    String severity;

    @Option(names = "--predict-minutes", paramLabel = "H", description = "The early warning's horizon: PREDICTED when "
            + "the trend reaches the threshold within H minutes; 0: no early warning (default: 30).")
    Integer predictMinutes;

    @Option(names = "--trend-minutes", paramLabel = "W", description = "The minutes of readings the early warning's "
            + "trend is fitted over (default: 30).")
    Integer trendMinutes;

    SetRulesCommand(Console console) {
        super(console);
    }

    /** The JSON field of each option, so that the reasons of AlarmRules name the options given. */
    private static final Map<String, String> OPTION_OF_FIELD = Map.ofEntries(
            Map.entry("id", "--id"), Map.entry("pump", "--pump"), Map.entry("measure", "--measure"),
            Map.entry("above", "--above"), Map.entry("below", "--below"), Map.entry("raiseAfter", "--raise-after"),
            Map.entry("clearAfter", "--clear-after"), Map.entry("hysteresis", "--hysteresis"),
            Map.entry("severity", "--severity"), Map.entry("predictMinutes", "--predict-minutes"),
            Map.entry("trendMinutes", "--trend-minutes"));

    @Override
    public Integer call() throws IOException {
        List<AlarmRule> rules = file != null ? rulesOfFile() : List.of(ruleOfOptions());
        RulesTopic topic = where.topic();
        topic.checkExists();
        topic.write(rules.stream().map(RulesTopic.Change::set).toList());
        for (AlarmRule rule : rules) {
            console.out().println("set " + AlarmRules.describe(rule) + note(rule));
        }
        return 0;
    }

    private List<AlarmRule> rulesOfFile() throws IOException {
        Map<String, Object> ruleOptions = ruleOptions();
        ruleOptions.values().removeIf(value -> value == null);
        if (!ruleOptions.isEmpty()) {
            throw usage("--file takes every rule from the file: give it without " + String.join(", ", ruleOptions.keySet()));
        }
        if (!Files.isReadable(file)) {
            throw new PumpctlException("--file: cannot read " + file);
        }
        List<AlarmRule> rules;
        try {
            rules = AlarmRules.parseAll(Files.readString(file));
        } catch (InvalidRuleException e) {
            throw new PumpctlException(file + ": " + e.getMessage() + "; nothing written");
        }
        if (rules.isEmpty()) {
            throw new PumpctlException(file + ": no rule in it; nothing written");
        }
        return rules;
    }

    private AlarmRule ruleOfOptions() {
        if (id == null) {
            throw usage("give --id, --measure and --above or --below (or --file)");
        }
        if (measure == null) {
            throw usage("--measure is missing: hz, disp, flo, sedPPM, psi or chlPPM");
        }
        if ((above == null) == (below == null)) {
            throw usage(above == null ? "give --above V or --below V" : "give --above or --below, not both");
        }
        ObjectNode json = new ObjectMapper().createObjectNode();
        ruleOptions().forEach((option, value) -> {
            String field = field(option);
            if (value instanceof Double number) {
                if (!Double.isFinite(number)) {
                    throw usage(option + " must be a number, not " + number);
                }
                json.put(field, number);
            } else if (value instanceof Integer count) {
                json.put(field, count);
            } else if (value != null) {
                json.put(field, (String) value);
            }
        });
        try {
            return AlarmRules.parse(json.toString());
        } catch (InvalidRuleException e) {
            String reason = e.getMessage();
            for (Map.Entry<String, String> names : OPTION_OF_FIELD.entrySet()) {
                reason = reason.replace("'" + names.getKey() + "'", names.getValue());
                if (reason.startsWith(names.getKey() + " ")) {
                    reason = names.getValue() + reason.substring(names.getKey().length());
                }
            }
            throw usage(reason);
        }
    }

    /** The options of one rule by name, with their values (null: not given). */
    private Map<String, Object> ruleOptions() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("--id", id);
        options.put("--pump", pump);
        options.put("--measure", measure);
        options.put("--above", above);
        options.put("--below", below);
        options.put("--raise-after", raiseAfter);
        options.put("--clear-after", clearAfter);
        options.put("--hysteresis", hysteresis);
        options.put("--severity", severity);
        options.put("--predict-minutes", predictMinutes);
        options.put("--trend-minutes", trendMinutes);
        return options;
    }

    private static String field(String option) {
        return OPTION_OF_FIELD.entrySet().stream().filter(e -> e.getValue().equals(option)).findFirst()
                .orElseThrow().getKey();
    }

    /** What else the rule changes, beyond its own line. */
    private static String note(AlarmRule rule) {
        if (rule.id.equals(BuiltInRule.ID)) {
            return rule.isForEveryPump() ? " (replaces the built-in rule)"
                    : " (replaces the built-in rule for every pump: the other pumps have no " + BuiltInRule.ID
                    + " rule now; give the pump's rule another id to keep it)";
        }
        if (!rule.isForEveryPump()) {
            return " (for pump " + rule.pump + ", it replaces the fleet's rules on " + rule.measure.column() + " "
                    + rule.condition.label() + ")";
        }
        return "";
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
