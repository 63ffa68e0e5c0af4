package org.pumpmonitor.simulator;

import java.time.Duration;

/** Which faults to inject, and how many of each. */
public record Faults(
        FaultAmount lowPressure,
        FaultAmount malformed,
        FaultAmount outOfOrder,
        Duration outOfOrderBound,
        FaultAmount late,
        Duration lateBy,
        FaultAmount duplicates) {

    public static Faults none() {
        return new Faults(FaultAmount.NONE, FaultAmount.NONE, FaultAmount.NONE, Duration.ofMinutes(3),
                FaultAmount.NONE, Duration.ofHours(2), FaultAmount.NONE);
    }
}
