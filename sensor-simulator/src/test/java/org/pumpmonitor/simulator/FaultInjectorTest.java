package org.pumpmonitor.simulator;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class FaultInjectorTest {

    private static final LocalDateTime START = LocalDateTime.of(2014, 3, 10, 0, 0);
    private static final int PUMPS = 5;
    private static final int READINGS = 5000;

    @Test
    void withoutFaultsTheStreamPassesUnchanged() {
        List<SensorRecord> out = run(Faults.none(), 1);
        assertThat(out).hasSize(READINGS).allMatch(o -> o.kind() == SensorRecord.Kind.READING);
    }

    @Test
    void lowPressureEpisodesLastThreeToTenReadingsOfOnePump() {
        List<SensorRecord> out = run(faults(FaultAmount.parse("4"), FaultAmount.NONE, FaultAmount.NONE,
                FaultAmount.NONE, FaultAmount.NONE), 1);
        List<SensorRecord> low = out.stream().filter(o -> o.kind() == SensorRecord.Kind.LOW_PRESSURE).toList();
        assertThat(low).allMatch(o -> o.reading().psi() < 5
                && new String(o.value(), StandardCharsets.UTF_8).equals(SensorCsv.format(o.reading())));
        assertThat(low.size()).isBetween(4 * 3, 4 * 10);
        assertThat(out).hasSize(READINGS);
    }

    /** --silence: the hit reading's pump sends nothing for --silence-for, then goes on; the others go on. */
    @Test
    void aSilencedPumpSendsNothingForTheGivenEventTime() {
        Faults silences = new Faults(FaultAmount.NONE, FaultAmount.NONE, FaultAmount.NONE, Duration.ofMinutes(3),
                FaultAmount.NONE, Duration.ofHours(2), FaultAmount.NONE, FaultAmount.parse("2"), Duration.ofMinutes(45));
        List<SensorRecord> out = run(silences, 1);
        assertThat(out).hasSize(READINGS - 2 * 45);
        java.util.Map<String, List<LocalDateTime>> times = new java.util.TreeMap<>();
        out.forEach(o -> times.computeIfAbsent(o.reading().pump(), p -> new ArrayList<>()).add(o.reading().time()));
        long gaps = times.values().stream().mapToLong(t -> {
            long g = 0;
            for (int i = 1; i < t.size(); i++) {
                long minutes = Duration.between(t.get(i - 1), t.get(i)).toMinutes();
                assertThat(minutes).isIn(1L, 46L);
                g += minutes == 46 ? 1 : 0;
            }
            return g;
        }).sum();
        assertThat(gaps).isEqualTo(2);
    }

    @Test
    void malformedLinesCycleThroughEveryKindAndAddToTheReadings() {
        int kinds = FaultInjector.MALFORMED_KINDS.length;
        List<SensorRecord> out = run(faults(FaultAmount.NONE, FaultAmount.parse(String.valueOf(kinds)),
                FaultAmount.NONE, FaultAmount.NONE, FaultAmount.NONE), 1);
        List<byte[]> malformed = out.stream().filter(o -> o.kind() == SensorRecord.Kind.MALFORMED)
                .map(SensorRecord::value).toList();
        assertThat(out).hasSize(READINGS + kinds);
        assertThat(malformed).hasSize(kinds);
        assertThat(malformed.stream().map(b -> new String(b, StandardCharsets.UTF_8)))
                .anyMatch(s -> s.split(",").length == 6)
                .anyMatch(s -> s.contains(",ten,"))
                .anyMatch(s -> s.contains("NaN"))
                .anyMatch(s -> s.contains("Infinity"))
                .anyMatch(s -> s.contains(",2/30/14,"))
                .anyMatch(s -> s.contains(",25:61,"))
                .anyMatch(String::isEmpty);
        assertThat(malformed).anyMatch(b -> b.length == 64 * 1024)
                .anyMatch(b -> b.length > 2 && b[1] == (byte) 0xC3 && b[2] == 0x28);
    }

    @Test
    void outOfOrderReadingsComeLaterButWithinTheBound() {
        List<SensorRecord> out = run(faults(FaultAmount.NONE, FaultAmount.NONE, FaultAmount.parse("0.02"),
                FaultAmount.NONE, FaultAmount.NONE), 1);
        assertThat(out).hasSize(READINGS);
        int delayed = 0;
        LocalDateTime newest = LocalDateTime.MIN;
        for (SensorRecord o : out) {
            if (o.kind() == SensorRecord.Kind.OUT_OF_ORDER) {
                delayed++;
                assertThat(o.time()).isBefore(newest);
                assertThat(Duration.between(o.time(), newest)).isLessThanOrEqualTo(Duration.ofMinutes(3));
            } else {
                assertThat(o.time()).isAfterOrEqualTo(newest);
                newest = o.time();
            }
        }
        assertThat(delayed).isBetween(50, 150);
    }

    @Test
    void lateReadingsComeLateByTheGivenTime() {
        List<SensorRecord> out = run(faults(FaultAmount.NONE, FaultAmount.NONE, FaultAmount.NONE,
                FaultAmount.parse("3"), FaultAmount.NONE), 1);
        assertThat(out).hasSize(READINGS);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).kind() == SensorRecord.Kind.LATE) {
                LocalDateTime before = out.get(i - 1).time();
                assertThat(Duration.between(out.get(i).time(), before)).isGreaterThanOrEqualTo(Duration.ofHours(2).minusMinutes(1));
            }
        }
        assertThat(out).filteredOn(o -> o.kind() == SensorRecord.Kind.LATE).hasSize(3);
    }

    @Test
    void duplicatesFollowTheirOriginal() {
        List<SensorRecord> out = run(faults(FaultAmount.NONE, FaultAmount.NONE, FaultAmount.NONE,
                FaultAmount.NONE, FaultAmount.parse("1%")), 1);
        long duplicates = out.stream().filter(o -> o.kind() == SensorRecord.Kind.DUPLICATE).count();
        assertThat(out).hasSize(READINGS + (int) duplicates);
        assertThat(duplicates).isBetween(20L, 90L);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).kind() == SensorRecord.Kind.DUPLICATE) {
                assertThat(out.get(i).value()).isEqualTo(out.get(i - 1).value());
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameStreamAndNoReadingIsLost() {
        Faults all = faults(FaultAmount.parse("0.01"), FaultAmount.parse("0.01"), FaultAmount.parse("0.01"),
                FaultAmount.parse("0.01"), FaultAmount.parse("0.01"));
        List<String> first = run(all, 5).stream().map(FaultInjectorTest::text).toList();
        assertThat(run(all, 5).stream().map(FaultInjectorTest::text).toList()).isEqualTo(first);
        assertThat(run(all, 6).stream().map(FaultInjectorTest::text).toList()).isNotEqualTo(first);

        // Every generated pump-minute is sent at least once (low-pressure ones with another psi).
        List<SensorRecord> out = run(all, 5);
        assertThat(out.stream().filter(o -> o.reading() != null)
                .map(o -> o.reading().pump() + "@" + o.reading().time()).collect(Collectors.toSet()))
                .hasSize(READINGS);
    }

    private static Faults faults(FaultAmount lowPressure, FaultAmount malformed, FaultAmount outOfOrder,
                                 FaultAmount late, FaultAmount duplicates) {
        return new Faults(lowPressure, malformed, outOfOrder, Duration.ofMinutes(3), late, Duration.ofHours(2),
                duplicates);
    }

    private static List<SensorRecord> run(Faults faults, long seed) {
        Iterator<SensorRecord> records = SensorRecord.of(new SyntheticPumps(PUMPS, START, READINGS, seed));
        List<SensorRecord> out = new ArrayList<>();
        new FaultInjector(records, faults, READINGS, seed).forEachRemaining(out::add);
        return out;
    }

    private static String text(SensorRecord o) {
        return new String(o.value(), StandardCharsets.UTF_8) + Arrays.hashCode(o.value());
    }
}
