package org.pumpmonitor.job.hbase;

import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.util.Bytes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The read side of the pump index ({@link PumpSchema#pumpIndexTable}, written by
 * {@link PumpIndexMutations}): a pump's row decoded into the typed rows of {@link PumpRows}.
 */
public final class PumpIndex {

    private PumpIndex() {}

    /** A pump's newest reading, alarm, episode and day of statistics, each if it has one. */
    public record Latest(String pump, Optional<PumpRows.Reading> reading, Optional<PumpRows.Alarm> alarm,
                         Optional<PumpRows.Episode> episode, Optional<PumpRows.DailyStats> stats) {

        /** The time of the pump's newest reading, counting the one an alarm is stored for before it. */
        public Optional<Instant> lastReading() {
            Optional<Instant> reading = this.reading.map(PumpRows.Reading::time);
            Optional<Instant> alarm = this.alarm.map(PumpRows.Alarm::time);
            if (reading.isPresent() && alarm.isPresent()) {
                return Optional.of(reading.get().isAfter(alarm.get()) ? reading.get() : alarm.get());
            }
            return reading.isPresent() ? reading : alarm;
        }

        /** Whether the pump's newest reading raised an alarm. */
        public boolean inAlarm() {
            return alarm.isPresent() && (reading.isEmpty() || !alarm.get().time().isBefore(reading.get().time()));
        }

        /** The psi of the pump's newest reading (of its alarm when the alarm is newer). */
        public Optional<Double> psi() {
            if (inAlarm()) {
                return alarm.map(PumpRows.Alarm::psi);
            }
            return reading.map(r -> r.get(org.pumpmonitor.job.model.Measure.PSI));
        }
    }

    /** A pump's row of the index; empty for a row that holds none of what the job writes. */
    public static Optional<Latest> latest(Result result) {
        if (result.isEmpty()) {
            return Optional.empty();
        }
        String pump = Bytes.toString(result.getRow());
        Optional<PumpRows.Reading> reading = time(result, PumpSchema.DATA)
                .flatMap(time -> PumpRows.reading(pump, time, result));
        Optional<PumpRows.Alarm> alarm = time(result, PumpSchema.ALERT)
                .flatMap(time -> PumpRows.alarm(pump, time, result));
        Optional<PumpRows.Episode> episode = value(result, PumpSchema.EPISODE, PumpSchema.START).map(Instant::parse)
                .flatMap(start -> PumpRows.episode(pump, start, result));
        Optional<PumpRows.DailyStats> stats = value(result, PumpSchema.STATS, PumpSchema.DAY).map(LocalDate::parse)
                .flatMap(day -> PumpRows.stats(pump, day, result));
        if (reading.isEmpty() && alarm.isEmpty() && episode.isEmpty() && stats.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Latest(pump, reading, alarm, episode, stats));
    }

    /** Every pump's row, a batch of rows per round trip. */
    public static Scan everyPump() {
        return new Scan().setCaching(1000);
    }

    private static Optional<Instant> time(Result result, byte[] family) {
        return value(result, family, PumpSchema.TIME).map(Instant::parse);
    }

    private static Optional<String> value(Result result, byte[] family, byte[] qualifier) {
        byte[] value = result.getValue(family, qualifier);
        return value == null ? Optional.empty() : Optional.of(PumpSchema.decodeText(value));
    }
}
