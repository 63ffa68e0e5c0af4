package org.pumpmonitor.job.hbase;

import org.apache.flink.connector.hbase.sink.HBaseMutationConverter;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.pumpmonitor.job.model.DeadLetter;

import static org.pumpmonitor.job.hbase.PumpSchema.*;

/**
 * A dead letter as a Put keyed by its Kafka coordinates and versioned by its Kafka timestamp, so
 * a replay rewrites the same row.
 */
public class DeadLetterMutations implements HBaseMutationConverter<DeadLetter> {

    @Override
    public void open() {}

    @Override
    public Mutation convertToMutation(DeadLetter d) {
        // A record without a timestamp still needs a deterministic version.
        long version = Math.max(d.kafkaTimestamp, 0);
        Put put = new Put(deadLetterRowKey(d.topic, d.partition, d.offset), version);
        put.addColumn(ERROR, REASON, text(d.reason));
        put.addColumn(ERROR, RAW, d.raw);
        put.addColumn(ERROR, RAW_SIZE, number(d.rawSize));
        put.addColumn(ERROR, TOPIC, text(d.topic));
        put.addColumn(ERROR, PARTITION, number(d.partition));
        put.addColumn(ERROR, OFFSET, number(d.offset));
        put.addColumn(ERROR, KAFKA_TIMESTAMP, number(d.kafkaTimestamp));
        return put;
    }
}
