package org.pumpmonitor.job.testing;

import org.pumpmonitor.core.model.SensorReading;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Deterministic test traffic: several pumps over several days, one reading every few minutes,
 * sent in event-time order with neighbours swapped now and then (out of order within a few
 * minutes), with low-pressure readings and one bad line of every kind mixed in.
 *
 * <p>Every reading's expected value comes from the numbers generated here, not from parsing the
 * text sent, so that the job's parser is checked rather than trusted.
 */
public final class TestReadings {

    /** One Kafka record to send: its key, its bytes, and what the job should make of it. */
    public static final class Line {
        public final String key;
        public final byte[] value;
        /** The reading it is, or null for a bad line. */
        public final SensorReading expected;
        /** For a bad line, how the dead letter's reason starts. */
        public final String expectedReason;

        public Line(String key, byte[] value, SensorReading expected, String expectedReason) {
            this.key = key;
            this.value = value;
            this.expected = expected;
            this.expectedReason = expectedReason;
        }
    }

    private TestReadings() {}

    public static List<Line> generate(long seed, int pumps, int days, int minutesBetweenReadings) {
        Random random = new Random(seed);
        LocalDateTime start = LocalDateTime.of(2014, 3, 10, 0, 0);
        List<Line> lines = new ArrayList<>();
        for (int step = 0; step < days * 24 * 60 / minutesBetweenReadings; step++) {
            LocalDateTime time = start.plusMinutes((long) step * minutesBetweenReadings);
            for (int p = 0; p < pumps; p++) {
                lines.add(reading(random, "PUMP-" + (char) ('A' + p), time));
            }
        }
        // Neighbours of one pump swap places: out of order by one interval, within the bound.
        for (int i = pumps; i < lines.size(); i += 17 * pumps + 1) {
            Collections.swap(lines, i, i - pumps);
        }
        List<Line> bad = badLines();
        for (int i = 0; i < bad.size(); i++) {
            lines.add((i + 1) * lines.size() / (bad.size() + 1), bad.get(i));
        }
        return lines;
    }

    /** A reading of the pump at the time, its measures drawn from the random source. */
    public static Line reading(Random random, String pump, LocalDateTime time) {
        double psi = random.nextInt(30) == 0 ? cents(random, 0, 5) : cents(random, 60, 110);
        SensorReading r = new SensorReading(
                pump,
                time.toInstant(ZoneOffset.UTC).toEpochMilli(),
                cents(random, 9, 11),
                cents(random, 1, 3),
                random.nextInt(200) + 800,
                cents(random, 0, 2),
                psi,
                cents(random, 0, 3));
        String text = String.format(Locale.ROOT, "%s,%d/%d/%02d,%d:%02d,%s,%s,%s,%s,%s,%s",
                pump, time.getMonthValue(), time.getDayOfMonth(), time.getYear() % 100,
                time.getHour(), time.getMinute(),
                number(r.hz), number(r.disp), number(r.flo), number(r.sedPpm), number(r.psi), number(r.chlPpm));
        return new Line(pump, text.getBytes(StandardCharsets.UTF_8), r, null);
    }

    private static List<Line> badLines() {
        byte[] notUtf8 = "PUMP-A,3/10/14,1:00,1,1,1,1,1,1".getBytes(StandardCharsets.UTF_8);
        notUtf8[2] = (byte) 0xFF;
        byte[] huge = new byte[1024 * 1024];
        Arrays.fill(huge, (byte) '7');
        return List.of(
                bad("PUMP-A,3/10/14,1:00,1,1,1", "expected 9 comma-separated fields"),
                bad("PUMP-A,3/10/14,1:00,1,1,1,x,1,1", "invalid sedPPM 'x'"),
                bad("PUMP-B,3/10/14,1:00,1,1,1,1,NaN,1", "invalid psi 'NaN'"),
                bad("PUMP-B,3/10/14,1:00,Infinity,1,1,1,1,1", "invalid hz 'Infinity'"),
                bad("PUMP-C,2/30/14,1:00,1,1,1,1,1,1", "invalid date '2/30/14'"),
                bad("", "empty line"),
                new Line("PUMP-A", notUtf8, null, "not valid UTF-8"),
                new Line("PUMP-C", huge, null, "line too long"));
    }

    private static Line bad(String text, String reason) {
        return new Line("PUMP-A", text.getBytes(StandardCharsets.UTF_8), null, reason);
    }

    private static double cents(Random random, int from, int to) {
        return (from * 100 + random.nextInt((to - from) * 100)) / 100.0;
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
