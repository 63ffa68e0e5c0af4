package org.pumpmonitor.job.alarms;

import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.job.alarms.EpisodeDetector.PumpAlarmState;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The episode decisions on their own, without Flink: one pump's state, reading by reading. */
class LowPressureEpisodesTest {

    private final LowPressureEpisodes episodes = new LowPressureEpisodes(5.0, 2, 0.5, 2);
    private final PumpAlarmState state = new PumpAlarmState();
    private final List<AlarmEvent> events = new ArrayList<>();

    private void take(long minute, double psi) {
        episodes.take(state, "P", minute, psi, events::add);
    }

    private List<String> described() {
        return events.stream().map(e -> e.type + "@" + e.time + (e.end != 0 ? " " + e.start + "-" + e.end : "")
                + " n " + e.readings + " min " + e.minPsi).toList();
    }

    @Test
    void raisesAfterTwoLowReadingsInARowAndClearsAfterTwoRecoveredOnes() {
        take(1, 4);
        take(2, 80); // a single low reading raises nothing
        take(3, 4);
        take(4, 3);
        take(5, 5.2); // within the hysteresis: still open
        take(6, 6);
        take(7, 4.9); // recovery interrupted
        take(8, 6);
        take(9, 7);
        assertThat(described()).containsExactly("RAISED@4 n 2 min 3.0", "CLEARED@9 3-8 n 3 min 3.0");
        assertThat(state.open).isFalse();
    }

    @Test
    void anOutOfOrderReadingCountsInTheOpenEpisodeAndDecidesNothing() {
        take(1, 4);
        take(2, 4);
        assertThat(episodes.takeOutOfOrder(state, 0, 1.0)).as("before the episode's start").isFalse();
        assertThat(episodes.takeOutOfOrder(state, 1, 2.0)).isTrue();
        assertThat(episodes.takeOutOfOrder(state, 1, 80)).as("not under the threshold").isFalse();
        assertThat(state.readings).isEqualTo(3);
        assertThat(state.minPsi).isEqualTo(2.0);
        assertThat(described()).containsExactly("RAISED@2 n 2 min 4.0");
    }
}
