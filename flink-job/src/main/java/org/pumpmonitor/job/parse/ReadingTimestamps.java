package org.pumpmonitor.job.parse;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.pumpmonitor.job.model.KafkaRecord;

/**
 * The event time of a Kafka record, read in the source so that Kafka's per-partition watermarks
 * apply: partitions read at different speeds (a replay, a catch-up after downtime) then do not
 * make each other's readings late.
 *
 * <p>A record that does not parse, or is dated too far in the future, gets {@link #NO_TIMESTAMP}:
 * {@link ReadingWatermarks} ignores it, so it neither moves the watermark nor keeps its partition
 * from going idle. It becomes a dead letter further on.
 */
public class ReadingTimestamps implements SerializableTimestampAssigner<KafkaRecord> {

    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final SensorReadingParser parser;

    public ReadingTimestamps(SensorReadingParser parser) {
        this.parser = parser;
    }

    @Override
    public long extractTimestamp(KafkaRecord record, long kafkaTimestamp) {
        try {
            return parser.parse(record).eventTime;
        } catch (InvalidReadingException e) {
            return NO_TIMESTAMP;
        }
    }
}
