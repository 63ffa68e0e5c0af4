package org.pumpmonitor.core.parse;

/** A line that is not a sensor reading; the message is the reason stored with the dead letter. */
public class InvalidReadingException extends Exception {
    public InvalidReadingException(String reason) {
        super(reason, null, false, false);
    }
}
