package org.pumpmonitor.core.rules;

import org.pumpmonitor.core.model.Measure;

import java.util.Objects;

/**
 * An alarm rule: an episode is raised when {@link #raiseAfter} readings of a pump in a row have
 * {@link #measure} on the wrong side of {@link #threshold} ({@link #condition}), and cleared when
 * {@link #clearAfter} readings in a row are back past it by {@link #hysteresis}.
 *
 * <p>A rule applies to one pump ({@link #pump}) or, with no pump, to every pump as a default: a
 * pump's own rule on a measure and condition replaces the fleet's rules on that measure and
 * condition for that pump. Rules are kept in the compacted topic {@code pump-rules} as JSON
 * ({@link AlarmRules}), key = {@link #id}.
 *
 * <p>A Flink POJO: the job keeps the rules it applies in broadcast state.
 */
public class AlarmRule implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** The id of the rule built from the job's options, today's low-pressure rule. */
    public static final String BUILT_IN_ID = org.pumpmonitor.core.model.AlarmEvent.BUILT_IN_RULE;

    public String id;
    /** The pump it applies to; null for every pump. */
    public String pump;
    public Measure measure;
    public Condition condition;
    public double threshold;
    public int raiseAfter = 1;
    public int clearAfter = 1;
    public double hysteresis;
    public Severity severity = Severity.CRITICAL;
    /**
     * The early warning: a least-squares trend of the measure over the last {@link #trendMinutes}
     * of event time that crosses the threshold within this many minutes raises PREDICTED; 0: none.
     */
    public int predictMinutes = DEFAULT_PREDICT_MINUTES;
    public int trendMinutes = DEFAULT_TREND_MINUTES;

    public static final int DEFAULT_PREDICT_MINUTES = 30;
    public static final int DEFAULT_TREND_MINUTES = 30;

    public AlarmRule() {}

    /** The rule of the job's options: psi below the threshold, for every pump, critical. */
    public static AlarmRule builtIn(double psiThreshold, int raiseAfter, double hysteresis, int clearAfter) {
        AlarmRule rule = new AlarmRule();
        rule.id = BUILT_IN_ID;
        rule.measure = Measure.PSI;
        rule.condition = Condition.BELOW;
        rule.threshold = psiThreshold;
        rule.raiseAfter = raiseAfter;
        rule.hysteresis = hysteresis;
        rule.clearAfter = clearAfter;
        rule.severity = Severity.CRITICAL;
        rule.predictMinutes = 0; // today's rule warns of nothing in advance
        return rule;
    }

    public boolean isForEveryPump() {
        return pump == null;
    }

    /** Whether a value counts against the rule. */
    public boolean breached(double value) {
        return condition == Condition.BELOW ? value < threshold : value > threshold;
    }

    /** Whether a value counts towards clearing an open episode: past the threshold by the hysteresis. */
    public boolean recovered(double value) {
        return condition == Condition.BELOW ? value >= threshold + hysteresis : value <= threshold - hysteresis;
    }

    /** Whether {@code a} is further on the rule's wrong side than {@code b} (the lower, for a rule "below"). */
    public boolean worse(double a, double b) {
        return condition == Condition.BELOW ? a < b : a > b;
    }

    /** Whether this rule, for one pump, replaces a fleet rule for that pump: same measure and condition. */
    public boolean replaces(AlarmRule fleetRule) {
        return pump != null && fleetRule.pump == null
                && measure == fleetRule.measure && condition == fleetRule.condition;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlarmRule r && Objects.equals(id, r.id) && Objects.equals(pump, r.pump)
                && measure == r.measure && condition == r.condition
                && Double.compare(threshold, r.threshold) == 0 && raiseAfter == r.raiseAfter
                && clearAfter == r.clearAfter && Double.compare(hysteresis, r.hysteresis) == 0
                && severity == r.severity && predictMinutes == r.predictMinutes && trendMinutes == r.trendMinutes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, pump, measure, condition, threshold);
    }

    @Override
    public String toString() {
        return AlarmRules.toJson(this);
    }
}
