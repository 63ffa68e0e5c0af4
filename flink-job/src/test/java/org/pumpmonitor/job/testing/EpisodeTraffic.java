package org.pumpmonitor.job.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The traffic of the savepoints made by {@code MakeSavepointIT} (one per commit, under test
 * resources {@code savepoints/<commit>}): on 2014-03-10, pump QUIET reports on partition 0 until
 * 00:59 and is SILENT (at 01:09) when the savepoint is taken; LOUD and LOW report on partition 1
 * until 02:59, and LOW has been under the threshold since 02:50, an open episode. The day's
 * statistics are open.
 */
public final class EpisodeTraffic {

    public static final int PARTITIONS = 2;

    private EpisodeTraffic() {}

    /** The topic the savepoint of that commit read: its source state names it. */
    public static String topic(String commit) {
        return "savepoint-" + commit;
    }

    /** One partition's records: partition, key, line. */
    public record Record(int partition, String key, String line) {}

    /** What was read before the savepoint. */
    public static List<Record> firstPart() {
        List<Record> records = new ArrayList<>();
        for (int minute = 0; minute < 60; minute++) {
            records.add(reading(0, "QUIET", minute, 80));
        }
        for (int minute = 0; minute < 180; minute++) {
            records.add(reading(1, "LOUD", minute, 81));
            records.add(reading(1, "LOW", minute, minute >= 170 ? 2.0 : 82));
        }
        return records;
    }

    /**
     * After the restore: QUIET reports once more at 03:20 (RESUMED) and is SILENT again at 03:30;
     * LOUD and LOW report until 04:19, LOW back above the threshold from 03:05 (CLEARED at 03:06).
     */
    public static List<Record> secondPart() {
        List<Record> records = new ArrayList<>();
        records.add(reading(0, "QUIET", 200, 80));
        for (int minute = 180; minute < 260; minute++) {
            records.add(reading(1, "LOUD", minute, 81));
            records.add(reading(1, "LOW", minute, minute < 185 ? 2.0 : 82));
        }
        return records;
    }

    private static Record reading(int partition, String pump, int minute, double psi) {
        return new Record(partition, pump, pump + ",3/10/14," + (minute / 60) + ":" + String.format("%02d", minute % 60)
                + ",10.2,1.7,880,1.5," + psi + ",1.9");
    }
}
