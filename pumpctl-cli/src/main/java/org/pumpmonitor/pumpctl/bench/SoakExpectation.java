package org.pumpmonitor.pumpctl.bench;

import org.pumpmonitor.simulator.Reading;
import org.pumpmonitor.simulator.SensorCsv;
import org.pumpmonitor.simulator.SensorRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the job must have stored and published for the records Kafka acknowledged to the soak, worked
 * out here from the documented rules and the job's default options, without the job's code: the
 * simulator says which records are readings and which are lines that do not parse (dead letters);
 * a reading's pump, time and values are read from its own line by the simulator's CSV format. The rules: a second reading of a pump's minute is
 * dropped; a reading is too late for its day's statistics (a late mark) once the pump's newest
 * reading, less the out-of-orderness (5 min), is past the day's end plus the allowed lateness (1 h);
 * a low-pressure episode opens on a reading under 5 psi and clears on the second reading in a row at
 * 5.5 psi or more, decided by each pump's readings newer than all before.
 *
 * <p>Fed in the order Kafka acknowledged the records (a pump's records share a partition, so this
 * is the order the job reads them in), and kept small: per pump a bit per minute and digests, so
 * that an hour at 5,000 readings/s fits in a few hundred megabytes.
 */
final class SoakExpectation {

    static final long OUT_OF_ORDERNESS = Duration.ofMinutes(5).toMillis();
    static final long ALLOWED_LATENESS = Duration.ofHours(1).toMillis();
    static final double THRESHOLD = 5.0;
    static final double CLEAR_LEVEL = 5.5;
    static final int CLEAR_AFTER = 2;
    /** A sent log's line for a record that is no reading. */
    static final String DEAD_LETTER = "#";

    /** A day's statistics: count, and each measure's min, max and sum (in the order of the line). */
    static final class Day {
        long count;
        final double[] min = new double[6];
        final double[] max = new double[6];
        final double[] sum = new double[6];

        void add(double[] values) {
            for (int i = 0; i < 6; i++) {
                min[i] = count == 0 ? values[i] : Math.min(min[i], values[i]);
                max[i] = count == 0 ? values[i] : Math.max(max[i], values[i]);
                sum[i] += values[i];
            }
            count++;
        }
    }

    /** One pump: which minutes it sent, digests of what must be stored, its days and its episodes. */
    static final class Pump {
        final BitSet minutes = new BitSet();
        long readings;
        long readingDigest;
        long alarms;
        long alarmDigest;
        long lateMarks;
        long lateDigest;
        final Map<LocalDate, Day> days = new TreeMap<>();
        /** Episode start (epoch ms) to open or cleared. */
        final Map<Long, Boolean> episodesOpen = new TreeMap<>();
        /** {@code RAISED start} and {@code CLEARED start}, in order. */
        final List<String> events = new ArrayList<>();
        long clock = Long.MIN_VALUE;
        long newest = Long.MIN_VALUE;
        long openSince = Long.MIN_VALUE;
        int recovered;
    }

    private final long baseMinute;
    final Map<String, Pump> pumps = new TreeMap<>();
    long deadLetters;
    long records;
    /** The newest event time of any reading (epoch ms). */
    long newestEventTime = Long.MIN_VALUE;

    /** @param start the simulated time of the first reading (no reading is older) */
    SoakExpectation(Instant start) {
        this.baseMinute = start.toEpochMilli() / 60_000;
    }

    /** Takes one record Kafka acknowledged; returns its line in the sent log. */
    synchronized String add(SensorRecord record) {
        if (record.reading() == null || record.kind() == SensorRecord.Kind.MALFORMED
                || record.kind() == SensorRecord.Kind.UNPARSED_LINE) {
            records++;
            deadLetters++;
            return DEAD_LETTER;
        }
        String line = new String(record.value(), StandardCharsets.UTF_8);
        add(line);
        return line;
    }

    /**
     * The expectation of a sent log (one line per acknowledged record, in the order of the
     * acknowledgements: a reading's line, or {@value #DEAD_LETTER} for a line that does not parse).
     */
    static SoakExpectation fromLog(Path log) throws IOException {
        SoakExpectation expectation = new SoakExpectation(SoakLoad.START.toInstant(ZoneOffset.UTC));
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals(DEAD_LETTER)) {
                    expectation.records++;
                    expectation.deadLetters++;
                } else {
                    expectation.add(line);
                }
            }
        }
        return expectation;
    }

    private void add(String line) {
        records++;
        Reading reading = SensorCsv.parse(line);
        add(reading.pump(), reading.time().toInstant(ZoneOffset.UTC).toEpochMilli(), measures(line));
    }

    /** The six measures of a well-formed line, as the line writes them. */
    static double[] measures(String line) {
        String[] f = line.split(",", -1);
        double[] values = new double[6];
        for (int i = 0; i < 6; i++) {
            values[i] = Double.parseDouble(f[3 + i].strip());
        }
        return values;
    }

    private void add(String pumpId, long time, double[] values) {
        Pump pump = pumps.computeIfAbsent(pumpId, p -> new Pump());
        int minute = minuteIndex(time);
        if (pump.minutes.get(minute)) {
            return; // a second reading of the minute: the first is stored and counted
        }
        pump.minutes.set(minute);
        newestEventTime = Math.max(newestEventTime, time);
        pump.readings++;
        pump.readingDigest += readingHash(pumpId, time, values);
        double psi = values[4];
        if (psi < THRESHOLD) {
            pump.alarms++;
            pump.alarmDigest += valueHash(pumpId, time, psi);
        }
        LocalDate day = Instant.ofEpochMilli(time).atZone(ZoneOffset.UTC).toLocalDate();
        long dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
        if (pump.clock != Long.MIN_VALUE && dayEnd + ALLOWED_LATENESS <= pump.clock - OUT_OF_ORDERNESS - 1) {
            pump.lateMarks++;
            pump.lateDigest += valueHash(pumpId, time, 0);
        } else {
            pump.days.computeIfAbsent(day, d -> new Day()).add(values);
        }
        pump.clock = Math.max(pump.clock, time);
        episodes(pump, time, psi);
    }

    private static void episodes(Pump pump, long time, double psi) {
        if (time <= pump.newest) {
            return; // older than the pump's newest: it decides nothing
        }
        pump.newest = time;
        if (psi < THRESHOLD) {
            pump.recovered = 0;
            if (pump.openSince == Long.MIN_VALUE) {
                pump.openSince = time;
                pump.episodesOpen.put(time, true);
                pump.events.add("RAISED " + Instant.ofEpochMilli(time));
            }
        } else if (pump.openSince != Long.MIN_VALUE && psi >= CLEAR_LEVEL) {
            if (++pump.recovered == CLEAR_AFTER) {
                pump.episodesOpen.put(pump.openSince, false);
                pump.events.add("CLEARED " + Instant.ofEpochMilli(pump.openSince));
                pump.openSince = Long.MIN_VALUE;
                pump.recovered = 0;
            }
        } else {
            pump.recovered = 0;
        }
    }

    int minuteIndex(long time) {
        long index = time / 60_000 - baseMinute;
        if (index < 0 || index > Integer.MAX_VALUE) {
            throw new IllegalStateException("a reading at " + Instant.ofEpochMilli(time) + " is before the soak's start");
        }
        return (int) index;
    }

    /** The time of a minute index. */
    Instant timeOf(int minuteIndex) {
        return Instant.ofEpochSecond((baseMinute + minuteIndex) * 60);
    }

    /** A reading's digest: order-independent (summed), the same for the same pump, minute and values. */
    static long readingHash(String pump, long time, double[] values) {
        long h = mix(pump.hashCode() * 31L + time);
        for (double v : values) {
            h = mix(h ^ Double.doubleToLongBits(v));
        }
        return h;
    }

    static long valueHash(String pump, long time, double value) {
        return mix(mix(pump.hashCode() * 31L + time) ^ Double.doubleToLongBits(value));
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    synchronized long readings() {
        return pumps.values().stream().mapToLong(p -> p.readings).sum();
    }
}
