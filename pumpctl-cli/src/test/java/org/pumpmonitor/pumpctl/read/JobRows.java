package org.pumpmonitor.pumpctl.read;

import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.DeadLetterCodec;
import org.pumpmonitor.core.hbase.EpisodeCodec;
import org.pumpmonitor.core.hbase.LateMarkCodec;
import org.pumpmonitor.core.hbase.PumpIndexCodec;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;
import org.pumpmonitor.core.model.AlarmEventType;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.pumpctl.bench.DashboardHistory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the job writes for its records, through the job's own converters: the rows the dashboard
 * reads in a test are the rows the job would have written, in table sensor, the dead letter table
 * and the pump index. Collected, then written by {@link #writeTo}.
 */
public final class JobRows {

    private final String sensorTable;
    private final String pumpIndexTable;
    private final String deadLetterTable;
    private final Map<String, List<Mutation>> byTable = new LinkedHashMap<>();

    public JobRows(String sensorTable, String deadLetterTable) {
        this.sensorTable = sensorTable;
        this.pumpIndexTable = PumpSchema.pumpIndexTable(sensorTable);
        this.deadLetterTable = deadLetterTable;
    }

    public JobRows reading(String pump, Instant time, double psi) {
        return reading(new SensorReading(pump, time.toEpochMilli(), 10.2, 1.7, 880, 1.5, psi, 1.9));
    }

    public JobRows reading(SensorReading reading) {
        add(pumpIndexTable, PumpIndexCodec.READINGS.put(reading));
        return add(sensorTable, ReadingCodec.READINGS.put(reading));
    }

    public JobRows alarm(String pump, Instant time, double psi) {
        LowPressureAlarm alarm = new LowPressureAlarm(pump, time.toEpochMilli(), psi, 5.0);
        add(pumpIndexTable, PumpIndexCodec.ALARMS.put(alarm));
        return add(sensorTable, AlarmCodec.ALARMS.put(alarm));
    }

    public JobRows late(SensorReading reading) {
        return add(sensorTable, new LateMarkCodec(ZoneId.of("UTC")).put(reading));
    }

    /** A day's statistics, every measure with the same min, max and avg. */
    public JobRows stats(String pump, String day, long count, boolean finalResult) {
        DailyStatistics s = DashboardHistory.uniformDay(pump, day, count, finalResult);
        add(pumpIndexTable, PumpIndexCodec.STATISTICS.put(s));
        return add(sensorTable, StatisticsCodec.STATISTICS.put(s));
    }

    /** An episode raised at {@code start} and still open. */
    public JobRows openEpisode(String pump, Instant start, double minPsi) {
        AlarmEvent open = AlarmEvent.of(pump, AlarmEventType.RAISED, start.toEpochMilli(), minPsi);
        open.start = open.time;
        open.minPsi = minPsi;
        open.minPsiTime = open.time;
        open.readings = 1;
        return episode(open);
    }

    public JobRows clearedEpisode(String pump, Instant start, Instant end, double minPsi, long readings) {
        AlarmEvent cleared = AlarmEvent.of(pump, AlarmEventType.CLEARED, end.plusSeconds(60).toEpochMilli(), 80);
        cleared.start = start.toEpochMilli();
        cleared.end = end.toEpochMilli();
        cleared.minPsi = minPsi;
        cleared.minPsiTime = start.plusSeconds(180).toEpochMilli();
        cleared.readings = readings;
        return episode(cleared);
    }

    public JobRows episode(AlarmEvent event) {
        add(pumpIndexTable, PumpIndexCodec.EPISODES.put(event));
        return add(sensorTable, EpisodeCodec.EPISODES.put(event));
    }

    /** An early warning (PREDICTED or PREDICTION_ENDED): table sensor only, as the job writes it. */
    public JobRows prediction(AlarmEvent event) {
        return add(sensorTable, EpisodeCodec.EPISODES.put(event));
    }

    public JobRows deadLetter(String topic, int partition, long offset, Instant kafkaTime, String reason) {
        return add(deadLetterTable, DeadLetterCodec.DEAD_LETTERS.put(DeadLetter.of(topic, partition, offset,
                kafkaTime.toEpochMilli(), ("bad line " + offset).getBytes(StandardCharsets.UTF_8), reason)));
    }

    private JobRows add(String table, Mutation mutation) {
        byTable.computeIfAbsent(table, t -> new ArrayList<>()).add(mutation);
        return this;
    }

    public void writeTo(Connection hbase) throws IOException {
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
