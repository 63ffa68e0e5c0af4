package org.pumpmonitor.core.hbase;

import org.pumpmonitor.core.hbase.PumpSchema;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.core.hbase.PumpSchema.MAX_VERSIONED_COUNT;
import static org.pumpmonitor.core.hbase.PumpSchema.statisticsVersion;

class FamilyCodecTest {

    private static final long T = Instant.parse("2014-03-10T01:01:00Z").toEpochMilli();

    @Test
    void readingRowKeysSortByTimeWithinAPump() {
        List<String> keys = List.of(
                Bytes.toString(PumpSchema.readingRowKey("MOJO", T + 9 * 3600_000L)),
                Bytes.toString(PumpSchema.readingRowKey("MOJO", T)),
                Bytes.toString(PumpSchema.readingRowKey("MOJO", T + 86_400_000L)),
                Bytes.toString(PumpSchema.readingRowKey("MO", T + 86_400_000L)));
        // Byte order, as HBase sorts; '|' sorts after letters and digits, so the rows of pump MO
        // do not fall between those of MOJO.
        assertThat(keys.stream().sorted()).containsExactly(
                "MOJO|2014-03-10T01:01:00Z",
                "MOJO|2014-03-10T10:01:00Z",
                "MOJO|2014-03-11T01:01:00Z",
                "MO|2014-03-11T01:01:00Z");
        assertThat(Bytes.toString(PumpSchema.statisticsRowKey("MOJO", "2014-03-10"))).isEqualTo("MOJO|2014-03-10");
    }

    @Test
    void deadLetterRowKeysSortByPartitionThenOffset() {
        assertThat(Bytes.toString(PumpSchema.deadLetterRowKey("pump-sensor", 2, 1234)))
                .isEqualTo("pump-sensor|00002|00000000000000001234");
        assertThat(Bytes.compareTo(PumpSchema.deadLetterRowKey("t", 1, 99), PumpSchema.deadLetterRowKey("t", 1, 100)))
                .isNegative();
    }

    @Test
    void aReadingIsAPutOfOneCellOfItsSixMeasuresVersionedByEventTime() {
        Put put = (Put) ReadingCodec.READINGS.put(
                new SensorReading("COHUTTA", T, 10.27, 1.73, 881, 1.56, 85, 1.94));
        assertThat(Bytes.toString(put.getRow())).isEqualTo("COHUTTA|2014-03-10T01:01:00Z");
        assertThat(cells(put)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "data:m@" + T, "10.27,1.73,881.0,1.56,85.0,1.94"));
    }

    @Test
    void aReadingsPutKnowsItsHeapSizeAsAPlainPutWould() {
        SensorReading r = new SensorReading("COHUTTA", T, 10.27, 1.73, 881, 1.56, 85, 1.94);
        Put sized = ReadingCodec.READINGS.put(r);
        Put plain = new Put(sized.getRow(), sized.getTimestamp());
        sized.getFamilyCellMap().values().forEach(cells -> cells.forEach(c -> {
            try {
                plain.add(c);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(sized.heapSize()).isEqualTo(plain.heapSize()).isEqualTo(sized.heapSize());
    }

    @Test
    void instantsAreWrittenAsTheIsoFormatterWritesThem() {
        java.time.format.DateTimeFormatter iso =
                java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(java.time.ZoneOffset.UTC);
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            long t = random.nextLong(-62_000_000_000_000L, 400_000_000_000_000L);
            assertThat(PumpSchema.instant(t)).as("%d", t).isEqualTo(iso.format(Instant.ofEpochMilli(t)));
        }
        assertThat(PumpSchema.instant(T)).isEqualTo("2014-03-10T01:01:00Z");
        assertThat(PumpSchema.instant(-1)).isEqualTo("1969-12-31T23:59:59Z");
    }

    @Test
    void anAlarmGoesToFamilyAlertOfItsReadingsRow() {
        Put put = (Put) AlarmCodec.ALARMS.put(new LowPressureAlarm("COHUTTA", T, 3.5, 5.0));
        assertThat(Bytes.toString(put.getRow())).isEqualTo("COHUTTA|2014-03-10T01:01:00Z");
        assertThat(cells(put)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "alert:psi@" + T, "3.5", "alert:threshold@" + T, "5.0"));
    }

    @Test
    void aLateReadingIsMarkedWithTheDayItMissed() {
        Put put = (Put) new LateMarkCodec(ZoneId.of("America/Chicago")).put(
                new SensorReading("COHUTTA", T, 1, 1, 1, 1, 1, 1));
        // 01:01 UTC is still the evening before in Chicago.
        assertThat(cells(put)).containsExactlyEntriesOf(Map.of("late:missed_day@" + T, "2014-03-09"));
    }

    @Test
    void finalDailyStatisticsAreVersionedByTheEndOfTheDayPlusTheirCount() {
        DailyStatistics s = new DailyStatistics();
        s.pumpId = "MOJO";
        s.day = "2014-03-10";
        s.windowStart = Instant.parse("2014-03-10T00:00:00Z").toEpochMilli();
        s.windowEnd = Instant.parse("2014-03-11T00:00:00Z").toEpochMilli();
        s.count = 3;
        s.min = new double[] {1, 2, 3, 4, 5, 6};
        s.max = new double[] {7, 8, 9, 10, 11, 12};
        s.avg = new double[] {4, 5, 6, 7, 8, 9.5};
        s.finalResult = true;

        Put put = (Put) StatisticsCodec.STATISTICS.put(s);

        long version = s.windowEnd + 3;
        Map<String, String> cells = cells(put);
        assertThat(Bytes.toString(put.getRow())).isEqualTo("MOJO|2014-03-10");
        assertThat(cells).hasSize(6 + 18).allSatisfy((k, v) -> assertThat(k).endsWith("@" + version));
        assertThat(cells).containsEntry("stats:count@" + version, "3")
                .containsEntry("stats:final@" + version, "true")
                .containsEntry("stats:window_start@" + version, "2014-03-10T00:00:00Z")
                .containsEntry("stats:psi_min@" + version, "5.0")
                .containsEntry("stats:chlPPM_avg@" + version, "9.5");
    }

    @Test
    void aStatisticsVersionGrowsWithWhatTheResultCoversAndFinalBeatsEarly() {
        long end = Instant.parse("2014-03-11T00:00:00Z").toEpochMilli();
        assertThat(statisticsVersion(end, 1440, false)).isLessThan(statisticsVersion(end, 1, true));
        assertThat(statisticsVersion(end, 1439, false)).isLessThan(statisticsVersion(end, 1440, false));
        assertThat(statisticsVersion(end, 1440, true)).isLessThan(statisticsVersion(end, 1441, true));
        // Rows written before this encoding carry the window end: a final result replaces them, an early one not.
        assertThat(statisticsVersion(end, 1, true)).isGreaterThan(end);
        assertThat(statisticsVersion(end, MAX_VERSIONED_COUNT + 5, false)).isLessThan(end);
    }

    @Test
    void aDeadLetterKeepsItsBytesReasonAndCoordinates() {
        byte[] raw = {'x', (byte) 0xFF};
        DeadLetter letter = DeadLetter.of("pump-sensor", 1, 42, T, raw, "not valid UTF-8 (at byte 1)");
        Put put = (Put) DeadLetterCodec.DEAD_LETTERS.put(letter);
        assertThat(Bytes.toString(put.getRow())).isEqualTo("pump-sensor|00001|00000000000000000042");
        assertThat(CellUtil.cloneValue(put.get(PumpSchema.ERROR, PumpSchema.RAW).get(0))).isEqualTo(raw);
        assertThat(cells(put)).containsEntry("error:reason@" + T, "not valid UTF-8 (at byte 1)")
                .containsEntry("error:raw_size@" + T, "2")
                .containsEntry("error:offset@" + T, "42");
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
