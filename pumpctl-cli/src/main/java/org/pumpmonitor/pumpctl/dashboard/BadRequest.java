package org.pumpmonitor.pumpctl.dashboard;

/** A request the API refuses, with its status and the reason. */
final class BadRequest extends RuntimeException {
    final int status;

    BadRequest(int status, String message) {
        super(message);
        this.status = status;
    }
}
