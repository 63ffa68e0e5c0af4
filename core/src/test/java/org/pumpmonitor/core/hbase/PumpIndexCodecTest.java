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
                "data:time@" + T, "2014-03-10T01:01:00Z",
                "data:hz@" + T, "10.27", "data:disp@" + T, "1.73", "data:flo@" + T, "881.0",
                "data:sedPPM@" + T, "1.56", "data:psi@" + T, "85.0", "data:chlPPM@" + T, "1.94"));
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
