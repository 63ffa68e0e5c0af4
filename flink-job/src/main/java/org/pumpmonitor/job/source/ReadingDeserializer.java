package org.pumpmonitor.job.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.RecordBatch;
import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.core.parse.InvalidReadingException;
import org.pumpmonitor.core.parse.SensorReadingParser;

/**
 * Parses each Kafka record once, in the source, so that the timestamp assigner can read its event
 * time: a reading with its Kafka coordinates, or a dead letter with the reason. A record that does
 * not parse never fails the source.
 */
public class ReadingDeserializer implements KafkaRecordDeserializationSchema<ParsedRecord> {

    private final SensorReadingParser parser;

    public ReadingDeserializer(SensorReadingParser parser) {
        this.parser = parser;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
        long timestamp = record.timestamp() == RecordBatch.NO_TIMESTAMP ? -1 : record.timestamp();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        try {
            out.collect(ParsedRecord.of(parser.parse(value, timestamp)
                    .withSource(record.topic(), record.partition(), record.offset(), timestamp)));
        } catch (InvalidReadingException e) {
            out.collect(ParsedRecord.of(DeadLetter.of(
                    record.topic(), record.partition(), record.offset(), timestamp, value, e.getMessage())));
        }
    }

    @Override
    public TypeInformation<ParsedRecord> getProducedType() {
        return TypeInformation.of(ParsedRecord.class);
    }
}
