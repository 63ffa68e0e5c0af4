package org.pumpmonitor.job.alarms;

import org.pumpmonitor.core.rules.AlarmRule;
import org.pumpmonitor.core.rules.AlarmRules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules in force, worked out once per change of the rules rather than once per reading: the
 * rules of a pump without rules of its own, and the rules of each pump that has some.
 */
final class RuleBook {

    private final List<AlarmRule> fleet;
    private final Map<String, List<AlarmRule>> byPump = new HashMap<>();
    private final int size;

    RuleBook(Iterable<AlarmRule> topicRules, AlarmRule builtIn) {
        List<AlarmRule> all = new ArrayList<>();
        topicRules.forEach(all::add);
        size = all.size();
        fleet = List.copyOf(AlarmRules.effective(all, builtIn, null));
        for (AlarmRule rule : all) {
            if (rule.pump != null) {
                byPump.computeIfAbsent(rule.pump, pump -> List.copyOf(AlarmRules.effective(all, builtIn, pump)));
            }
        }
    }

    /** The rules that apply to the pump, sorted by id. */
    List<AlarmRule> forPump(String pump) {
        return byPump.getOrDefault(pump, fleet);
    }

    /** How many rules the topic gave (the built-in one not counted). */
    int size() {
        return size;
    }
}
