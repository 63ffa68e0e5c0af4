package org.pumpmonitor.job.parse;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.RecordBatch;
import org.pumpmonitor.job.model.KafkaRecord;

/**
 * Keeps the raw bytes and the Kafka coordinates: parsing happens in its own operator so that a
 * bad record becomes a dead letter instead of failing the source.
 */
public class KafkaRecordDeserializer implements KafkaRecordDeserializationSchema<KafkaRecord> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaRecord> out) {
        long timestamp = record.timestamp() == RecordBatch.NO_TIMESTAMP ? -1 : record.timestamp();
        out.collect(new KafkaRecord(record.topic(), record.partition(), record.offset(), timestamp, record.value()));
    }

    @Override
    public TypeInformation<KafkaRecord> getProducedType() {
        return TypeInformation.of(KafkaRecord.class);
    }
}
