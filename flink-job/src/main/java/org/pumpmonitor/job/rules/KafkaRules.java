package org.pumpmonitor.job.rules;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.source.KafkaReadings;

import java.util.regex.Pattern;

/**
 * The Kafka source of the alarm rules. Read from the topic's beginning, so that a job started
 * without state applies every rule the compacted topic holds; a restored job goes on from the
 * offsets in its checkpoint. No consumer group offsets are committed: the rules are few, and the
 * checkpoint is what counts. The topic is subscribed by name as a pattern, so that a job runs (with
 * the built-in rule alone) until the topic is created, and finds it within
 * {@link #DISCOVERY_INTERVAL_MS} once it is.
 */
public final class KafkaRules {

    static final long DISCOVERY_INTERVAL_MS = 10_000;

    private KafkaRules() {}

    public static KafkaSource<RuleChange> source(JobOptions options) {
        return source(options, Boundedness.CONTINUOUS_UNBOUNDED);
    }

    /**
     * The same; bounded (the rules up to the topic's end at the start) when the readings' source is,
     * as in tests. A bounded run needs the topic to exist: a bounded Kafka source that finds no
     * partition never ends (connector 3.4.0).
     */
    public static KafkaSource<RuleChange> source(JobOptions options, Boundedness readings) {
        KafkaSourceBuilder<RuleChange> builder = KafkaSource.<RuleChange>builder()
                .setBootstrapServers(options.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS))
                .setTopicPattern(Pattern.compile(Pattern.quote(options.get(JobOptions.KAFKA_RULES_TOPIC))))
                .setGroupId(options.get(JobOptions.KAFKA_GROUP_ID) + "-rules")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RuleDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "false")
                .setProperty("partition.discovery.interval.ms", Long.toString(DISCOVERY_INTERVAL_MS))
                .setProperties(KafkaReadings.properties(options));
        if (readings == Boundedness.BOUNDED) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Rules carry no event time, and must neither hold the readings' event time back nor move it:
     * the rules stream is marked idle for good (its first periodic emit, 200 ms after the start),
     * so that the alarm operator's watermark is the readings' alone, and does not move while the
     * readings are idle. (A watermark at the end of time would fire every silence timer as soon as
     * the readings went idle.) Records still flow on an idle stream.
     */
    public static WatermarkStrategy<RuleChange> neverHoldTimeBack() {
        return WatermarkStrategy.forGenerator(context -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(RuleChange event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
            }
        });
    }
}
