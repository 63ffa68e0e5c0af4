package org.pumpmonitor.job.source;

import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.core.parse.SensorReadingParser;

import java.util.Properties;

/** The Kafka source of the readings, as the job's options describe it. */
public final class KafkaReadings {

    private KafkaReadings() {}

    /**
     * The committed offsets of the consumer group (earliest without them), offsets committed back
     * on each checkpoint; the offsets in the checkpoint are what make it exactly-once.
     */
    public static KafkaSourceBuilder<ParsedRecord> source(JobOptions options) {
        return KafkaSource.<ParsedRecord>builder()
                .setBootstrapServers(options.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS))
                .setTopics(options.get(JobOptions.KAFKA_TOPIC))
                .setGroupId(options.get(JobOptions.KAFKA_GROUP_ID))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new ReadingDeserializer(parser(options)))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms", "60000")
                .setProperties(properties(options));
    }

    /** Every {@code --kafka.property.*} (security, timeouts, any client setting). */
    public static Properties properties(JobOptions options) {
        Properties properties = new Properties();
        properties.putAll(options.properties(JobOptions.KAFKA_PROPERTY_PREFIX));
        return properties;
    }

    /** The parser of the options' time zone and bound on readings from the future. */
    public static SensorReadingParser parser(JobOptions options) {
        return new SensorReadingParser(options.get(JobOptions.TIME_ZONE), options.get(JobOptions.MAX_TIME_AHEAD));
    }
}
