package org.pumpmonitor.pumpctl;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.pumpmonitor.job.hbase.AlarmMutations;
import org.pumpmonitor.job.hbase.DeadLetterMutations;
import org.pumpmonitor.job.hbase.EpisodeMutations;
import org.pumpmonitor.job.hbase.LateReadingMutations;
import org.pumpmonitor.job.hbase.PumpIndexMutations;
import org.pumpmonitor.job.hbase.PumpSchema;
import org.pumpmonitor.job.hbase.ReadingMutations;
import org.pumpmonitor.job.hbase.StatisticsMutations;
import org.pumpmonitor.job.model.AlarmEvent;
import org.pumpmonitor.job.model.DailyStatistics;
import org.pumpmonitor.job.model.DeadLetter;
import org.pumpmonitor.job.model.KafkaRecord;
import org.pumpmonitor.job.model.Measure;
import org.pumpmonitor.job.model.PressureAlarm;
import org.pumpmonitor.job.model.SensorReading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the job writes for its records, through the job's own converters: the rows the dashboard
 * reads in a test are the rows the job would have written, in table sensor, the dead letter table
 * and the pump index. Collected, then written by {@link #writeTo}.
 */
final class JobRows {

    private final String sensorTable;
    private final String pumpIndexTable;
    private final String deadLetterTable;
    private final Map<String, List<Mutation>> byTable = new LinkedHashMap<>();

    JobRows(String sensorTable, String deadLetterTable) {
        this.sensorTable = sensorTable;
        this.pumpIndexTable = PumpSchema.pumpIndexTable(sensorTable);
        this.deadLetterTable = deadLetterTable;
    }

    JobRows reading(String pump, Instant time, double psi) {
        return reading(new SensorReading(pump, time.toEpochMilli(), 10.2, 1.7, 880, 1.5, psi, 1.9));
    }

    JobRows reading(SensorReading reading) {
        add(pumpIndexTable, new PumpIndexMutations.Readings().convertToMutation(reading));
        return add(sensorTable, new ReadingMutations().convertToMutation(reading));
    }

    JobRows alarm(String pump, Instant time, double psi) {
        PressureAlarm alarm = new PressureAlarm(pump, time.toEpochMilli(), psi, 5.0);
        add(pumpIndexTable, new PumpIndexMutations.Alarms().convertToMutation(alarm));
        return add(sensorTable, new AlarmMutations().convertToMutation(alarm));
    }

    JobRows late(SensorReading reading) {
        return add(sensorTable, new LateReadingMutations(ZoneId.of("UTC")).convertToMutation(reading));
    }

    /** A day's statistics, every measure with the same min, max and avg. */
    JobRows stats(String pump, String day, long count, boolean finalResult) {
        DailyStatistics s = new DailyStatistics();
        s.pumpId = pump;
        s.day = day;
        s.windowStart = Instant.parse(day + "T00:00:00Z").toEpochMilli();
        s.windowEnd = s.windowStart + 86_400_000L;
        s.count = count;
        s.finalResult = finalResult;
        int n = Measure.values().length;
        s.min = new double[n];
        s.max = new double[n];
        s.avg = new double[n];
        Arrays.fill(s.min, 1.25);
        Arrays.fill(s.max, 86.5);
        Arrays.fill(s.avg, 42.75);
        add(pumpIndexTable, new PumpIndexMutations.Statistics().convertToMutation(s));
        return add(sensorTable, new StatisticsMutations().convertToMutation(s));
    }

    /** An episode raised at {@code start} and still open. */
    JobRows openEpisode(String pump, Instant start, double minPsi) {
        AlarmEvent open = AlarmEvent.of(pump, AlarmEvent.RAISED, start.toEpochMilli(), minPsi);
        open.start = open.time;
        open.minPsi = minPsi;
        open.minPsiTime = open.time;
        open.readings = 1;
        return episode(open);
    }

    JobRows clearedEpisode(String pump, Instant start, Instant end, double minPsi, long readings) {
        AlarmEvent cleared = AlarmEvent.of(pump, AlarmEvent.CLEARED, end.plusSeconds(60).toEpochMilli(), 80);
        cleared.start = start.toEpochMilli();
        cleared.end = end.toEpochMilli();
        cleared.minPsi = minPsi;
        cleared.minPsiTime = start.plusSeconds(180).toEpochMilli();
        cleared.readings = readings;
        return episode(cleared);
    }

    JobRows episode(AlarmEvent event) {
        add(pumpIndexTable, new PumpIndexMutations.Episodes().convertToMutation(event));
        return add(sensorTable, new EpisodeMutations().convertToMutation(event));
    }

    JobRows deadLetter(String topic, int partition, long offset, Instant kafkaTime, String reason) {
        KafkaRecord record = new KafkaRecord(topic, partition, offset, kafkaTime.toEpochMilli(),
                ("bad line " + offset).getBytes(StandardCharsets.UTF_8));
        return add(deadLetterTable, new DeadLetterMutations().convertToMutation(DeadLetter.of(record, reason)));
    }

    private JobRows add(String table, Mutation mutation) {
        byTable.computeIfAbsent(table, t -> new ArrayList<>()).add(mutation);
        return this;
    }

    void writeTo(Connection hbase) throws IOException {
        for (Map.Entry<String, List<Mutation>> rows : byTable.entrySet()) {
            try (Table table = hbase.getTable(TableName.valueOf(rows.getKey()))) {
                List<Put> puts = rows.getValue().stream().map(m -> (Put) m).toList();
                for (int from = 0; from < puts.size(); from += 5_000) {
                    table.put(puts.subList(from, Math.min(puts.size(), from + 5_000)));
                }
            }
        }
        byTable.clear();
    }
}
