package org.pumpmonitor.core.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pumpmonitor.core.model.Measure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Alarm rules as JSON, the format of the topic {@code pump-rules} and of {@code pumpctl rules set --file}:
 *
 * <pre>
 * {"id": "cohutta-psi", "pump": "COHUTTA", "measure": "psi", "below": 10,
 *  "raiseAfter": 3, "clearAfter": 2, "hysteresis": 1.5, "severity": "warning"}
 * </pre>
 *
 * {@code id}, {@code measure} and one of {@code below} or {@code above} are required; without
 * {@code pump} the rule applies to every pump; {@code raiseAfter} and {@code clearAfter} default to
 * 1, {@code hysteresis} to 0, {@code severity} to {@code critical}, {@code predictMinutes} (the
 * early warning's horizon, 0 for none) and {@code trendMinutes} (its trend's window) to 30. Anything else is refused with
 * the reason, so that a typo never passes for a rule.
 */
public final class AlarmRules {

    /** Ids go into row keys and Kafka keys: letters, digits, '.', '_', '-', at most 64. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> FIELDS =
            Set.of("id", "pump", "measure", "below", "above", "raiseAfter", "clearAfter", "hysteresis", "severity",
                    "predictMinutes", "trendMinutes");
    /** A week: a longer horizon or trend is a mistake, not a wish. */
    private static final int MAX_MINUTES = 7 * 24 * 60;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private AlarmRules() {}

    /** A rule from its JSON object. @throws InvalidRuleException saying what is wrong */
    public static AlarmRule parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRuleException("not JSON: " + e.getOriginalMessage());
        }
        return fromNode(node);
    }

    /**
     * A record of the topic {@code pump-rules}: its key must be the rule's id. A record without a
     * value (a tombstone) deletes the rule of its key: null.
     *
     * @throws InvalidRuleException saying what is wrong
     */
    public static AlarmRule fromRecord(byte[] key, byte[] value) {
        String id = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidRuleException("the record's key must be the rule's id (letters, digits, '.', '_', '-'), not "
                    + (id == null ? "none" : "'" + id + "'"));
        }
        if (value == null) {
            return null;
        }
        AlarmRule rule = parse(new String(value, StandardCharsets.UTF_8));
        if (!rule.id.equals(id)) {
            throw new InvalidRuleException("the record's key '" + id + "' is not the rule's id '" + rule.id + "'");
        }
        return rule;
    }

    /** Several rules: a JSON array of rules, or one rule. @throws InvalidRuleException naming the rule at fault */
    public static List<AlarmRule> parseAll(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRuleException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isArray()) {
            return List.of(fromNode(node));
        }
        List<AlarmRule> rules = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            AlarmRule rule;
            try {
                rule = fromNode(node.get(i));
            } catch (InvalidRuleException e) {
                throw new InvalidRuleException("rule " + (i + 1) + ": " + e.getMessage());
            }
            if (!ids.add(rule.id)) {
                throw new InvalidRuleException("rule " + (i + 1) + ": id '" + rule.id + "' is given twice");
            }
            rules.add(rule);
        }
        return rules;
    }

    private static AlarmRule fromNode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidRuleException("a rule is a JSON object, e.g. {\"id\":\"low-flow\",\"measure\":\"flo\",\"below\":500}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRuleException("unknown field '" + name + "' (known: " + String.join(", ", sorted(FIELDS)) + ")");
            }
        }
        AlarmRule rule = new AlarmRule();
        rule.id = text(node, "id", true);
        if (!ID.matcher(rule.id).matches()) {
            throw new InvalidRuleException("id '" + rule.id + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        rule.pump = text(node, "pump", false);
        if (rule.pump != null && rule.pump.isBlank()) {
            throw new InvalidRuleException("pump must not be empty: leave it out for every pump");
        }
        rule.measure = measure(text(node, "measure", true));
        boolean below = node.has("below");
        boolean above = node.has("above");
        if (below == above) {
            throw new InvalidRuleException("give exactly one of 'below' and 'above'");
        }
        rule.condition = below ? Condition.BELOW : Condition.ABOVE;
        rule.threshold = number(node, below ? "below" : "above", Double.NaN);
        rule.raiseAfter = count(node, "raiseAfter");
        rule.clearAfter = count(node, "clearAfter");
        rule.hysteresis = number(node, "hysteresis", 0);
        if (rule.hysteresis < 0) {
            throw new InvalidRuleException("hysteresis must be 0 or more, not " + rule.hysteresis);
        }
        String severity = text(node, "severity", false);
        rule.severity = severity == null ? Severity.CRITICAL : Severity.of(severity);
        rule.predictMinutes = minutes(node, "predictMinutes", AlarmRule.DEFAULT_PREDICT_MINUTES, 0);
        rule.trendMinutes = minutes(node, "trendMinutes", AlarmRule.DEFAULT_TREND_MINUTES, 1);
        return rule;
    }

    /** A measure by its column name, as in the CSV and HBase ({@code sedPPM}), in any case. */
    public static Measure measure(String name) {
        for (Measure measure : Measure.values()) {
            if (measure.column().equalsIgnoreCase(name)) {
                return measure;
            }
        }
        throw new InvalidRuleException("unknown measure '" + name + "' (known: hz, disp, flo, sedPPM, psi, chlPPM)");
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidRuleException("'" + field + "' is missing");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRuleException("'" + field + "' must be a string, not " + value);
        }
        return value.asText();
    }

    private static double number(JsonNode node, String field, double absent) {
        JsonNode value = node.get(field);
        if (value == null) {
            return absent;
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new InvalidRuleException("'" + field + "' must be a number, not " + value);
        }
        return value.asDouble();
    }

    private static int count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            return 1;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw new InvalidRuleException("'" + field + "' must be a whole number of readings, 1 or more, not " + value);
        }
        return value.asInt();
    }

    private static int minutes(JsonNode node, String field, int absent, int least) {
        JsonNode value = node.get(field);
        if (value == null) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < least || value.asInt() > MAX_MINUTES) {
            throw new InvalidRuleException("'" + field + "' must be a whole number of minutes, " + least + " to "
                    + MAX_MINUTES + ", not " + value);
        }
        return value.asInt();
    }

    /** The rule as JSON, every field written (defaults included), in the order of the class comment. */
    public static String toJson(AlarmRule rule) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", rule.id);
        if (rule.pump != null) {
            node.put("pump", rule.pump);
        }
        node.put("measure", rule.measure == null ? null : rule.measure.column());
        node.put(rule.condition == null ? "below" : rule.condition.label(), rule.threshold);
        node.put("raiseAfter", rule.raiseAfter);
        node.put("clearAfter", rule.clearAfter);
        node.put("hysteresis", rule.hysteresis);
        node.put("severity", rule.severity == null ? null : rule.severity.label());
        node.put("predictMinutes", rule.predictMinutes);
        node.put("trendMinutes", rule.trendMinutes);
        return node.toString();
    }

    /** One line that says what the job does with the rule. */
    public static String describe(AlarmRule rule) {
        String measure = rule.measure.column();
        String past = rule.condition == Condition.BELOW ? ">= " + plain(rule.threshold + rule.hysteresis)
                : "<= " + plain(rule.threshold - rule.hysteresis);
        return String.format(Locale.ROOT, "%s: %s, %s %s %s for %d reading%s raises a %s episode; %s %s for %d clears it; %s",
                rule.id, rule.pump == null ? "every pump" : "pump " + rule.pump,
                measure, rule.condition == Condition.BELOW ? "<" : ">", plain(rule.threshold),
                rule.raiseAfter, rule.raiseAfter == 1 ? "" : "s in a row", rule.severity.label(),
                measure, past, rule.clearAfter,
                rule.predictMinutes == 0 ? "no early warning"
                        : "warns when the trend of the last " + rule.trendMinutes + " min crosses it within "
                        + rule.predictMinutes + " min");
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /**
     * The rules that apply to one pump: its own, and the fleet's on every measure and condition it
     * has no rule of its own for; the built-in rule counts as a fleet rule unless the topic holds a
     * rule of its id. Sorted by id, so that a pump's rules are decided in one order everywhere.
     */
    public static List<AlarmRule> effective(Collection<AlarmRule> topicRules, AlarmRule builtIn, String pump) {
        List<AlarmRule> own = new ArrayList<>();
        List<AlarmRule> fleet = new ArrayList<>();
        boolean builtInReplaced = false;
        for (AlarmRule rule : topicRules) {
            builtInReplaced |= rule.id.equals(builtIn.id);
            if (rule.pump == null) {
                fleet.add(rule);
            } else if (rule.pump.equals(pump)) {
                own.add(rule);
            }
        }
        if (!builtInReplaced) {
            fleet.add(builtIn);
        }
        List<AlarmRule> applied = new ArrayList<>(own);
        for (AlarmRule rule : fleet) {
            if (own.stream().noneMatch(o -> o.replaces(rule))) {
                applied.add(rule);
            }
        }
        applied.sort(Comparator.comparing(r -> r.id));
        return applied;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
