package org.pumpmonitor.pumpctl.read;

import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Scan;
import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.DeadLetterCodec;
import org.pumpmonitor.core.hbase.EpisodeCodec;
import org.pumpmonitor.core.hbase.FamilyCodec;
import org.pumpmonitor.core.hbase.LateMarkCodec;
import org.pumpmonitor.core.hbase.PumpRows;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the job stores, one kind a column family, each decoded by its family's codec in core into
 * the columns {@code query} prints and the dashboard's API answers (named as the HBase qualifiers,
 * with pump and time from the row key).
 */
public enum Kind {
    READINGS(PumpSchema.DATA, Key.TIME,
            decoder(ReadingCodec.READINGS, ReadingCodec.Reading::time, ReadingCodec.Reading::columns)),
    ALARMS(PumpSchema.ALERT, Key.TIME,
            decoder(AlarmCodec.ALARMS, AlarmCodec.Alarm::time, AlarmCodec.Alarm::columns)),
    LATE_READINGS(PumpSchema.LATE, Key.TIME,
            decoder(LateMarkCodec.LATE_MARKS, LateMarkCodec.LateMark::time, LateMarkCodec.LateMark::columns)),
    STATISTICS(PumpSchema.STATS, Key.DAY,
            decoder(StatisticsCodec.STATISTICS, s -> startOf(s.day()), StatisticsCodec.DailyStats::columns)),
    /** Episodes and early warnings of every alarm rule, at the time they started. */
    EPISODES(PumpSchema.EPISODE, Key.EPISODE,
            decoder(EpisodeCodec.EPISODES, EpisodeCodec.Episode::start, EpisodeCodec.Episode::columns)),
    /** Lines that did not parse, at their Kafka timestamp; in a table of their own, not a pump's. */
    DEAD_LETTERS(PumpSchema.ERROR, Key.KAFKA_RECORD, decoder(DeadLetterCodec.DEAD_LETTERS,
            d -> Instant.ofEpochMilli(d.kafkaTimestamp()), DeadLetterCodec.StoredDeadLetter::columns));

    /** A decoded row: when it happened (for bounds and order) and its columns. */
    public record StoredRow(Instant time, Map<String, Object> columns) {}

    /** What a row key holds besides the pump: a reading's time, a day, or (dead letters) a Kafka record's position. */
    /** Row keys: a reading's ({@code PUMP|TIME}), a day's, a Kafka record's, an episode's or early warning's. */
    private enum Key { TIME, DAY, KAFKA_RECORD, EPISODE }

    final byte[] family;
    private final Key key;
    private final Function<Result, Optional<StoredRow>> decoder;

    Kind(byte[] family, Key key, Function<Result, Optional<StoredRow>> decoder) {
        this.family = family;
        this.key = key;
        this.decoder = decoder;
    }

    /** The row as this kind, if it holds one under a key the job writes. */
    Optional<StoredRow> decode(Result row) {
        return decoder.apply(row);
    }

    /** Whether the row key is one this kind's rows have (another writer's rows may share the table). */
    boolean isKeyOf(byte[] row) {
        return switch (key) {
            case TIME -> PumpRows.readingKey(row).isPresent();
            case DAY -> PumpRows.dayKey(row).isPresent();
            case KAFKA_RECORD -> true;
            case EPISODE -> EpisodeCodec.isEpisodeKey(row);
        };
    }

    boolean inDeadLetterTable() {
        return key == Key.KAFKA_RECORD;
    }

    /**
     * The rows a query reads: one pump's range (statistics by days), or the whole family for every
     * pump and for dead letters, whose keys do not start with a pump.
     */
    Scan scan(String pump, Instant from, Instant to) {
        if (pump == null || key == Key.KAFKA_RECORD) {
            return new Scan().addFamily(family);
        }
        return key == Key.DAY ? PumpRows.dayRange(pump, day(from), day(to)) : PumpRows.timeRange(family, pump, from, to);
    }

    /**
     * Whether a row at {@code time} is in [from, to) (null: open): statistics by whole days of UTC,
     * as their row keys name them; dead letters have no bounds.
     */
    boolean within(Instant time, Instant from, Instant to) {
        return switch (key) {
            case TIME -> (from == null || !time.isBefore(from)) && (to == null || time.isBefore(to));
            case DAY -> (from == null || !time.isBefore(startOf(day(from)))) && (to == null || time.isBefore(startOf(day(to))));
            case KAFKA_RECORD -> true;
            case EPISODE -> (from == null || !time.isBefore(from)) && (to == null || time.isBefore(to));
        };
    }

    private static LocalDate day(Instant time) {
        return time == null ? null : time.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static <T> Function<Result, Optional<StoredRow>> decoder(FamilyCodec<?, T> codec, Function<T, Instant> time,
                                                                     Function<T, Map<String, Object>> columns) {
        return row -> codec.decode(row).map(decoded -> new StoredRow(time.apply(decoded), columns.apply(decoded)));
    }
}
