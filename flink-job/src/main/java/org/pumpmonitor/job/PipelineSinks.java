package org.pumpmonitor.job;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.pumpmonitor.job.hbase.AlarmMutations;
import org.pumpmonitor.job.hbase.DeadLetterMutations;
import org.pumpmonitor.job.hbase.EpisodeMutations;
import org.pumpmonitor.job.hbase.GuardedHBaseSink;
import org.pumpmonitor.job.hbase.HBaseConnections;
import org.pumpmonitor.job.hbase.LateReadingMutations;
import org.pumpmonitor.job.hbase.ReadingMutations;
import org.pumpmonitor.job.hbase.StatisticsMutations;
import org.pumpmonitor.job.model.AlarmEvent;
import org.pumpmonitor.job.model.DailyStatistics;
import org.pumpmonitor.job.model.DeadLetter;
import org.pumpmonitor.job.model.PressureAlarm;
import org.pumpmonitor.job.model.SensorReading;

import org.apache.flink.connector.hbase.sink.HBaseMutationConverter;
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
        SinkFunction<PressureAlarm> alarms,
        SinkFunction<DailyStatistics> statistics,
        SinkFunction<SensorReading> lateReadings,
        SinkFunction<DeadLetter> deadLetters,
        SinkFunction<AlarmEvent> episodes,
        Sink<AlarmEvent> alarmEvents,
        PumpIndexSinks pumpIndex) {

    public PipelineSinks(
            SinkFunction<SensorReading> readings,
            SinkFunction<PressureAlarm> alarms,
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
                hbaseSink(options, sensor, new ReadingMutations(), interval),
                hbaseSink(options, sensor, new AlarmMutations(), options.get(JobOptions.HBASE_ALARM_FLUSH_INTERVAL)),
                hbaseSink(options, sensor, new StatisticsMutations(), interval),
                hbaseSink(options, sensor, new LateReadingMutations(options.get(JobOptions.TIME_ZONE)), interval),
                hbaseSink(options, deadLetters, new DeadLetterMutations(), interval),
                hbaseSink(options, sensor, new EpisodeMutations(), options.get(JobOptions.HBASE_ALARM_FLUSH_INTERVAL)),
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
            JobOptions options, String table, HBaseMutationConverter<T> converter, Duration flushInterval) {
        return hbaseSink(options, table, converter, flushInterval, options.get(JobOptions.HBASE_FLUSH_MAX_ROWS));
    }

    static <T> SinkFunction<T> hbaseSink(JobOptions options, String table, HBaseMutationConverter<T> converter,
                                         Duration flushInterval, long flushMaxRows) {
        Configuration conf = HBaseConnections.configuration(options);
        return new GuardedHBaseSink<>(
                table,
                conf,
                converter,
                4L * 1024 * 1024,
                flushMaxRows,
                flushInterval.toMillis());
    }
}
