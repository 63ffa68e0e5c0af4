package org.pumpmonitor.job.rules;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.RecordBatch;
import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.core.rules.AlarmRule;
import org.pumpmonitor.core.rules.AlarmRules;
import org.pumpmonitor.core.rules.InvalidRuleException;

/** A record of the rules topic as a {@link RuleChange}; a record that is no rule never fails the source. */
public class RuleDeserializer implements KafkaRecordDeserializationSchema<RuleChange> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RuleChange> out) {
        try {
            AlarmRule rule = AlarmRules.fromRecord(record.key(), record.value());
            out.collect(rule == null ? RuleChange.delete(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8))
                    : RuleChange.set(rule));
        } catch (InvalidRuleException e) {
            long timestamp = record.timestamp() == RecordBatch.NO_TIMESTAMP ? -1 : record.timestamp();
            byte[] value = record.value() == null ? new byte[0] : record.value();
            out.collect(RuleChange.invalid(DeadLetter.of(record.topic(), record.partition(), record.offset(), timestamp,
                    value, "invalid alarm rule: " + e.getMessage())));
        }
    }

    @Override
    public TypeInformation<RuleChange> getProducedType() {
        return TypeInformation.of(RuleChange.class);
    }
}
