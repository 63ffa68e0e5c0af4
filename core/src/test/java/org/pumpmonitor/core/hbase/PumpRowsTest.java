package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellComparator;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The read side decodes exactly what the job's converters write. */
class PumpRowsTest {

    private static final Instant T = Instant.parse("2014-03-10T01:01:00Z");

    @Test
    void readingRowsAndDayRowsAreToldApartByTheirKeyNotTheirLength() {
        assertThat(PumpRows.sensorKey(Bytes.toBytes("0012|2014-03-10T01:01:00Z")))
                .contains(new PumpRows.SensorKey("0012", T, null));
        assertThat(PumpRows.sensorKey(Bytes.toBytes("A|LONG|PUMP|2014-03-10")))
                .as("the first separator ends the pump id").isEmpty();
        assertThat(PumpRows.sensorKey(Bytes.toBytes("X|2014-03-10")))
                .contains(new PumpRows.SensorKey("X", null, LocalDate.parse("2014-03-10")));
        // Other writers' keys (the seed design's) are not the job's rows.
        assertThat(PumpRows.sensorKey(Bytes.toBytes("PUMP00000_3/10/14 0:00"))).isEmpty();
        assertThat(PumpRows.sensorKey(Bytes.toBytes("|2014-03-10"))).isEmpty();
        assertThat(PumpRows.sensorKey(Bytes.toBytes("P|yesterday"))).isEmpty();
    }

    @Test
    void aReadingAnAlarmAndALateMarkShareTheirRowAndDecodeTyped() {
        SensorReading r = new SensorReading("0012", T.toEpochMilli(), 10.27, 1.73, 881, 1.56, 3.5, 1.94);
        Result row = result(ReadingCodec.READINGS.put(r),
                AlarmCodec.ALARMS.put(new LowPressureAlarm("0012", T.toEpochMilli(), 3.5, 5.0)),
                new LateMarkCodec(ZoneId.of("UTC")).put(r));

        ReadingCodec.Reading reading = ReadingCodec.READINGS.decode(row).orElseThrow();
        assertThat(reading.pump()).isEqualTo("0012");
        assertThat(reading.time()).isEqualTo(T);
        assertThat(reading.get(Measure.FLO)).isEqualTo(881.0);
        assertThat(reading.columns()).containsEntry("pump", "0012").containsEntry("psi", 3.5)
                .containsEntry("time", "2014-03-10T01:01:00Z").hasSize(8);
        assertThat(AlarmCodec.ALARMS.decode(row).orElseThrow()).isEqualTo(new AlarmCodec.Alarm("0012", T, 3.5, 5.0));
        assertThat(LateMarkCodec.LATE_MARKS.decode(row).orElseThrow().missedDay()).isEqualTo(LocalDate.parse("2014-03-10"));
        assertThat(StatisticsCodec.STATISTICS.decode(row)).isEmpty();
    }

    @Test
    void aReadingWrittenWithACellPerMeasureStillDecodes() {
        org.apache.hadoop.hbase.client.Put old = new org.apache.hadoop.hbase.client.Put(
                PumpSchema.readingRowKey("0012", T.toEpochMilli()), T.toEpochMilli());
        double[] values = {10.27, 1.73, 881, 1.56, 3.5, 1.94};
        for (Measure m : Measure.values()) {
            old.addColumn(PumpSchema.DATA, PumpSchema.measure(m), PumpSchema.number(values[m.ordinal()]));
        }
        old.addColumn(PumpSchema.DATA, PumpSchema.PUMP, PumpSchema.text("0012"));

        ReadingCodec.Reading reading = ReadingCodec.READINGS.decode(result(old)).orElseThrow();
        SensorReading same = new SensorReading("0012", T.toEpochMilli(), 10.27, 1.73, 881, 1.56, 3.5, 1.94);
        assertThat(reading).isEqualTo(ReadingCodec.READINGS.decode(result(ReadingCodec.READINGS.put(same))).orElseThrow());
        assertThat(reading.columns()).containsEntry("psi", 3.5).containsEntry("flo", 881.0).hasSize(8);
    }

    @Test
    void aCellOfMeasuresThatIsNotSixNumbersIsAnError() {
        for (String bad : List.of("1.0,2.0,3.0,4.0,5.0", "1.0,2.0,3.0,4.0,5.0,6.0,7.0", "n/a", "1,2,3,4,x,6")) {
            org.apache.hadoop.hbase.client.Put put = new org.apache.hadoop.hbase.client.Put(
                    PumpSchema.readingRowKey("0012", T.toEpochMilli()), T.toEpochMilli())
                    .addColumn(PumpSchema.DATA, PumpSchema.MEASURES, PumpSchema.text(bad));
            assertThatThrownBy(() -> ReadingCodec.READINGS.decode(result(put))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aDayOfStatisticsDecodesTyped() {
        DailyStatistics s = new DailyStatistics();
        s.pumpId = "MOJO";
        s.day = "2014-03-10";
        s.windowStart = Instant.parse("2014-03-10T00:00:00Z").toEpochMilli();
        s.windowEnd = Instant.parse("2014-03-11T00:00:00Z").toEpochMilli();
        s.count = 1440;
        s.finalResult = true;
        int n = Measure.values().length;
        s.min = new double[n];
        s.max = new double[n];
        s.avg = new double[n];
        for (int i = 0; i < n; i++) {
            s.min[i] = i;
            s.max[i] = 10 + i;
            s.avg[i] = 5.5 + i;
        }
        StatisticsCodec.DailyStats stats = StatisticsCodec.STATISTICS.decode(result(StatisticsCodec.STATISTICS.put(s))).orElseThrow();
        assertThat(stats.day()).isEqualTo(LocalDate.parse("2014-03-10"));
        assertThat(stats.count()).isEqualTo(1440);
        assertThat(stats.finalResult()).isTrue();
        assertThat(stats.columns()).containsEntry("count", 1440L).containsEntry("final", true)
                .containsEntry("psi_min", (double) Measure.PSI.ordinal()).containsEntry("psi_avg", 5.5 + Measure.PSI.ordinal())
                .hasSize(4 + 3 * n);
        assertThat(ReadingCodec.READINGS.decode(result(StatisticsCodec.STATISTICS.put(s)))).isEmpty();
    }

    @Test
    void aDeadLetterDecodesWithItsKafkaCoordinates() {
        DeadLetterCodec.StoredDeadLetter letter = DeadLetterCodec.DEAD_LETTERS.decode(result(
                DeadLetterCodec.DEAD_LETTERS.put(DeadLetter.of("pump-sensor", 2, 1234, 99L,
                        "bad,\u0001line".getBytes(StandardCharsets.UTF_8), "9 fields expected")))).orElseThrow();
        assertThat(letter.topic()).isEqualTo("pump-sensor");
        assertThat(letter.partition()).isEqualTo(2);
        assertThat(letter.offset()).isEqualTo(1234);
        assertThat(letter.kafkaTimestamp()).isEqualTo(99);
        assertThat(letter.reason()).isEqualTo("9 fields expected");
        assertThat(letter.rawText(100)).isEqualTo("bad,\\x01line");
        assertThat(letter.columns()).containsEntry("partition", 2).containsEntry("offset", 1234L);
    }

    @Test
    void aPumpsTimeRangeIsARangeScanOfThatPumpOnly() {
        Scan scan = PumpRows.timeRange(PumpSchema.DATA, "MO", T, T.plusSeconds(3600));
        assertThat(Bytes.toString(scan.getStartRow())).isEqualTo("MO|2014-03-10T01:01:00Z");
        assertThat(Bytes.toString(scan.getStopRow())).isEqualTo("MO|2014-03-10T02:01:00Z");
        assertThat(scan.getFamilies()).hasDimensions(1, PumpSchema.DATA.length);
        assertThat(scan.getFamilies()[0]).isEqualTo(PumpSchema.DATA);
        Scan all = PumpRows.timeRange(PumpSchema.ALERT, "MO", null, null);
        assertThat(Bytes.toString(all.getStartRow())).isEqualTo("MO|");
        // Every key of MO| lies in the range, no key of MOJO| (which sorts before MO|) or MP|.
        assertThat(Bytes.compareTo(all.getStopRow(), Bytes.toBytes("MO|9999"))).isPositive();
        assertThat(Bytes.compareTo(Bytes.toBytes("MOJO|2014"), all.getStartRow())).isNegative();
        assertThat(Bytes.compareTo(Bytes.toBytes("MP|2014"), all.getStopRow())).isPositive();
        Scan newest = PumpRows.newestRow("MO", PumpSchema.EPISODE);
        assertThat(newest.isReversed()).isTrue();
        assertThat(newest.getLimit()).isEqualTo(1);
        assertThat(newest.getStartRow()).isEqualTo(all.getStopRow());
        assertThat(Bytes.toString(newest.getStopRow())).isEqualTo("MO|");
        Scan days = PumpRows.dayRange("MO", LocalDate.parse("2014-03-10"), LocalDate.parse("2014-03-12"));
        assertThat(Bytes.toString(days.getStartRow())).isEqualTo("MO|2014-03-10");
        assertThat(Bytes.toString(days.getStopRow())).isEqualTo("MO|2014-03-12");
    }

    @Test
    void timeBoundsAreDaysOrTimesInUtcUnlessAnOffsetIsGiven() {
        assertThat(PumpRows.instantBound("2014-03-10")).isEqualTo(Instant.parse("2014-03-10T00:00:00Z"));
        assertThat(PumpRows.instantBound("2014-03-10T06:00")).isEqualTo(Instant.parse("2014-03-10T06:00:00Z"));
        assertThat(PumpRows.instantBound("2014-03-10T06:00:30Z")).isEqualTo(Instant.parse("2014-03-10T06:00:30Z"));
        assertThat(PumpRows.instantBound("2014-03-10T06:00+01:00")).isEqualTo(Instant.parse("2014-03-10T05:00:00Z"));
        assertThatThrownBy(() -> PumpRows.instantBound("yesterday")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'yesterday' is not a day or a time");
    }

    private static Result result(Mutation... mutations) {
        List<Cell> cells = new ArrayList<>();
        for (Mutation m : mutations) {
            m.getFamilyCellMap().values().forEach(cells::addAll);
        }
        cells.sort(CellComparator.getInstance());
        return Result.create(cells);
    }
}
