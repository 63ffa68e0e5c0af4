package org.pumpmonitor.pumpctl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The expected state of {@link ScaleOutIT}, worked out on lines small enough to check by hand. */
class SentTrafficTest {

    @Test
    void duplicatesLateReadingsEpisodesAndDeadLetters() {
        SentTraffic traffic = new SentTraffic(List.of(
                "COHUTTA,3/10/14,22:59,10,1.7,880,1.5,80,1.9",
                "COHUTTA,3/10/14,23:00,10,1.7,880,1.5,4,1.9",    // opens an episode
                "COHUTTA,3/10/14,23:00,10,1.7,880,1.5,4,1.9",    // a duplicate: dropped
                "COHUTTA,3/11/14,1:06,10,1.7,880,1.5,6,1.9",
                "COHUTTA,3/10/14,23:30,10,1.7,880,1.5,3,1.9",    // 1 h 36 min late: 3/10 closed at 1:00 + 5 min
                "COHUTTA,3/11/14,1:07,10,1.7,880,1.5,6,1.9",     // the second at 5.5 or more: clears
                "COHUTTA,3/11/14,1:08,10,1.7,880,1.5,2,1.9",     // opens another, left open
                "not a reading"));
        assertThat(traffic.readings).hasSize(6);
        assertThat(traffic.alarms).containsOnlyKeys("COHUTTA@2014-03-10T23:00:00Z", "COHUTTA@2014-03-10T23:30:00Z",
                "COHUTTA@2014-03-11T01:08:00Z");
        assertThat(traffic.lateMarks).containsExactly("COHUTTA@2014-03-10T23:30:00Z");
        assertThat(traffic.days).containsEntry("COHUTTA@2014-03-10", new SentTraffic.Day(2, 4, 80))
                .containsEntry("COHUTTA@2014-03-11", new SentTraffic.Day(3, 2, 6));
        assertThat(traffic.episodes).containsExactly(
                java.util.Map.entry("COHUTTA@2014-03-10T23:00:00Z", "cleared"),
                java.util.Map.entry("COHUTTA@2014-03-11T01:08:00Z", "open"));
        assertThat(traffic.alarmEvents).containsExactly("COHUTTA CLEARED 2014-03-10T23:00:00Z",
                "COHUTTA RAISED 2014-03-10T23:00:00Z", "COHUTTA RAISED 2014-03-11T01:08:00Z");
        assertThat(traffic.deadLetters).isEqualTo(1);
    }

    /** A reading late by less than the allowed lateness and out-of-orderness still counts. */
    @Test
    void aReadingWithinTheAllowedLatenessCounts() {
        SentTraffic traffic = new SentTraffic(List.of(
                "COHUTTA,3/11/14,1:04,10,1.7,880,1.5,80,1.9",
                "COHUTTA,3/10/14,23:59,10,1.7,880,1.5,80,1.9"));
        assertThat(traffic.lateMarks).isEmpty();
        assertThat(traffic.days).containsKey("COHUTTA@2014-03-10");
    }
}
