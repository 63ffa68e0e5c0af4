package org.pumpmonitor.core.hbase;

import org.pumpmonitor.core.model.AlarmEventType;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class PumpIndexCodecTest {

    private static final long T = Instant.parse("2014-03-10T01:01:00Z").toEpochMilli();

    @Test
    void theIndexIsNamedAfterItsSensorTableAndKeyedByPump() {
        assertThat(PumpSchema.pumpIndexTable("sensor")).isEqualTo("sensor_pumps");
        assertThat(PumpSchema.pumpIndexTable("ns:sensor")).isEqualTo("ns:sensor_pumps");
        assertThat(Bytes.toString(PumpSchema.pumpIndexRowKey("0012"))).isEqualTo("0012");
    }

    @Test
    void aReadingIsItsPumpsNewestReadingVersionedByEventTime() {
        Put put = (Put) PumpIndexCodec.READINGS.put(
                new SensorReading("COHUTTA", T, 10.27, 1.73, 881, 1.56, 85, 1.94));
        assertThat(Bytes.toString(put.getRow())).isEqualTo("COHUTTA");
        assertThat(cells(put)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "data:time@" + T, "2014-03-10T01:01:00Z", "data:m@" + T, "10.27,1.73,881.0,1.56,85.0,1.94"));
    }

    @Test
    void aPumpsRowWithBothLayoutsOfReadingsShowsTheNewerOne() {
        SensorReading late = new SensorReading("COHUTTA", T - 60_000, 10.27, 1.73, 881, 1.56, 85, 1.94);
        SensorReading next = new SensorReading("COHUTTA", T + 60_000, 10.5, 1.8, 870, 1.5, 84, 1.9);
        Put before = new Put(PumpSchema.pumpIndexRowKey("COHUTTA"), T)
                .addColumn(PumpSchema.DATA, PumpSchema.TIME, T, PumpSchema.text("2014-03-10T01:01:00Z"));
        for (Measure m : Measure.values()) {
            before.addColumn(PumpSchema.DATA, PumpSchema.measure(m), T, PumpSchema.number(m == Measure.PSI ? 3.0 : 1.0));
        }

        // The index keeps one version per cell: the highest of each qualifier stays.
        PumpIndexCodec.Latest afterLate = PumpIndexCodec.latest(indexRow(before, PumpIndexCodec.READINGS.put(late)))
                .orElseThrow();
        assertThat(afterLate.reading().orElseThrow().time()).isEqualTo(Instant.ofEpochMilli(T));
        assertThat(afterLate.psi()).contains(3.0);

        PumpIndexCodec.Latest afterNext = PumpIndexCodec.latest(indexRow(before, PumpIndexCodec.READINGS.put(next)))
                .orElseThrow();
        assertThat(afterNext.reading().orElseThrow().time()).isEqualTo(Instant.ofEpochMilli(T + 60_000));
        assertThat(afterNext.reading().orElseThrow().get(Measure.FLO)).isEqualTo(870.0);
    }

    @Test
    void anAlarmIsItsPumpsNewestAlarmVersionedByEventTime() {
        Put put = (Put) PumpIndexCodec.ALARMS.put(new LowPressureAlarm("COHUTTA", T, 3.5, 5.0));
        assertThat(Bytes.toString(put.getRow())).isEqualTo("COHUTTA");
        assertThat(cells(put)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "alert:time@" + T, "2014-03-10T01:01:00Z", "alert:psi@" + T, "3.5", "alert:threshold@" + T, "5.0"));
    }

    @Test
    void episodesAndStatisticsHaveTheCellsAndVersionsOfTableSensorInThePumpsRow() {
        AlarmEvent cleared = AlarmEvent.of("COHUTTA", AlarmEventType.CLEARED, T + 600_000, 80);
        cleared.start = T;
        cleared.end = T + 540_000;
        cleared.minPsi = 1.5;
        cleared.minPsiTime = T + 60_000;
        cleared.readings = 9;
        Put episode = (Put) PumpIndexCodec.EPISODES.put(cleared);
        assertThat(Bytes.toString(episode.getRow())).isEqualTo("COHUTTA");
        assertThat(cells(episode)).isEqualTo(cells((Put) EpisodeCodec.EPISODES.put(cleared)))
                .containsEntry("episode:state@" + (T + 600_000), "cleared");

        DailyStatistics day = new DailyStatistics();
        day.pumpId = "COHUTTA";
        day.day = "2014-03-10";
        day.windowStart = Instant.parse("2014-03-10T00:00:00Z").toEpochMilli();
        day.windowEnd = day.windowStart + 86_400_000L;
        day.count = 60;
        day.finalResult = false;
        day.min = new double[Measure.values().length];
        day.max = day.min.clone();
        day.avg = day.min.clone();
        Arrays.fill(day.max, 9);
        Put stats = (Put) PumpIndexCodec.STATISTICS.put(day);
        assertThat(Bytes.toString(stats.getRow())).isEqualTo("COHUTTA");
        assertThat(stats.getTimestamp()).isEqualTo(PumpSchema.statisticsVersion(day.windowEnd, 60, false));
        assertThat(cells(stats)).isEqualTo(cells((Put) StatisticsCodec.STATISTICS.put(day)));
    }

    @Test
    void aLaterDaysEarliestResultIsAboveAnEarlierDaysFinalOne() {
        long dayEnd = Instant.parse("2014-03-10T00:00:00Z").toEpochMilli();
        // A short day (23 hours, daylight saving) still ends far more than two million ms later.
        long nextDayEnd = dayEnd + 23 * 3_600_000L;
        assertThat(PumpSchema.statisticsVersion(nextDayEnd, 1, false))
                .isGreaterThan(PumpSchema.statisticsVersion(dayEnd, PumpSchema.MAX_VERSIONED_COUNT, true));
    }

    /** The row the index holds after the puts: the highest version of each cell. */
    private static org.apache.hadoop.hbase.client.Result indexRow(Put... puts) {
        Map<String, Cell> newest = new TreeMap<>();
        for (Put put : puts) {
            for (List<Cell> family : put.getFamilyCellMap().values()) {
                for (Cell cell : family) {
                    newest.merge(Bytes.toString(CellUtil.cloneFamily(cell)) + ":" + Bytes.toString(CellUtil.cloneQualifier(cell)),
                            cell, (a, b) -> a.getTimestamp() >= b.getTimestamp() ? a : b);
                }
            }
        }
        List<Cell> cells = new java.util.ArrayList<>(newest.values());
        cells.sort(org.apache.hadoop.hbase.CellComparator.getInstance());
        return org.apache.hadoop.hbase.client.Result.create(cells);
    }

    private static Map<String, String> cells(Put put) {
        Map<String, String> cells = new TreeMap<>();
        for (List<Cell> family : put.getFamilyCellMap().values()) {
            for (Cell cell : family) {
                cells.put(Bytes.toString(CellUtil.cloneFamily(cell)) + ":" + Bytes.toString(CellUtil.cloneQualifier(cell))
                        + "@" + cell.getTimestamp(), Bytes.toString(CellUtil.cloneValue(cell)));
            }
        }
        return cells;
    }
}
