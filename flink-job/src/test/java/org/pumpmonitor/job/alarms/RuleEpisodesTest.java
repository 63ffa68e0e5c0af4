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

    /** pressure falling by 1 psi a minute from 40: the trend reaches 5 at minute 35. */
    @Test
    void aFallingTrendWarnsBeforeTheLimitAndTurnsIntoTheEpisode() {
        AlarmRule rule = AlarmRules.parse("{\"id\":\"psi-trend\",\"measure\":\"psi\",\"below\":5,\"predictMinutes\":10,"
                + "\"trendMinutes\":30}");
        List<String> seen = new ArrayList<>();
        for (int minute = 0; minute <= 36; minute++) {
            RuleEpisodes.take(rule, state, "P", minute * 60_000L, 40 - minute, 40 - minute, events::add);
        }
        for (AlarmEvent e : events) {
            seen.add(e.type + "@" + e.time / 60_000 + (e.isPrediction() ? " crosses@" + e.predictedTime / 60_000
                    + (e.reason == null ? "" : " (" + e.reason + ")") : ""));
        }
        // 5 readings make a trend (minute 4); it reaches 5 within 10 minutes from minute 25 on (40 - 25 = 15 > 10,
        // so minute 25 is the first where 40 - m - 5 <= 10); the limit is crossed at minute 36 (psi 4 < 5).
        assertThat(seen).containsExactly("PREDICTED@25 crosses@35", "PREDICTION_ENDED@36 crosses@35 (limit crossed)",
                "RAISED@36");
        AlarmEvent predicted = events.get(0);
        assertThat(predicted.severity).isEqualTo("warning");
        assertThat(predicted.slopePerMinute).isEqualTo(-1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(predicted.toJson()).contains("\"type\":\"PREDICTED\"", "\"predictedTime\":\"1970-01-01T00:35:00Z\"",
                "\"rule\":\"psi-trend\"", "\"severity\":\"warning\"");
        assertThat(state.trendTimes).as("the trend keeps the last 30 minutes").hasSize(31);
    }

    @Test
    void aWarningEndsWhenTheTrendTurns() {
        AlarmRule rule = AlarmRules.parse("{\"id\":\"hot\",\"measure\":\"hz\",\"above\":60,\"predictMinutes\":5,"
                + "\"trendMinutes\":10}");
        double[] hz = {50, 52, 54, 56, 58, 58, 57, 55, 53, 51, 50, 50, 50, 50, 50, 50};
        for (int minute = 0; minute < hz.length; minute++) {
            RuleEpisodes.take(rule, state, "P", minute * 60_000L, hz[minute], 80, events::add);
        }
        assertThat(events).extracting(e -> e.type + "@" + e.time / 60_000 + (e.reason == null ? "" : " " + e.reason))
                .containsExactly("PREDICTED@4", "PREDICTION_ENDED@8 trend no longer crosses in time");
        assertThat(events.get(1).start).as("the warning's start").isEqualTo(4 * 60_000L);
    }

    @Test
    void withoutAHorizonThereIsNoTrendToKeep() {
        for (int minute = 0; minute <= 37; minute++) {
            take(lowPsi, minute, 40 - minute);
        }
        assertThat(events).extracting(e -> e.type.name()).containsExactly("RAISED");
        assertThat(state.trendTimes).isNull();
    }
}
