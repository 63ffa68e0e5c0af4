package org.pumpmonitor.job.source;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * The event time of a parsed record, read in the source so that Kafka's per-partition watermarks
 * apply: partitions read at different speeds (a replay, a catch-up after downtime) then do not
 * hold each other back.
 *
 * <p>A dead letter (a record that does not parse, or is dated too far in the future) gets
 * {@link #NO_TIMESTAMP}: {@link ReadingWatermarks} ignores it, so it neither moves the watermark
 * nor keeps its partition from going idle.
 */
public class ReadingTimestamps implements SerializableTimestampAssigner<ParsedRecord> {

    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    @Override
    public long extractTimestamp(ParsedRecord record, long kafkaTimestamp) {
        return record.reading != null ? record.reading.eventTime : NO_TIMESTAMP;
    }
}
