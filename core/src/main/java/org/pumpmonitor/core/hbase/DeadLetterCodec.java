package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.util.Bytes;
import org.pumpmonitor.core.model.DeadLetter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.pumpmonitor.core.hbase.PumpSchema.*;

/**
 * A record that did not parse, in family {@code error} of table {@code dead_letters}, row
 * {@code TOPIC|PARTITION|OFFSET}: the reason, the first bytes as received, the size and where it was
 * in Kafka, versioned by the record's Kafka timestamp (0 without one).
 */
public final class DeadLetterCodec implements FamilyCodec<DeadLetter, DeadLetterCodec.StoredDeadLetter> {

    public static final DeadLetterCodec DEAD_LETTERS = new DeadLetterCodec();

    private DeadLetterCodec() {}

    /** A stored dead letter. */
    public record StoredDeadLetter(String topic, int partition, long offset, long kafkaTimestamp, String reason,
                                   long rawSize, byte[] raw) {
        /** The raw bytes as text, non-printable bytes escaped, cut at {@code max} characters. */
        public String rawText(int max) {
            String text = Bytes.toStringBinary(raw);
            return text.length() <= max ? text : text.substring(0, max) + "...";
        }

        public Map<String, Object> columns() {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("topic", topic);
            columns.put("partition", partition);
            columns.put("offset", offset);
            columns.put("kafka_timestamp", kafkaTimestamp);
            columns.put("reason", reason);
            columns.put("raw_size", rawSize);
            columns.put("raw", rawText(120));
            return columns;
        }
    }

    @Override
    public Put put(DeadLetter d) {
        // A record without a timestamp still needs a deterministic version.
        Put put = new Put(deadLetterRowKey(d.topic, d.partition, d.offset), Math.max(d.kafkaTimestamp, 0));
        put.addColumn(ERROR, REASON, text(d.reason));
        put.addColumn(ERROR, RAW, d.raw);
        put.addColumn(ERROR, RAW_SIZE, number(d.rawSize));
        put.addColumn(ERROR, TOPIC, text(d.topic));
        put.addColumn(ERROR, PARTITION, number(d.partition));
        put.addColumn(ERROR, OFFSET, number(d.offset));
        put.addColumn(ERROR, KAFKA_TIMESTAMP, number(d.kafkaTimestamp));
        return put;
    }

    @Override
    public Optional<StoredDeadLetter> decode(Result row) {
        if (!row.containsColumn(ERROR, REASON)) {
            return Optional.empty();
        }
        byte[] raw = row.getValue(ERROR, RAW);
        return Optional.of(new StoredDeadLetter(PumpRows.text(row::getValue, ERROR, TOPIC),
                (int) whole(row, PARTITION), whole(row, OFFSET), whole(row, KAFKA_TIMESTAMP),
                PumpRows.text(row::getValue, ERROR, REASON), whole(row, RAW_SIZE), raw == null ? new byte[0] : raw));
    }

    private static long whole(Result row, byte[] qualifier) {
        byte[] value = row.getValue(ERROR, qualifier);
        return value == null ? -1 : decodeLong(value);
    }
}
