package org.pumpmonitor.job.parse;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.pumpmonitor.job.model.KafkaRecord;

/**
 * The event time of a Kafka record, read in the source so that Kafka's per-partition watermarks
 * apply: partitions read at different speeds (a replay, a catch-up after downtime) then do not
 * make each other's readings late.
 *
 * <p>A record that does not parse gets {@link Long#MIN_VALUE}, which never advances the
 * watermark; it becomes a dead letter further on.
 */
public class ReadingTimestamps implements SerializableTimestampAssigner<KafkaRecord> {

    private final SensorReadingParser parser;

    public ReadingTimestamps(SensorReadingParser parser) {
        this.parser = parser;
    }

    @Override
    public long extractTimestamp(KafkaRecord record, long kafkaTimestamp) {
        try {
            return parser.parse(record.value).eventTime;
        } catch (InvalidReadingException e) {
            return Long.MIN_VALUE;
        }
    }
}
