package org.pumpmonitor.simulator;

/** A problem the user can fix; its message is printed as one line, without a stack trace. */
public class SimulatorException extends RuntimeException {
    public SimulatorException(String message) {
        super(message);
    }
}
