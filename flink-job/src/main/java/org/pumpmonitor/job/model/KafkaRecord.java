package org.pumpmonitor.job.model;

/** A Kafka record as read, before parsing: its bytes and where it came from. */
public class KafkaRecord {
    public String topic;
    public int partition;
    public long offset;
    /** The record's timestamp, epoch milliseconds; -1 if it had none. */
    public long timestamp;
    /** The value, never null: a record with no value is an empty array. */
    public byte[] value;

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
