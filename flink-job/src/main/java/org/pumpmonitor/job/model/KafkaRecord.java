package org.pumpmonitor.job.model;

/**
 * A Kafka record as read: its bytes, where it came from, and the source's parse of it (so that
 * the timestamp assigner and the parse operator do not parse each line again).
 */
public class KafkaRecord {
    public String topic;
    public int partition;
    public long offset;
    /** The record's timestamp, epoch milliseconds; -1 if it had none. */
    public long timestamp;
    /** The value, never null: a record with no value is an empty array. */
    public byte[] value;
    /** The reading in the value, when the source parsed it and it is one; else null. */
    public SensorReading reading;
    /** Why the value is not a reading, when the source parsed it and it is not; else null. */
    public String invalidReason;

    public KafkaRecord() {}

    public KafkaRecord(String topic, int partition, long offset, long timestamp, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.value = value == null ? new byte[0] : value;
    }

    @Override
    public String toString() {
        return topic + "/" + partition + "@" + offset + " (" + value.length + " bytes)";
    }
}
