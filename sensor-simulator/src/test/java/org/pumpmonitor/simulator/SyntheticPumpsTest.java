package org.pumpmonitor.simulator;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticPumpsTest {

    private static final LocalDateTime START = LocalDateTime.of(2014, 3, 10, 0, 0);

    @Test
    void theSameSeedGivesTheSameReadings() {
        assertThat(take(new SyntheticPumps(4, START, 2000, 7)))
                .isEqualTo(take(new SyntheticPumps(4, START, 2000, 7)))
                .isNotEqualTo(take(new SyntheticPumps(4, START, 2000, 8)));
    }

    @Test
    void onePerPumpPerMinuteInTimeOrderUpToTheLimit() {
        List<Reading> readings = take(new SyntheticPumps(3, START, 7, 1));
        assertThat(readings).extracting(Reading::pump).containsExactly(
                "COHUTTA", "NANTAHALLA", "THERMALITO", "COHUTTA", "NANTAHALLA", "THERMALITO", "COHUTTA");
        assertThat(readings).extracting(Reading::time).containsExactly(
                START, START, START, START.plusMinutes(1), START.plusMinutes(1), START.plusMinutes(1),
                START.plusMinutes(2));
        assertThat(SyntheticPumps.name(10)).isEqualTo("PUMP-11");
    }

    @Test
    void valuesStayInTheSeedDataRangesOverDays() {
        List<Reading> readings = take(new SyntheticPumps(10, START, 10 * 1440 * 3, 3));
        assertThat(readings).allSatisfy(r -> {
            assertThat(r.hz()).isBetween(9.0, 10.5);
            assertThat(r.disp()).isBetween(1.5, 6.0);
            assertThat(r.flo()).isBetween(600.0, 3200.0);
            assertThat(r.sedPpm()).isBetween(0.3, 2.0);
            assertThat(r.psi()).isBetween(60.0, 100.0);
            assertThat(r.chlPpm()).isBetween(0.5, 2.0);
        });
        // Pumps differ from each other, and drift rather than jump.
        assertThat(readings.stream().filter(r -> r.time().equals(START)).map(Reading::psi).distinct().count())
                .isGreaterThan(5);
        for (int i = 10; i < readings.size(); i++) {
            assertThat(Math.abs(readings.get(i).psi() - readings.get(i - 10).psi())).isLessThanOrEqualTo(10);
        }
    }

    private static List<Reading> take(SyntheticPumps pumps) {
        List<Reading> readings = new ArrayList<>();
        pumps.forEachRemaining(readings::add);
        return readings;
    }
}
