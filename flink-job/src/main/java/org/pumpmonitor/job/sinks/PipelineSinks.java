package org.pumpmonitor.job.sinks;

import org.pumpmonitor.core.options.JobOptions;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.DeadLetterCodec;
import org.pumpmonitor.core.hbase.EpisodeCodec;
import org.pumpmonitor.core.hbase.FamilyCodec;
import org.pumpmonitor.core.hbase.LateMarkCodec;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;
import org.pumpmonitor.core.hbase.HBaseClientConfig;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;

import org.apache.hadoop.conf.Configuration;

import java.time.Duration;

/**
 * Where the pipeline's seven outputs go, and the pump index. {@link #hbase} is the product's; tests
 * may pass others, and no pump index (null) when they pass seven.
 *
 * <p>The alarm sink flushes on a short interval of its own, the others on the common one.
 *
 * <p>Each output has its own sink instance: the HBase sink keeps only one mutation per row key
 * per flush buffer, so a reading and its alarm (same row) must not share one.
 */
public record PipelineSinks(
        SinkFunction<SensorReading> readings,
        SinkFunction<LowPressureAlarm> alarms,
        SinkFunction<DailyStatistics> statistics,
        SinkFunction<SensorReading> lateReadings,
        SinkFunction<DeadLetter> deadLetters,
        SinkFunction<AlarmEvent> episodes,
        Sink<AlarmEvent> alarmEvents,
        PumpIndexSinks pumpIndex) {

    public PipelineSinks(
            SinkFunction<SensorReading> readings,
            SinkFunction<LowPressureAlarm> alarms,
            SinkFunction<DailyStatistics> statistics,
            SinkFunction<SensorReading> lateReadings,
            SinkFunction<DeadLetter> deadLetters,
            SinkFunction<AlarmEvent> episodes,
            Sink<AlarmEvent> alarmEvents) {
        this(readings, alarms, statistics, lateReadings, deadLetters, episodes, alarmEvents, null);
    }

    public static PipelineSinks hbase(JobOptions options) {
        String sensor = options.get(JobOptions.SENSOR_TABLE);
        String deadLetters = options.get(JobOptions.DEAD_LETTER_TABLE);
        Duration interval = options.get(JobOptions.HBASE_FLUSH_INTERVAL);
        return new PipelineSinks(
                hbaseSink(options, sensor, ReadingCodec.READINGS, interval),
                hbaseSink(options, sensor, AlarmCodec.ALARMS, options.get(JobOptions.HBASE_ALARM_FLUSH_INTERVAL)),
                hbaseSink(options, sensor, StatisticsCodec.STATISTICS, interval),
                hbaseSink(options, sensor, new LateMarkCodec(options.get(JobOptions.TIME_ZONE)), interval),
                hbaseSink(options, deadLetters, DeadLetterCodec.DEAD_LETTERS, interval),
                hbaseSink(options, sensor, EpisodeCodec.EPISODES, options.get(JobOptions.HBASE_ALARM_FLUSH_INTERVAL)),
                alarmEvents(options),
                PumpIndexSinks.hbase(options));
    }

    /**
     * The alarm events to Kafka, exactly once: in transactions committed with each checkpoint
     * (read-committed consumers see each event once, across failures and restarts), as
     * {@link AlarmEventRecords}; see {@link AlarmEventTransactions} for their timeout
     * and ids, {@link LostTransactionsCountingSink} for what makes a lost transaction visible.
     */
    public static Sink<AlarmEvent> alarmEvents(JobOptions options) {
        String topic = options.get(JobOptions.KAFKA_ALARM_TOPIC);
        return new LostTransactionsCountingSink<>(KafkaSink.<AlarmEvent>builder()
                .setBootstrapServers(options.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(AlarmEventTransactions.producerProperties(options))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(AlarmEventTransactions.transactionalIdPrefix(options))
                .setRecordSerializer(new AlarmEventRecords(topic))
                .build(), "alarm events of topic " + topic);
    }

    static <T> SinkFunction<T> hbaseSink(
            JobOptions options, String table, FamilyCodec<T, ?> codec, Duration flushInterval) {
        return hbaseSink(options, table, codec, flushInterval, options.get(JobOptions.HBASE_FLUSH_MAX_ROWS));
    }

    static <T> SinkFunction<T> hbaseSink(JobOptions options, String table, FamilyCodec<T, ?> codec,
                                         Duration flushInterval, long flushMaxRows) {
        Configuration conf = HBaseClientConfig.configuration(options);
        return new CheckpointSafeHBaseSink<>(
                table,
                conf,
                new CodecConverter<>(codec),
                4L * 1024 * 1024,
                flushMaxRows,
                flushInterval.toMillis());
    }
}
