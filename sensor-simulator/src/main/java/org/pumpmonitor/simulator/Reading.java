package org.pumpmonitor.simulator;

import java.time.LocalDateTime;

/** One sensor reading: a pump, a local date-time (minute precision), six measures. */
public record Reading(
        String pump, LocalDateTime time, double hz, double disp, double flo, double sedPpm, double psi, double chlPpm) {

    public Reading withPsi(double newPsi) {
        return new Reading(pump, time, hz, disp, flo, sedPpm, newPsi, chlPpm);
    }
}
