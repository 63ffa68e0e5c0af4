package org.pumpmonitor.simulator;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PacerTest {

    /** A clock that moves only when the pacer sleeps, or when the test says so. */
    private static final class FakeClock {
        long now = 1_000_000_000L;
        long slept;

        Pacer pacer(double rate, double speedup) {
            return new Pacer(rate, speedup, () -> now, nanos -> {
                now += nanos;
                slept += nanos;
            });
        }
    }

    @Test
    void aRateSpacesRecordsEvenlyOnAverage() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = clock.pacer(1000, 0);
        for (int i = 0; i < 10_000; i++) {
            pacer.await(null);
        }
        assertThat(clock.now - 1_000_000_000L).isCloseTo(10_000_000_000L, within(2_000_000L));
    }

    @Test
    void afterAStallItCatchesUpAtMostATenthOfASecond() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = clock.pacer(1000, 0);
        pacer.await(null);
        clock.now += 5_000_000_000L; // the producer blocked for 5 s
        long before = clock.now;
        for (int i = 0; i < 1100; i++) {
            pacer.await(null);
        }
        // 100 records may go at once, the other 1000 take a second.
        assertThat(clock.now - before).isCloseTo(1_000_000_000L, within(5_000_000L));
    }

    @Test
    void aSpeedupPacesByEventTime() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = clock.pacer(0, 60);
        LocalDateTime t = LocalDateTime.of(2014, 3, 10, 0, 0);
        pacer.await(t);
        pacer.await(t.plusMinutes(1));
        pacer.await(t.plusMinutes(10));
        // Ten event minutes at 60 times real time: ten seconds.
        assertThat(clock.now - 1_000_000_000L).isEqualTo(10_000_000_000L);
    }

    @Test
    void noRateAndNoSpeedupNeverWaits() throws Exception {
        FakeClock clock = new FakeClock();
        Pacer pacer = clock.pacer(0, 0);
        for (int i = 0; i < 1000; i++) {
            pacer.await(LocalDateTime.of(2014, 3, 10, 0, 0).plusDays(i));
        }
        assertThat(clock.slept).isZero();
    }

    @Test
    void measuredOnTheRealClockTheRateHoldsOverTwoSeconds() throws Exception {
        Pacer pacer = Pacer.realTime(5000, 0);
        long start = System.nanoTime();
        int sent = 0;
        while (System.nanoTime() - start < 2_000_000_000L) {
            pacer.await(null);
            sent++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(sent / seconds).isCloseTo(5000, within(500.0));
    }
}
