package org.pumpmonitor.job.alarms;

import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.job.alarms.EpisodeDetector.PumpAlarmState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Silence and forgetting on their own, without Flink: the timer the operator would register. */
class SilentPumpsTest {

    private static final long MINUTE = 60_000;
    private final SilentPumps silence = new SilentPumps(Duration.ofMinutes(10), Duration.ofMinutes(60));
    private final PumpAlarmState state = new PumpAlarmState();
    private final List<AlarmEvent> events = new ArrayList<>();

    private List<String> described() {
        return events.stream().map(e -> e.type + "@" + e.time / MINUTE).toList();
    }

    @Test
    void oneTimerPerPumpThatMovesToTheNewestDeadlineThenSilentThenForgotten() {
        assertThat(silence.take(state, "P", 0, 80, events::add)).isEqualTo(10 * MINUTE);
        assertThat(silence.take(state, "P", 5 * MINUTE, 80, events::add)).as("the pending timer stays").isZero();
        assertThat(silence.fired(state, "P", 10 * MINUTE, events::add)).isEqualTo(SilentPumps.Next.REGISTER_TIMER);
        assertThat(state.silenceTimer).as("moved to the newest deadline").isEqualTo(15 * MINUTE);
        assertThat(silence.fired(state, "P", 15 * MINUTE, events::add)).isEqualTo(SilentPumps.Next.REGISTER_TIMER);
        assertThat(described()).containsExactly("SILENT@15");
        assertThat(state.silenceTimer).as("the time to forget").isEqualTo(65 * MINUTE);
        assertThat(silence.fired(state, "P", 65 * MINUTE, events::add)).isEqualTo(SilentPumps.Next.FORGET);
    }

    /** A savepoint of 812766c holds a silent pump whose fired timer is still recorded as pending. */
    @Test
    void aResumedPumpGetsANewTimerWhateverWasRecordedAsPending() {
        state.lastSeen = 0;
        state.silent = true;
        state.silenceTimer = 10 * MINUTE; // fired before the savepoint
        assertThat(silence.take(state, "P", 30 * MINUTE, 80, events::add)).isEqualTo(40 * MINUTE);
        assertThat(described()).containsExactly("RESUMED@30");
        assertThat(silence.fired(state, "P", 10 * MINUTE, events::add)).as("a stale timer").isEqualTo(SilentPumps.Next.NOTHING);
    }

    @Test
    void aGapTheWatermarkDidNotCoverGivesSilentAndResumedTogether() {
        silence.take(state, "P", 0, 80, events::add);
        silence.take(state, "P", 30 * MINUTE, 81, events::add);
        assertThat(described()).containsExactly("SILENT@10", "RESUMED@30");
    }

    @Test
    void forgettingComesAfterSilence() {
        assertThatThrownBy(() -> new SilentPumps(Duration.ofMinutes(10), Duration.ofMinutes(10)))
                .hasMessageContaining("--alarm.forget-after");
    }
}
