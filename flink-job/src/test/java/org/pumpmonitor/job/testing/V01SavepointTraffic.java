package org.pumpmonitor.job.testing;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The traffic of the version 0.1 savepoint under test resources: three pumps, one reading every
 * ten minutes; the savepoint was taken after the first part (day 1 and the morning of day 2).
 */
public final class V01SavepointTraffic {

    public static final String TOPIC = "savepoint-v0.1";
    public static final int PARTITIONS = 2;
    public static final List<String> PUMPS = List.of("ALPHA", "BRAVO", "CHARLIE");
    public static final LocalDate DAY_1 = LocalDate.of(2014, 3, 10);

    private V01SavepointTraffic() {}

    /** Day 1, and day 2 until noon. */
    public static List<TestReadings.Line> firstPart() {
        return lines(new Random(11), DAY_1.atStartOfDay(), DAY_1.plusDays(1).atTime(12, 0));
    }

    /** Day 2 from noon, and day 3 until six. */
    public static List<TestReadings.Line> secondPart() {
        return lines(new Random(12), DAY_1.plusDays(1).atTime(12, 0), DAY_1.plusDays(2).atTime(6, 0));
    }

    private static List<TestReadings.Line> lines(Random random, LocalDateTime from, LocalDateTime to) {
        List<TestReadings.Line> lines = new ArrayList<>();
        for (LocalDateTime t = from; t.isBefore(to); t = t.plusMinutes(10)) {
            for (String pump : PUMPS) {
                lines.add(TestReadings.reading(random, pump, t));
            }
        }
        return lines;
    }
}
