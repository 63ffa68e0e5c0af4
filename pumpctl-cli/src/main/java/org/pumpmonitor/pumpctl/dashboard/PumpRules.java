package org.pumpmonitor.pumpctl.dashboard;

import org.pumpmonitor.core.rules.AlarmRule;
import org.pumpmonitor.core.rules.AlarmRules;
import org.pumpmonitor.pumpctl.rules.BuiltInRule;
import org.pumpmonitor.pumpctl.rules.RulesTopic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alarm rules that apply to a pump, for its page: the rules topic as the job applies it (read
 * at most every {@link #FRESH_FOR}, so that a page that follows new data does not read the topic
 * each time), with the built-in rule as the job's default options make it. Read-only.
 */
final class PumpRules {

    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final RulesTopic topic;
    private Map<String, AlarmRule> rules;
    private long readAt;

    /** @param topic the rules topic; null: the page says the dashboard was started without one */
    PumpRules(RulesTopic topic) {
        this.topic = topic;
    }

    /** {"pump", "topic", "rules": [each rule's fields, "builtIn", "text"]}. */
    synchronized Map<String, Object> of(String pump) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pump", pump);
        if (topic == null) {
            throw new BadRequest(404, "this dashboard reads no rules topic");
        }
        body.put("topic", topic.name());
        long now = System.nanoTime();
        if (rules == null || now - readAt > FRESH_FOR.toNanos()) {
            try {
                rules = topic.read().rules();
            } catch (RuntimeException e) {
                throw new BadRequest(503, "cannot read the alarm rules: " + e.getMessage());
            }
            readAt = now;
        }
        AlarmRule builtIn = BuiltInRule.ofJobDefaults();
        List<Map<String, Object>> applied = AlarmRules.effective(rules.values(), builtIn, pump).stream()
                .map(rule -> json(rule, rule == builtIn)).toList();
        body.put("rules", applied);
        return body;
    }

    private static Map<String, Object> json(AlarmRule rule, boolean builtIn) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", rule.id);
        json.put("pump", rule.pump);
        json.put("measure", rule.measure.column());
        json.put("condition", rule.condition.label());
        json.put("threshold", rule.threshold);
        json.put("raiseAfter", rule.raiseAfter);
        json.put("clearAfter", rule.clearAfter);
        json.put("hysteresis", rule.hysteresis);
        json.put("severity", rule.severity.label());
        json.put("predictMinutes", rule.predictMinutes);
        json.put("trendMinutes", rule.trendMinutes);
        json.put("builtIn", builtIn);
        json.put("text", AlarmRules.describe(rule) + (builtIn ? " (built in, with the job's default --alarm.* options)" : ""));
        return json;
    }
}
