package org.pumpmonitor.job;

import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented Flink SQL DDL (docs/sql/sensor.sql) on the MiniCluster, reading what the job's
 * own converters write to the HBase mini cluster.
 */
@ExtendWith(SharedClusters.class)
class SqlAccessIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void theDocumentedViewsReturnTheStoredReadingsAlarmsAndStatisticsTyped(Clusters clusters) throws Exception {
        String table = SharedClusters.uniqueName("sql_sensor");
        new PumpTables(table, table + "_dead").createAll(clusters.hbaseConfiguration());
        List<Mutation> rows = new ArrayList<>();
        Instant start = Instant.parse("2014-03-10T00:00:00Z");
        for (String pump : List.of("0012", "MOJO")) {
            for (int minute = 0; minute < 30; minute++) {
                double psi = pump.equals("MOJO") && minute >= 27 ? 2.5 : 80 + minute;
                long t = start.plusSeconds(60L * minute).toEpochMilli();
                rows.add(ReadingCodec.READINGS.put(new SensorReading(pump, t, 10, 1.5, 880, 1, psi, 2)));
                if (psi < 5) {
                    rows.add(AlarmCodec.ALARMS.put(new LowPressureAlarm(pump, t, psi, 5.0)));
                }
                if (psi < 5 && minute == 27) {
                    org.pumpmonitor.core.model.AlarmEvent raised = org.pumpmonitor.core.model.AlarmEvent.of(
                            pump, org.pumpmonitor.core.model.AlarmEventType.RAISED, t, psi);
                    raised.start = t;
                    raised.minPsi = psi;
                    raised.minPsiTime = t;
                    raised.readings = 1;
                    rows.add(org.pumpmonitor.core.hbase.EpisodeCodec.EPISODES.put(raised));
                }
                if (pump.equals("0012") && minute == 10) {
                    // An episode of another rule, cleared, as the job writes it (row PUMP|START|RULE).
                    org.pumpmonitor.core.model.AlarmEvent cleared = org.pumpmonitor.core.model.AlarmEvent.of(
                            pump, org.pumpmonitor.core.model.AlarmEventType.CLEARED, t + 120_000, 80);
                    cleared.start = t;
                    cleared.end = t + 120_000;
                    cleared.readings = 2;
                    cleared.rule = "hot-motor";
                    cleared.measure = "hz";
                    cleared.condition = "above";
                    cleared.threshold = 60;
                    cleared.severity = "warning";
                    cleared.value = 50;
                    cleared.peak = 75;
                    cleared.peakTime = t + 60_000;
                    rows.add(org.pumpmonitor.core.hbase.EpisodeCodec.EPISODES.put(cleared));
                }
            }
            DailyStatistics s = new DailyStatistics();
            s.pumpId = pump;
            s.day = "2014-03-10";
            s.windowStart = start.toEpochMilli();
            s.windowEnd = start.toEpochMilli() + 86_400_000L;
            s.count = 30;
            s.finalResult = false;
            int n = Measure.values().length;
            s.min = new double[n];
            s.max = new double[n];
            s.avg = new double[n];
            s.avg[Measure.PSI.ordinal()] = 94.5;
            rows.add(StatisticsCodec.STATISTICS.put(s));
        }
        for (int minute = 0; minute < 5; minute++) {
            // Readings as builds before December 2026 wrote them: a cell per measure.
            long t = start.plusSeconds(60L * minute).toEpochMilli();
            Put old = new Put(PumpSchema.readingRowKey("OLD", t), t);
            double[] values = {12.5, 1.25, 870 + minute, 1.5, 70 - minute, 2.25};
            for (Measure m : Measure.values()) {
                old.addColumn(PumpSchema.DATA, PumpSchema.measure(m),
                        PumpSchema.number(values[m.ordinal()]));
            }
            rows.add(old);
        }
        try (Table hbase = clusters.hbase().getTable(TableName.valueOf(table))) {
            hbase.put(rows.stream().map(m -> (Put) m).toList());
        }

        TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        String ddl = Files.readString(Path.of("../docs/sql/sensor.sql"))
                .replace("'table-name' = 'sensor'", "'table-name' = '" + table + "'")
                .replace("'zookeeper.quorum' = '127.0.0.1:2181'", "'zookeeper.quorum' = '" + clusters.zookeeperQuorum() + "'");
        for (String statement : statements(ddl)) {
            sql.executeSql(statement);
        }

        assertThat(collect(sql, "SELECT pump, COUNT(*), MIN(hz), MAX(disp), MIN(flo), MAX(sedPPM), MIN(psi), MAX(chlPPM) "
                + "FROM readings GROUP BY pump")).map(Row::toString).containsExactlyInAnyOrder(
                "+I[0012, 30, 10.0, 1.5, 880.0, 1.0, 80.0, 2.0]",
                "+I[MOJO, 30, 10.0, 1.5, 880.0, 1.0, 2.5, 2.0]",
                "+I[OLD, 5, 12.5, 1.25, 870.0, 1.5, 66.0, 2.25]");
        List<Row> perPump = collect(sql, "SELECT pump, COUNT(*), MIN(psi), MAX(reading_time) FROM readings "
                + "WHERE pump <> 'OLD' GROUP BY pump");
        assertThat(perPump).extracting(r -> r.getField(0)).containsExactlyInAnyOrder("0012", "MOJO");
        for (Row r : perPump) {
            assertThat(r.getField(1)).isEqualTo(30L);
            assertThat(r.getField(2)).isEqualTo(r.getField(0).equals("MOJO") ? 2.5 : 80.0);
            assertThat(r.getField(3)).isEqualTo(LocalDateTime.parse("2014-03-10T00:29:00"));
        }
        assertThat(collect(sql, "SELECT pump, reading_time, psi, threshold FROM alarms")).hasSize(3)
                .allSatisfy(r -> {
                    assertThat(r.getField(0)).isEqualTo("MOJO");
                    assertThat(r.getField(3)).isEqualTo(5.0);
                });
        assertThat(collect(sql, "SELECT pump, started_at, ended_at, is_open, min_psi, readings FROM episodes "
                + "WHERE rule = 'low-pressure'"))
                .singleElement().satisfies(r -> {
                    assertThat(r.getField(0)).isEqualTo("MOJO");
                    assertThat(r.getField(1)).isEqualTo(LocalDateTime.parse("2014-03-10T00:27:00"));
                    assertThat(r.getField(2)).isNull();
                    assertThat(r.getField(3)).isEqualTo(true);
                    assertThat(r.getField(5)).isEqualTo(1L);
                });
        assertThat(collect(sql, "SELECT pump, rule, measure, `condition`, threshold, severity, peak, min_psi, is_open, "
                + "ended_at FROM episodes")).map(Row::toString).containsExactlyInAnyOrder(
                "+I[MOJO, low-pressure, psi, below, null, critical, 2.5, 2.5, true, null]", // written before rules existed
                "+I[0012, hot-motor, hz, above, 60.0, warning, 75.0, null, false, 2014-03-10T00:12]");
        List<Row> days = collect(sql, "SELECT pump, `day`, readings, is_final, psi_avg FROM daily_statistics");
        assertThat(days).hasSize(2).allSatisfy(r -> {
            assertThat(r.getField(1)).isEqualTo(LocalDate.parse("2014-03-10"));
            assertThat(r.getField(2)).isEqualTo(30L);
            assertThat(r.getField(3)).isEqualTo(false);
            assertThat(r.getField(4)).isEqualTo(94.5);
        });
    }

    /** The file's statements, without its comments. */
    private static List<String> statements(String script) {
        StringBuilder text = new StringBuilder();
        script.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> text.append(l).append('\n'));
        return java.util.Arrays.stream(text.toString().split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Row> collect(TableEnvironment sql, String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = sql.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }
}
