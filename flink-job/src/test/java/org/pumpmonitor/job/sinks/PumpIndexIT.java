package org.pumpmonitor.job.sinks;

import org.pumpmonitor.core.hbase.PumpIndexCodec;
import org.pumpmonitor.core.model.AlarmEventType;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.PumpTables;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.testkit.HBaseContents;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pump index on a real HBase: whatever order a pump's records reach it in (late readings, a
 * replay after a failure, an early result after the final one), it holds the newest of each kind,
 * one version per cell, and writing everything again changes nothing.
 */
@ExtendWith(SharedClusters.class)
class PumpIndexIT {

    private static final Instant T = Instant.parse("2014-03-10T12:00:00Z");

    @Test
    void theIndexKeepsEachPumpsNewestWhateverOrderItsRecordsArriveIn(Clusters clusters) throws Exception {
        String sensor = SharedClusters.uniqueName("index_sensor");
        String index = PumpSchema.pumpIndexTable(sensor);
        try (Admin admin = clusters.hbase().getAdmin()) {
            // Ten versions, as the job's tests create tables: the index keeps one whatever is asked.
            new PumpTables(sensor, SharedClusters.uniqueName("index_dead")).create(admin, 10);
        }
        List<Mutation> arrivals = new ArrayList<>();
        PumpIndexCodec<SensorReading> readings = PumpIndexCodec.READINGS;
        for (int minute : new int[] {0, 2, 1, 2, 1}) {
            arrivals.add(readings.put(reading(minute, 80 + minute)));
        }
        PumpIndexCodec<LowPressureAlarm> alarms = PumpIndexCodec.ALARMS;
        arrivals.add(alarms.put(new LowPressureAlarm("MOJO", T.plusSeconds(60).toEpochMilli(), 3.5, 5.0)));
        arrivals.add(alarms.put(new LowPressureAlarm("MOJO", T.toEpochMilli(), 2.5, 5.0)));
        PumpIndexCodec<DailyStatistics> statistics = PumpIndexCodec.STATISTICS;
        arrivals.add(statistics.put(day("2014-03-10", 700, false)));
        arrivals.add(statistics.put(day("2014-03-09", 1440, true)));
        arrivals.add(statistics.put(day("2014-03-10", 600, false)));
        PumpIndexCodec<AlarmEvent> episodes = PumpIndexCodec.EPISODES;
        Instant firstStart = T.minusSeconds(3600);
        Instant secondStart = T.minusSeconds(600);
        arrivals.add(episodes.put(raised(secondStart)));
        arrivals.add(episodes.put(cleared(firstStart, secondStart.minusSeconds(300))));
        arrivals.add(episodes.put(raised(firstStart)));

        write(clusters, index, arrivals);
        PumpIndexCodec.Latest latest = latest(clusters, index);
        assertThat(latest.pump()).isEqualTo("MOJO");
        assertThat(latest.reading()).hasValueSatisfying(r -> {
            assertThat(r.time()).isEqualTo(T.plusSeconds(120));
            assertThat(r.get(Measure.PSI)).isEqualTo(82.0);
        });
        assertThat(latest.alarm()).hasValueSatisfying(a -> assertThat(a.time()).isEqualTo(T.plusSeconds(60)));
        assertThat(latest.inAlarm()).as("a reading after the alarm").isFalse();
        assertThat(latest.lastReading()).contains(T.plusSeconds(120));
        assertThat(latest.stats()).hasValueSatisfying(s -> {
            assertThat(s.day()).hasToString("2014-03-10");
            assertThat(s.count()).isEqualTo(700);
        });
        assertThat(latest.episode()).hasValueSatisfying(e -> {
            assertThat(e.start()).isEqualTo(secondStart);
            assertThat(e.open()).isTrue();
            assertThat(e.end()).as("the cleared episode's end is not this one's").isNull();
        });

        TreeMap<String, String> cells = HBaseContents.dump(clusters.hbase(), index);
        assertThat(cells.keySet()).as("one version per cell")
                .allSatisfy(c -> assertThat(cells.keySet().stream()
                        .filter(other -> other.substring(0, other.indexOf('@')).equals(c.substring(0, c.indexOf('@')))))
                        .hasSize(1));
        write(clusters, index, arrivals);
        assertThat(HBaseContents.dump(clusters.hbase(), index)).as("written again").isEqualTo(cells);
    }

    @Test
    void atAnAlarmsOnsetTheAlarmIsTheNewestReading(Clusters clusters) throws Exception {
        String sensor = SharedClusters.uniqueName("onset_sensor");
        String index = PumpSchema.pumpIndexTable(sensor);
        try (Admin admin = clusters.hbase().getAdmin()) {
            new PumpTables(sensor, SharedClusters.uniqueName("onset_dead")).create(admin, 1);
        }
        write(clusters, index, List.of(
                PumpIndexCodec.READINGS.put(reading(0, 80)),
                PumpIndexCodec.ALARMS.put(
                        new LowPressureAlarm("MOJO", T.plusSeconds(60).toEpochMilli(), 3.5, 5.0))));
        PumpIndexCodec.Latest latest = latest(clusters, index);
        assertThat(latest.inAlarm()).isTrue();
        assertThat(latest.lastReading()).contains(T.plusSeconds(60));
        assertThat(latest.psi()).contains(3.5);
        assertThat(latest.stats()).isEmpty();
        assertThat(latest.episode()).isEmpty();
    }

    /** Each Put on its own, as separate flushes of the sinks would write them. */
    private static void write(Clusters clusters, String table, List<Mutation> mutations) throws Exception {
        try (Table t = clusters.hbase().getTable(TableName.valueOf(table))) {
            for (Mutation m : mutations) {
                t.put((Put) m);
            }
        }
    }

    private static PumpIndexCodec.Latest latest(Clusters clusters, String table) throws Exception {
        try (Table t = clusters.hbase().getTable(TableName.valueOf(table))) {
            return PumpIndexCodec.latest(t.get(new Get(PumpSchema.pumpIndexRowKey("MOJO")))).orElseThrow();
        }
    }

    private static SensorReading reading(int minute, double psi) {
        return new SensorReading("MOJO", T.plusSeconds(60L * minute).toEpochMilli(), 10, 1.7, 880, 1.5, psi, 1.9);
    }

    private static DailyStatistics day(String day, long count, boolean finalResult) {
        DailyStatistics s = new DailyStatistics();
        s.pumpId = "MOJO";
        s.day = day;
        s.windowStart = Instant.parse(day + "T00:00:00Z").toEpochMilli();
        s.windowEnd = s.windowStart + 86_400_000L;
        s.count = count;
        s.finalResult = finalResult;
        s.min = new double[Measure.values().length];
        s.max = s.min.clone();
        s.avg = s.min.clone();
        Arrays.fill(s.avg, count);
        return s;
    }

    private static AlarmEvent raised(Instant start) {
        AlarmEvent e = AlarmEvent.of("MOJO", AlarmEventType.RAISED, start.toEpochMilli(), 3);
        e.start = e.time;
        e.minPsi = 3;
        e.minPsiTime = e.time;
        e.readings = 1;
        return e;
    }

    private static AlarmEvent cleared(Instant start, Instant end) {
        AlarmEvent e = AlarmEvent.of("MOJO", AlarmEventType.CLEARED, end.plusSeconds(60).toEpochMilli(), 80);
        e.start = start.toEpochMilli();
        e.end = end.toEpochMilli();
        e.minPsi = 2;
        e.minPsiTime = start.toEpochMilli();
        e.readings = 5;
        return e;
    }
}
