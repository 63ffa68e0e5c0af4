package org.pumpmonitor.job.alarms;

import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.rules.AlarmRule;
import org.pumpmonitor.core.rules.AlarmRules;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The episode decisions on their own, without Flink: one pump's state under one rule, reading by reading. */
class RuleEpisodesTest {

    private final AlarmRule lowPsi = AlarmRule.builtIn(5.0, 2, 0.5, 2);
    private final EpisodeState state = new EpisodeState();
    private final List<AlarmEvent> events = new ArrayList<>();

    private void take(AlarmRule rule, long minute, double value) {
        RuleEpisodes.take(rule, state, "P", minute, value, 80, events::add);
    }

    private List<String> described() {
        return events.stream().map(e -> e.type + "@" + e.time + (e.end != 0 ? " " + e.start + "-" + e.end : "")
                + " n " + e.readings + " peak " + e.peak).toList();
    }

    @Test
    void raisesAfterTwoLowReadingsInARowAndClearsAfterTwoRecoveredOnes() {
        take(lowPsi, 1, 4);
        take(lowPsi, 2, 80); // a single low reading raises nothing
        take(lowPsi, 3, 4);
        take(lowPsi, 4, 3);
        take(lowPsi, 5, 5.2); // within the hysteresis: still open
        take(lowPsi, 6, 6);
        take(lowPsi, 7, 4.9); // recovery interrupted
        take(lowPsi, 8, 6);
        take(lowPsi, 9, 7);
        assertThat(described()).containsExactly("RAISED@4 n 2 peak 3.0", "CLEARED@9 3-8 n 3 peak 3.0");
        assertThat(state.open).isFalse();
        assertThat(events).allMatch(e -> e.minPsi == 3.0 && e.minPsiTime == 4, "a psi rule below: minPsi as before");
    }

    @Test
    void aRuleAboveRaisesOnHighValuesAndClearsBelowTheHysteresis() {
        AlarmRule hot = AlarmRules.parse("{\"id\":\"hot\",\"measure\":\"hz\",\"above\":60,\"hysteresis\":2,"
                + "\"raiseAfter\":2,\"clearAfter\":1,\"severity\":\"warning\"}");
        take(hot, 1, 61);
        take(hot, 2, 65);
        take(hot, 3, 70);
        take(hot, 4, 59); // above 58: within the hysteresis
        take(hot, 5, 58);
        assertThat(described()).containsExactly("RAISED@2 n 2 peak 65.0", "CLEARED@5 1-5 n 3 peak 70.0");
        AlarmEvent raised = events.get(0);
        assertThat(raised.rule).isEqualTo("hot");
        assertThat(raised.measure).isEqualTo("hz");
        assertThat(raised.condition).isEqualTo("above");
        assertThat(raised.severity).isEqualTo("warning");
        assertThat(raised.threshold).isEqualTo(60.0);
        assertThat(raised.value).isEqualTo(65.0);
        assertThat(raised.minPsi).as("no minPsi for a rule on another measure").isNaN();
        assertThat(raised.toJson()).doesNotContain("minPsi").contains("\"rule\":\"hot\"", "\"peak\":65.0");
    }

    @Test
    void anOutOfOrderReadingCountsInTheOpenEpisodeAndDecidesNothing() {
        take(lowPsi, 1, 4);
        take(lowPsi, 2, 4);
        assertThat(RuleEpisodes.takeOutOfOrder(lowPsi, state, 0, 1.0)).as("before the episode's start").isFalse();
        assertThat(RuleEpisodes.takeOutOfOrder(lowPsi, state, 1, 2.0)).isTrue();
        assertThat(RuleEpisodes.takeOutOfOrder(lowPsi, state, 1, 80)).as("not under the threshold").isFalse();
        assertThat(state.readings).isEqualTo(3);
        assertThat(state.peak).isEqualTo(2.0);
        assertThat(described()).containsExactly("RAISED@2 n 2 peak 4.0");
    }

    @Test
    void aRuleThatNoLongerAppliesClearsItsOpenEpisodeWithTheReason() {
        take(lowPsi, 1, 4);
        take(lowPsi, 2, 4);
        RuleEpisodes.gone(lowPsi, state, "P", 3, 4.5, 4.5, events::add);
        assertThat(described()).containsExactly("RAISED@2 n 2 peak 4.0", "CLEARED@3 1-3 n 2 peak 4.0");
        assertThat(events.get(1).reason).isEqualTo("rule no longer applies");
        assertThat(events.get(1).toJson()).contains("\"reason\":\"rule no longer applies\"");
    }
}
