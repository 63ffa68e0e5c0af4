package org.pumpmonitor.pumpctl.console;

/** A problem the user can fix: printed as one line, exit code 1. */
public class PumpctlException extends RuntimeException {
    public PumpctlException(String message) {
        super(message);
    }

    public PumpctlException(String message, Throwable cause) {
        super(message, cause);
    }
}
