package org.pumpmonitor.core.rules;

/** Which side of its threshold a rule's measure must be to count against it. */
public enum Condition {
    /** Under the threshold; recovered at or above threshold + hysteresis. */
    BELOW,
    /** Over the threshold; recovered at or below threshold - hysteresis. */
    ABOVE;

    /** The name in the JSON of a rule and on the command line: {@code below}, {@code above}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
