package org.pumpmonitor.core.model;

import java.util.Arrays;
import java.util.Objects;

/** A record that could not be parsed, kept with the reason and its Kafka coordinates. */
public class DeadLetter {
    /** How many bytes of the raw record are kept; a real reading is about 50. */
    public static final int MAX_RAW_BYTES = 4096;

    public String topic;
    public int partition;
    public long offset;
    public long kafkaTimestamp;
    public String reason;
    /** The record's first {@link #MAX_RAW_BYTES} bytes, exactly as received. */
    public byte[] raw;
    /** The record's full size in bytes. */
    public int rawSize;

    public DeadLetter() {}

    /** A Kafka record that is not a reading: where it was read, its bytes (the first of them), and why. */
    public static DeadLetter of(String topic, int partition, long offset, long kafkaTimestamp, byte[] value,
            String reason) {
        DeadLetter letter = new DeadLetter();
        letter.topic = topic;
        letter.partition = partition;
        letter.offset = offset;
        letter.kafkaTimestamp = kafkaTimestamp;
        letter.reason = reason;
        letter.rawSize = value.length;
        letter.raw = value.length <= MAX_RAW_BYTES ? value : Arrays.copyOf(value, MAX_RAW_BYTES);
        return letter;
    }

    public boolean isTruncated() {
        return raw.length < rawSize;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeadLetter)) {
            return false;
        }
        DeadLetter that = (DeadLetter) o;
        return partition == that.partition
                && offset == that.offset
                && kafkaTimestamp == that.kafkaTimestamp
                && rawSize == that.rawSize
                && Objects.equals(topic, that.topic)
                && Objects.equals(reason, that.reason)
                && Arrays.equals(raw, that.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + topic + "/" + partition + "@" + offset + ": " + reason + "}";
    }
}
