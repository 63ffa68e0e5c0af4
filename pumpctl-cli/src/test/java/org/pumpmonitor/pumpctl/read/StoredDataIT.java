package org.pumpmonitor.pumpctl.read;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one read of {@code query}, the dashboard, the demo and the benchmarks, on the HBase mini
 * cluster, with rows written by the job's codecs ({@link JobRows}) and one row of another writer
 * that shares the table (the seed design's key), which no read may take for the job's.
 */
@ExtendWith(SharedClusters.class)
class StoredDataIT {

    private static final String SENSOR = SharedClusters.uniqueName("read_sensor");
    private static final String DEAD = SharedClusters.uniqueName("read_dead");
    private static final Instant T0 = Instant.parse("2014-03-10T06:00:00Z");

    private static StoredData stored;

    /** Pumps A and B: 10 readings a minute apart from 06:00, B's last 3 under 5 psi; A's days 9 and 10 March. */
    @BeforeAll
    static void write(Clusters clusters) throws Exception {
        Connection hbase = clusters.hbase();
        new PumpTables(SENSOR, DEAD).createAll(clusters.hbaseConfiguration());
        JobRows rows = new JobRows(SENSOR, DEAD);
        for (String pump : List.of("A", "B")) {
            for (int minute = 0; minute < 10; minute++) {
                boolean low = pump.equals("B") && minute >= 7;
                rows.reading(pump, T0.plusSeconds(60L * minute), low ? 3.0 : 80);
                if (low) {
                    rows.alarm(pump, T0.plusSeconds(60L * minute), 3.0);
                }
            }
        }
        rows.stats("A", "2014-03-09", 1440, true).stats("A", "2014-03-10", 10, false);
        rows.deadLetter("pump-sensor", 1, 5, T0, "second partition").deadLetter("pump-sensor", 0, 9, T0.minusSeconds(1), "first");
        rows.writeTo(hbase);
        try (Table table = hbase.getTable(TableName.valueOf(SENSOR))) {
            table.put(new Put("PUMP00000_3/10/14 0:00".getBytes()).addColumn(PumpSchema.DATA, PumpSchema.PSI, "1.0".getBytes())
                    .addColumn(PumpSchema.STATS, PumpSchema.COUNT, "1".getBytes()));
        }
        stored = new StoredData(hbase, SENSOR, DEAD);
    }

    @Test
    void aQueryTakesTheFirstRowsInKeyOrderWithinItsBounds() throws Exception {
        List<Map<String, Object>> a = stored.rows(Query.first(Kind.READINGS, "A", T0.plusSeconds(120), T0.plusSeconds(300), 50));
        assertThat(a).extracting(r -> r.get("time"))
                .containsExactly("2014-03-10T06:02:00Z", "2014-03-10T06:03:00Z", "2014-03-10T06:04:00Z");
        assertThat(stored.rows(Query.first(Kind.READINGS, null, T0.plusSeconds(540), null, 50)))
                .as("every pump, the bounds checked row by row").extracting(r -> r.get("pump")).containsExactly("A", "B");
        assertThat(stored.rows(Query.first(Kind.READINGS, null, null, null, 12))).hasSize(12)
                .extracting(r -> r.get("pump")).containsOnly("A", "B");
        assertThat(stored.rows(Query.first(Kind.ALARMS, null, null, null, 50))).extracting(r -> r.get("time"))
                .containsExactly("2014-03-10T06:07:00Z", "2014-03-10T06:08:00Z", "2014-03-10T06:09:00Z");
    }

    /** Statistics are bounded by whole days: a bound in a day's middle takes that day. */
    @Test
    void statisticsAreBoundedByDays() throws Exception {
        assertThat(stored.rows(Query.first(Kind.STATISTICS, "A", Instant.parse("2014-03-09T12:00:00Z"), null, 50)))
                .extracting(r -> r.get("day")).containsExactly("2014-03-09", "2014-03-10");
        assertThat(stored.rows(Query.first(Kind.STATISTICS, null, null, Instant.parse("2014-03-10T23:00:00Z"), 50)))
                .extracting(r -> r.get("day")).containsExactly("2014-03-09");
    }

    /** Dead letters are no pump's and have no time bounds: key order for query, newest first for the dashboard. */
    @Test
    void deadLettersInKeyOrderOrNewestFirst() throws Exception {
        assertThat(stored.rows(Query.first(Kind.DEAD_LETTERS, "A", T0, T0, 50))).extracting(r -> r.get("reason"))
                .containsExactly("first", "second partition");
        assertThat(stored.rows(Query.newest(Kind.DEAD_LETTERS, null, null, null, 1))).extracting(r -> r.get("reason"))
                .containsExactly("second partition");
    }

    @Test
    void countsAndRowsThatExistAreTheJobsOnly() throws Exception {
        assertThat(stored.count(Kind.READINGS)).isEqualTo(20);
        assertThat(stored.count(Kind.STATISTICS)).isEqualTo(2);
        assertThat(stored.count(Kind.DEAD_LETTERS)).isEqualTo(2);
        assertThat(stored.exist(Kind.ALARMS, List.of(PumpSchema.readingRowKey("B", T0.plusSeconds(420).toEpochMilli()),
                PumpSchema.readingRowKey("A", T0.plusSeconds(420).toEpochMilli())))).containsExactly(true, false);
        assertThat(stored.lastReading("B")).contains(T0.plusSeconds(540));
        assertThat(stored.exists("B")).isTrue();
        assertThat(stored.exists("C")).isFalse();
    }
}
