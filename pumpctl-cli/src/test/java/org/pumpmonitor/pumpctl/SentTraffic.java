package org.pumpmonitor.pumpctl;

import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.core.parse.InvalidReadingException;
import org.pumpmonitor.core.parse.SensorReadingParser;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the job must store for the lines a producer sent, in the order it sent them (each pump's
 * lines reach one partition in that order), worked out here from the documented rules with the
 * job's default options: a line that does not parse is a dead letter; a second reading of a pump's
 * minute is dropped; a reading is too late for its day's statistics once the pump's newest reading,
 * less the out-of-orderness (5 min), is past the day's end plus the allowed lateness (1 h); an
 * episode opens on a reading under 5 psi and clears on the second in a row at 5.5 or more, decided
 * by each pump's readings newer than all before.
 *
 * <p>Keys are {@code PUMP@2014-03-10T00:01:00Z} for readings and episodes (their start), and
 * {@code PUMP@2014-03-10} for days.
 */
final class SentTraffic {

    private static final long OUT_OF_ORDERNESS = Duration.ofMinutes(5).toMillis();
    private static final long ALLOWED_LATENESS = Duration.ofHours(1).toMillis();

    /** A day of statistics: the readings that count, and their lowest and highest psi. */
    record Day(long count, double minPsi, double maxPsi) {
        Day with(double psi) {
            return new Day(count + 1, Math.min(minPsi, psi), Math.max(maxPsi, psi));
        }
    }

    final Map<String, Double> readings = new TreeMap<>();
    final Map<String, Double> alarms = new TreeMap<>();
    final Set<String> lateMarks = new TreeSet<>();
    final Map<String, Day> days = new TreeMap<>();
    /** Episode start → {@code open} or {@code cleared}. */
    final Map<String, String> episodes = new TreeMap<>();
    /** {@code PUMP RAISED|CLEARED start}, each once. */
    final Set<String> alarmEvents = new TreeSet<>();
    long deadLetters;

    private final Map<String, Long> clocks = new HashMap<>();
    private final Map<String, Long> newest = new HashMap<>();
    private final Map<String, Long> openSince = new HashMap<>();
    private final Map<String, Integer> recovered = new HashMap<>();

    SentTraffic(List<String> lines) {
        SensorReadingParser parser = new SensorReadingParser(ZoneOffset.UTC);
        for (String line : lines) {
            SensorReading r;
            try {
                r = parser.parse(line);
            } catch (InvalidReadingException e) {
                deadLetters++;
                continue;
            }
            String key = key(r.pumpId, r.eventTime);
            if (readings.containsKey(key)) {
                continue; // a duplicate: the first is stored and counted
            }
            readings.put(key, r.psi);
            if (r.psi < 5) {
                alarms.put(key, r.psi);
            }
            admit(r, key);
            episodes(r);
        }
        openSince.forEach((pump, start) -> episodes.put(key(pump, start), "open"));
    }

    private void admit(SensorReading r, String key) {
        long clock = clocks.getOrDefault(r.pumpId, Long.MIN_VALUE);
        LocalDate day = Instant.ofEpochMilli(r.eventTime).atZone(ZoneOffset.UTC).toLocalDate();
        long dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
        if (clock != Long.MIN_VALUE && dayEnd + ALLOWED_LATENESS <= clock - OUT_OF_ORDERNESS - 1) {
            lateMarks.add(key);
        } else {
            days.merge(r.pumpId + "@" + day, new Day(1, r.psi, r.psi), (a, b) -> a.with(r.psi));
        }
        clocks.put(r.pumpId, Math.max(clock, r.eventTime));
    }

    private void episodes(SensorReading r) {
        if (r.eventTime <= newest.getOrDefault(r.pumpId, Long.MIN_VALUE)) {
            return; // older than the pump's newest: it decides nothing
        }
        newest.put(r.pumpId, r.eventTime);
        Long start = openSince.get(r.pumpId);
        if (r.psi < 5) {
            recovered.put(r.pumpId, 0);
            if (start == null) {
                openSince.put(r.pumpId, r.eventTime);
                alarmEvents.add(r.pumpId + " RAISED " + Instant.ofEpochMilli(r.eventTime));
            }
        } else if (start != null && r.psi >= 5.5) {
            if (recovered.merge(r.pumpId, 1, Integer::sum) == 2) {
                episodes.put(key(r.pumpId, start), "cleared");
                alarmEvents.add(r.pumpId + " CLEARED " + Instant.ofEpochMilli(start));
                openSince.remove(r.pumpId);
                recovered.put(r.pumpId, 0);
            }
        } else {
            recovered.put(r.pumpId, 0);
        }
    }

    static String key(String pump, long time) {
        return pump + "@" + Instant.ofEpochMilli(time);
    }
}
