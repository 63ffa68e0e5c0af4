package org.pumpmonitor.job.sinks;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.pumpmonitor.core.model.AlarmEvent;

import java.nio.charset.StandardCharsets;

/**
 * An alarm event as a Kafka record of the alarm topic: key the pump id, value
 * {@link AlarmEvent#toJson()}, and no timestamp of its own, so that the producer stamps it with the
 * time it is published.
 *
 * <p>The event's own time is in its JSON. Flink's default would stamp the record with it, and
 * Kafka's time-based retention judges records by their timestamp: the events of a replay of old
 * readings (the seed data set is from 2014) would then be deleted within minutes of being written.
 */
public final class AlarmEventRecords implements KafkaRecordSerializationSchema<AlarmEvent> {

    private final String topic;

    public AlarmEventRecords(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(AlarmEvent event, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null,
                event.pumpId.getBytes(StandardCharsets.UTF_8), event.toJson().getBytes(StandardCharsets.UTF_8));
    }
}
