package org.pumpmonitor.job.rules;

import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.core.rules.AlarmRule;

/**
 * A record of the rules topic: a rule set ({@link #rule}), a rule deleted (a tombstone: only
 * {@link #id}), or a record that is no rule ({@link #invalid}, a dead letter with the reason).
 */
public class RuleChange {
    public String id;
    public AlarmRule rule;
    public DeadLetter invalid;

    public RuleChange() {}

    public static RuleChange set(AlarmRule rule) {
        RuleChange change = new RuleChange();
        change.id = rule.id;
        change.rule = rule;
        return change;
    }

    public static RuleChange delete(String id) {
        RuleChange change = new RuleChange();
        change.id = id;
        return change;
    }

    static RuleChange invalid(DeadLetter letter) {
        RuleChange change = new RuleChange();
        change.invalid = letter;
        return change;
    }

    public boolean isDelete() {
        return invalid == null && rule == null;
    }

    @Override
    public String toString() {
        return invalid != null ? "invalid rule: " + invalid.reason : rule == null ? "delete " + id : "set " + rule;
    }
}
