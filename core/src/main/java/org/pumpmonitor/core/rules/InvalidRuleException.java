package org.pumpmonitor.core.rules;

/** A rule that cannot be applied; the message says why, in terms of the rule's JSON. */
public class InvalidRuleException extends IllegalArgumentException {
    public InvalidRuleException(String message) {
        super(message);
    }
}
