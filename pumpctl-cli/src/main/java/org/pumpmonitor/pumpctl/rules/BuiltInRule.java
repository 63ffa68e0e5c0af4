package org.pumpmonitor.pumpctl.rules;

import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.core.rules.AlarmRule;
import org.pumpmonitor.core.rules.AlarmRules;

/**
 * The rule a job makes of its {@code --alarm.*} options, as the job's defaults make it: pumpctl
 * cannot know the options a running job was given, and says so where it shows the rule.
 */
public final class BuiltInRule {

    static final String ID = AlarmRule.BUILT_IN_ID;

    private BuiltInRule() {}

    public static AlarmRule ofJobDefaults() {
        JobOptions defaults = JobOptions.defaults();
        return AlarmRule.builtIn(defaults.get(JobOptions.PSI_THRESHOLD), defaults.get(JobOptions.ALARM_RAISE_AFTER),
                defaults.get(JobOptions.ALARM_CLEAR_HYSTERESIS), defaults.get(JobOptions.ALARM_CLEAR_AFTER));
    }

    /** The built-in rule's line: what it does with the job's default options. */
    static String describe() {
        return AlarmRules.describe(ofJobDefaults());
    }
}
