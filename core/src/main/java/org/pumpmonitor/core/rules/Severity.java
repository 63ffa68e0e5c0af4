package org.pumpmonitor.core.rules;

import java.util.Locale;

/** How urgent a rule's episodes are. */
public enum Severity {
    WARNING,
    CRITICAL;

    /** The name in the JSON of rules and alarm events: {@code warning}, {@code critical}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidRuleException naming the accepted values */
    public static Severity of(String label) {
        for (Severity severity : values()) {
            if (severity.label().equals(label)) {
                return severity;
            }
        }
        throw new InvalidRuleException("severity must be warning or critical, not '" + label + "'");
    }
}
