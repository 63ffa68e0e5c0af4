package org.pumpmonitor.job.parse;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.RecordBatch;
import org.pumpmonitor.job.model.KafkaRecord;

/**
 * Keeps the raw bytes and the Kafka coordinates, and, given a parser, parses the value once here:
 * the timestamp assigner and the parse operator use that result. A value that does not parse
 * carries its reason and becomes a dead letter in the parse operator; it never fails the source.
 */
public class KafkaRecordDeserializer implements KafkaRecordDeserializationSchema<KafkaRecord> {

    private final SensorReadingParser parser;

    /** Records as read; whoever needs the reading parses the value. */
    public KafkaRecordDeserializer() {
        this(null);
    }

    public KafkaRecordDeserializer(SensorReadingParser parser) {
        this.parser = parser;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaRecord> out) {
        long timestamp = record.timestamp() == RecordBatch.NO_TIMESTAMP ? -1 : record.timestamp();
        KafkaRecord read = new KafkaRecord(record.topic(), record.partition(), record.offset(), timestamp, record.value());
        if (parser != null) {
            try {
                read.reading = parser.parse(read.value, read.timestamp);
            } catch (InvalidReadingException e) {
                read.invalidReason = e.getMessage();
            }
        }
        out.collect(read);
    }

    @Override
    public TypeInformation<KafkaRecord> getProducedType() {
        return TypeInformation.of(KafkaRecord.class);
    }
}
