package org.pumpmonitor.pumpctl.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pumpmonitor.simulator.Reading;
import org.pumpmonitor.simulator.SensorCsv;
import org.pumpmonitor.simulator.SensorRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's expectation of what the job stores, on records whose outcome is worked out by hand. */
class SoakExpectationTest {

    private static final LocalDateTime T0 = SoakLoad.START;

    private static SensorRecord reading(String pump, LocalDateTime time, double psi) {
        return SensorRecord.of(new Reading(pump, time, 10, 2, 900, 1, psi, 1));
    }

    private static SensorRecord malformed() {
        return new SensorRecord("A", "A,not,a,reading".getBytes(StandardCharsets.UTF_8), null,
                SensorRecord.Kind.MALFORMED, null);
    }

    @Test
    void aDuplicateCountsOnceAndALineThatDoesNotParseIsADeadLetter() {
        SoakExpectation e = new SoakExpectation(T0.toInstant(ZoneOffset.UTC));
        e.add(reading("A", T0, 80));
        e.add(reading("A", T0, 80).as(SensorRecord.Kind.DUPLICATE));
        e.add(malformed());
        e.add(reading("A", T0.plusMinutes(1), 70));

        SoakExpectation.Pump a = e.pumps.get("A");
        assertThat(a.readings).isEqualTo(2);
        assertThat(e.deadLetters).isEqualTo(1);
        SoakExpectation.Day day = a.days.get(LocalDate.of(2014, 3, 10));
        assertThat(day.count).isEqualTo(2);
        assertThat(day.min[4]).isEqualTo(70);
        assertThat(day.max[4]).isEqualTo(80);
    }

    @Test
    void aReadingPastItsDaysEndPlusTheLatenessIsALateMarkNotCounted() {
        SoakExpectation e = new SoakExpectation(T0.toInstant(ZoneOffset.UTC));
        e.add(reading("A", T0.plusHours(23).plusMinutes(50), 80));
        e.add(reading("A", T0.plusHours(25).plusMinutes(10), 80)); // 01:10 next day: the first day closes at 01:05
        e.add(reading("A", T0.plusHours(23).plusMinutes(59), 80));  // too late for 10 March
        e.add(reading("A", T0.plusHours(24).plusMinutes(30), 80)); // late, but its day is open

        SoakExpectation.Pump a = e.pumps.get("A");
        assertThat(a.lateMarks).isEqualTo(1);
        assertThat(a.days.get(LocalDate.of(2014, 3, 10)).count).isEqualTo(1);
        assertThat(a.days.get(LocalDate.of(2014, 3, 11)).count).isEqualTo(2);
    }

    @Test
    void anEpisodeOpensUnderTheThresholdAndClearsOnTheSecondReadingInARowAtTheClearLevel() {
        SoakExpectation e = new SoakExpectation(T0.toInstant(ZoneOffset.UTC));
        double[] psi = {80, 3, 5.2, 6, 4, 6, 6, 80};
        for (int i = 0; i < psi.length; i++) {
            e.add(reading("A", T0.plusMinutes(i), psi[i]));
        }
        e.add(reading("A", T0.plusMinutes(2), 1)); // a second reading of minute 2: dropped
        e.add(reading("A", T0.plusMinutes(9), 90));
        e.add(reading("A", T0.plusMinutes(8), 1)); // out of order: an alarm, but it opens no episode
        SoakExpectation.Pump a = e.pumps.get("A");
        assertThat(a.events).containsExactly("RAISED 2014-03-10T00:01:00Z", "CLEARED 2014-03-10T00:01:00Z");
        assertThat(a.episodesOpen).hasSize(1).containsValue(false);
        assertThat(a.alarms).isEqualTo(3); // 3, 4 and the out-of-order 1 psi
    }

    @Test
    void theSentLogGivesTheSameExpectation(@TempDir Path dir) throws Exception {
        SoakExpectation live = new SoakExpectation(T0.toInstant(ZoneOffset.UTC));
        List<String> log = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // Two pumps, a reading a minute each, some under 5 psi; then A a day ahead, and too late for its first day.
            LocalDateTime time = i == 49 ? T0.plusHours(23).plusMinutes(59) : T0.plusHours(i == 48 ? 26 : 0).plusMinutes(i / 2);
            log.add(live.add(reading(i % 2 == 0 || i == 49 ? "A" : "B", time, i % 7 == 0 ? 2 : 60 + i)));
            if (i % 10 == 0) {
                log.add(live.add(malformed()));
            }
        }
        Files.write(dir.resolve("sent.csv"), log);
        SoakExpectation again = SoakExpectation.fromLog(dir.resolve("sent.csv"));

        assertThat(again.deadLetters).isEqualTo(live.deadLetters).isEqualTo(5);
        assertThat(again.pumps.keySet()).isEqualTo(live.pumps.keySet());
        live.pumps.forEach((pump, p) -> {
            SoakExpectation.Pump q = again.pumps.get(pump);
            assertThat(q.readingDigest).isEqualTo(p.readingDigest);
            assertThat(q.alarmDigest).isEqualTo(p.alarmDigest);
            assertThat(q.events).isEqualTo(p.events);
            assertThat(q.lateDigest).isEqualTo(p.lateDigest);
            assertThat(q.minutes).isEqualTo(p.minutes);
            assertThat(q.episodesOpen).isEqualTo(p.episodesOpen);
            assertThat(q.days.keySet()).isEqualTo(p.days.keySet());
        });
        assertThat(live.pumps.get("A").lateMarks).isEqualTo(1);
        assertThat(SensorCsv.parse(log.get(0)).pump()).isEqualTo("A");
    }
}
