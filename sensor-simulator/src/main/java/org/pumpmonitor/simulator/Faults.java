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
        FaultAmount duplicates,
        FaultAmount silence,
        Duration silenceFor) {

    /** Without silences. */
    public Faults(FaultAmount lowPressure, FaultAmount malformed, FaultAmount outOfOrder, Duration outOfOrderBound,
                  FaultAmount late, Duration lateBy, FaultAmount duplicates) {
        this(lowPressure, malformed, outOfOrder, outOfOrderBound, late, lateBy, duplicates, FaultAmount.NONE,
                Duration.ofMinutes(30));
    }

    public static Faults none() {
        return new Faults(FaultAmount.NONE, FaultAmount.NONE, FaultAmount.NONE, Duration.ofMinutes(3),
                FaultAmount.NONE, Duration.ofHours(2), FaultAmount.NONE);
    }
}
