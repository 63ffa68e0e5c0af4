package org.pumpmonitor.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/** Lines of the sensor format with the value ranges of the seed data, 100 pumps, minute after minute. */
final class SensorLines {

    private SensorLines() {}

    static String[] generate(int count) {
        SplittableRandom random = new SplittableRandom(42);
        String[] lines = new String[count];
        for (int i = 0; i < count; i++) {
            int minute = i / 100;
            lines[i] = String.format(Locale.ROOT, "PUMP%05d,3/%d/14,%d:%02d,%.2f,%.3f,%d,%.2f,%.1f,%.2f",
                    i % 100, 10 + minute / 1440, minute / 60 % 24, minute % 60, 7 + random.nextDouble() * 3.5,
                    1 + random.nextDouble() * 2, 800 + random.nextInt(1243), random.nextDouble() * 2,
                    random.nextInt(25) == 0 ? 0.5 + random.nextDouble() * 4.4 : 60 + random.nextInt(41),
                    0.5 + random.nextDouble() * 1.5);
        }
        return lines;
    }

    static byte[][] bytes(String[] lines) {
        byte[][] bytes = new byte[lines.length][];
        for (int i = 0; i < lines.length; i++) {
            bytes[i] = lines[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }
}
