package org.pumpmonitor.pumpctl.bench;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Mutation;
import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.DeadLetterCodec;
import org.pumpmonitor.core.hbase.EpisodeCodec;
import org.pumpmonitor.core.hbase.FamilyCodec;
import org.pumpmonitor.core.hbase.PumpIndexCodec;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.AlarmEventType;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.SensorReading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A long history for {@code bench dashboard}, written through the job's codecs (table sensor, dead
 * letters and the pump index, as the job writes them): pumps with days of daily statistics each,
 * their last readings (some pumps in alarm with an open episode, some silent), a cleared episode
 * each, and dead letters over some partitions.
 */
public final class DashboardHistory {

    /** Every this many pumps one is in alarm, and the one after it silent. */
    private static final int ALARM_EVERY = 20;

    private DashboardHistory() {
    }

    /** The name of a pump of the history. */
    static String pump(int p) {
        return String.format(Locale.ROOT, "PUMP-%05d", p);
    }

    /** Writes the history up to now; returns the rows written (index rows included). */
    static long fill(Connection hbase, String sensor, int pumps, int days, int deadLetters, int partitions)
            throws IOException {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        LocalDate today = now.toLocalDate();
        try (Rows rows = new Rows(hbase, sensor)) {
            for (int p = 0; p < pumps; p++) {
                String pump = pump(p);
                for (LocalDate day = today.minusDays(days - 1L); !day.isAfter(today); day = day.plusDays(1)) {
                    boolean current = day.equals(today);
                    DailyStatistics stats = uniformDay(pump, day.toString(),
                            current ? now.getHour() * 60L + now.getMinute() : 1440, !current);
                    rows.sensor(StatisticsCodec.STATISTICS, stats);
                    // Of a pump's days the index keeps the newest; the earlier ones would be
                    // superseded versions, dropped when HBase flushes its memstore.
                    if (current) {
                        rows.index(PumpIndexCodec.STATISTICS, stats);
                    }
                }
                boolean inAlarm = p % ALARM_EVERY == 0;
                // Silent: its last readings three hours ago.
                LocalDateTime last = p % ALARM_EVERY == 1 ? now.minusHours(3) : now;
                for (int minute = 9; minute >= 0; minute--) {
                    long time = last.minusMinutes(minute).toInstant(ZoneOffset.UTC).toEpochMilli();
                    double psi = inAlarm && minute < 5 ? 3.0 : 80;
                    SensorReading reading = new SensorReading(pump, time, 10.2, 1.7, 880, 1.5, psi, 1.9);
                    rows.sensor(ReadingCodec.READINGS, reading).index(PumpIndexCodec.READINGS, reading);
                    if (psi < 5) {
                        LowPressureAlarm alarm = new LowPressureAlarm(pump, time, psi, 5.0);
                        rows.sensor(AlarmCodec.ALARMS, alarm).index(PumpIndexCodec.ALARMS, alarm);
                    }
                }
                Instant yesterday = now.minusDays(1).toInstant(ZoneOffset.UTC);
                AlarmEvent cleared = episode(pump, AlarmEventType.CLEARED, yesterday, yesterday.plusSeconds(600));
                rows.sensor(EpisodeCodec.EPISODES, cleared).index(PumpIndexCodec.EPISODES, cleared);
                if (inAlarm) {
                    AlarmEvent open = episode(pump, AlarmEventType.RAISED, now.minusMinutes(4).toInstant(ZoneOffset.UTC), null);
                    rows.sensor(EpisodeCodec.EPISODES, open).index(PumpIndexCodec.EPISODES, open);
                }
            }
            long newest = now.toInstant(ZoneOffset.UTC).toEpochMilli();
            for (int i = 0; i < deadLetters; i++) {
                rows.deadLetter(DeadLetter.of("pump-sensor", i % partitions, i / partitions,
                        newest - (deadLetters - i) * 1000L, ("bad line " + i).getBytes(StandardCharsets.UTF_8), "bench"));
            }
            return rows.written;
        }
    }

    /** A pump's day of statistics with every measure at the same min (1.25), max (86.5) and avg (42.75). */
    public static DailyStatistics uniformDay(String pump, String day, long count, boolean finalResult) {
        DailyStatistics s = new DailyStatistics();
        s.pumpId = pump;
        s.day = day;
        s.windowStart = LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
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
        return s;
    }

    private static AlarmEvent episode(String pump, AlarmEventType type, Instant start, Instant end) {
        AlarmEvent e = AlarmEvent.of(pump, type, (end == null ? start : end.plusSeconds(60)).toEpochMilli(), 3.0);
        e.start = start.toEpochMilli();
        e.end = end == null ? 0 : end.toEpochMilli();
        e.minPsi = 3.0;
        e.minPsiTime = e.start;
        e.readings = 5;
        return e;
    }

    /**
     * Buffered writers of the three tables, without the write-ahead log (a benchmark's fill; the
     * tables are flushed to their files at the end).
     */
    private static final class Rows implements AutoCloseable {
        private final Connection hbase;
        private final List<TableName> tables = new ArrayList<>();
        private final BufferedMutator sensor;
        private final BufferedMutator index;
        private final BufferedMutator deadLetters;
        long written;

        Rows(Connection hbase, String sensorTable) throws IOException {
            this.hbase = hbase;
            this.sensor = mutator(sensorTable);
            this.index = mutator(PumpSchema.pumpIndexTable(sensorTable));
            this.deadLetters = mutator(sensorTable + "_dead");
        }

        private BufferedMutator mutator(String table) throws IOException {
            TableName name = TableName.valueOf(table);
            tables.add(name);
            return hbase.getBufferedMutator(new BufferedMutatorParams(name).writeBufferSize(8L * 1024 * 1024));
        }

        <T> Rows sensor(FamilyCodec<T, ?> codec, T record) throws IOException {
            write(sensor, codec.put(record));
            return this;
        }

        <T> Rows index(FamilyCodec<T, ?> codec, T record) throws IOException {
            write(index, codec.put(record));
            return this;
        }

        void deadLetter(DeadLetter letter) throws IOException {
            write(deadLetters, DeadLetterCodec.DEAD_LETTERS.put(letter));
        }

        private void write(BufferedMutator mutator, Mutation mutation) throws IOException {
            mutation.setDurability(Durability.SKIP_WAL);
            mutator.mutate(mutation);
            written++;
        }

        @Override
        public void close() throws IOException {
            sensor.close();
            index.close();
            deadLetters.close();
            try (Admin admin = hbase.getAdmin()) {
                for (TableName table : tables) {
                    admin.flush(table);
                }
            }
        }
    }
}
