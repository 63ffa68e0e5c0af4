package org.pumpmonitor.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.time.Time;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.alarms.EpisodeDetector;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.job.source.ParsedRecord;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.job.alarms.DetectLowPressure;
import org.pumpmonitor.job.source.SplitDeadLetters;
import org.pumpmonitor.job.source.ReadingTimestamps;
import org.pumpmonitor.job.source.ReadingWatermarks;
import org.pumpmonitor.job.admission.AdmitReadings;
import org.pumpmonitor.job.stats.CalendarDayWindows;
import org.pumpmonitor.job.stats.DailyStatisticsAggregate;
import org.pumpmonitor.job.stats.DailyStatisticsWindowFunction;
import org.pumpmonitor.job.stats.EarlyFiringEventTimeTrigger;
import org.pumpmonitor.job.stats.LateReadingCounter;
import org.pumpmonitor.job.sinks.PipelineSinks;
import org.pumpmonitor.job.sinks.PumpIndexSinks;
import org.pumpmonitor.job.rules.KafkaRules;
import org.pumpmonitor.job.rules.RuleChange;
import org.pumpmonitor.job.rules.SplitInvalidRules;
import org.pumpmonitor.core.rules.AlarmRule;
import org.apache.flink.streaming.api.datastream.BroadcastStream;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The job's topology, from a source of Kafka records to its sinks; both come from outside, so
 * that the product wires Kafka and HBase and tests may wire what they need. Besides what the
 * picture shows, readings, alarms, episodes and daily statistics also go to the pump index
 * (each pump's newest of each), when the sinks include one.
 *
 * <pre>
 * source ─ parse ─┬─ keyBy pump ─ admit ─┬─ detect low pressure ─┬─ readings ───────────> sink
 * (watermarks per │  (each minute once,  │                       └─ alarms ─────────────> sink
 *  partition)     │   lateness by the    ├─ on time ─ calendar day window
 *                 │   pump's own clock)  │             ├─ daily statistics ─────────────> sink
 *                 │                      ├─ too late ──┴─ too late ─ count ─────────────> sink
 *                 │                      └─ episodes and silence ─┬─ alarm events ──> Kafka (exactly once)
 *                 │                          (per pump and rule)  │                     └─ episodes ──────────> sink
 *                 └─ dead letters ───────────────────────────────────────────────┬──────> sink
 * rules source ─ parse ─┬─ broadcast ──> (episodes and silence)  │
 *                       └─ invalid rules ─────────────────────────┘
 * </pre>
 *
 * <p>The keyBy comes before everything that is stored, so that a duplicate is dropped before its
 * reading or alarm is written: what is stored and what is counted is the same reading. The window
 * reads the admitting operator's output as it is partitioned already, without a second shuffle.
 *
 * <p>Operator uids are part of the savepoint format: never change one.
 */
public final class PumpMonitorPipeline {

    public static final String SOURCE_UID = "kafka-source";
    public static final String PARSE_UID = "parse-readings";
    public static final String ADMIT_UID = "admit-readings";
    public static final String ALARMS_UID = "detect-low-pressure";
    public static final String STATISTICS_UID = "daily-statistics-window";
    public static final String LATE_UID = "count-late-readings";
    public static final String READINGS_SINK_UID = "hbase-readings";
    public static final String ALARMS_SINK_UID = "hbase-alarms";
    public static final String STATISTICS_SINK_UID = "hbase-daily-statistics";
    public static final String LATE_SINK_UID = "hbase-late-readings";
    public static final String DEAD_LETTERS_SINK_UID = "hbase-dead-letters";
    public static final String EPISODES_UID = "alarm-episodes";
    public static final String EPISODES_SINK_UID = "hbase-episodes";
    public static final String ALARM_EVENTS_SINK_UID = "kafka-alarm-events";
    public static final String PUMP_INDEX_READINGS_UID = "hbase-pump-index-readings";
    public static final String PUMP_INDEX_ALARMS_UID = "hbase-pump-index-alarms";
    public static final String PUMP_INDEX_EPISODES_ONLY_UID = "pump-index-episodes-only";
    public static final String PUMP_INDEX_EPISODES_UID = "hbase-pump-index-episodes";
    public static final String PUMP_INDEX_STATISTICS_UID = "hbase-pump-index-statistics";
    public static final String RULES_SOURCE_UID = "kafka-rules-source";
    public static final String RULES_WATERMARKS_UID = "rules-watermarks";
    public static final String PARSE_RULES_UID = "parse-rules";

    private final JobOptions options;

    public PumpMonitorPipeline(JobOptions options) {
        this.options = options;
    }

    /** The topology, stage by stage in the order the data flows; each stage's sinks at its end. */
    public void build(StreamExecutionEnvironment env, Source<ParsedRecord, ?, ?> source, PipelineSinks sinks) {
        build(env, source, KafkaRules.source(options, source.getBoundedness()), sinks);
    }

    /** The topology with the alarm rules read from a source of their own (tests pass another). */
    public void build(StreamExecutionEnvironment env, Source<ParsedRecord, ?, ?> source,
                      Source<RuleChange, ?, ?> rulesSource, PipelineSinks sinks) {
        SingleOutputStreamOperator<SensorReading> parsed = readings(env, source);
        SingleOutputStreamOperator<RuleChange> rules = rules(env, rulesSource);
        parsed.getSideOutput(SplitDeadLetters.DEAD_LETTERS)
                .union(rules.getSideOutput(SplitInvalidRules.INVALID))
                .addSink(sinks.deadLetters()).uid(DEAD_LETTERS_SINK_UID).name("HBase: dead letters");

        SingleOutputStreamOperator<SensorReading> admitted = admitted(parsed);

        SingleOutputStreamOperator<SensorReading> readings = admitted
                .process(new DetectLowPressure(options.get(JobOptions.PSI_THRESHOLD)))
                .uid(ALARMS_UID)
                .name("Detect low pressure");
        readings.addSink(sinks.readings()).uid(READINGS_SINK_UID).name("HBase: readings");
        readings.getSideOutput(DetectLowPressure.ALARMS)
                .addSink(sinks.alarms()).uid(ALARMS_SINK_UID).name("HBase: alarms");
        SingleOutputStreamOperator<AlarmEvent> alarmEvents =
                alarmEvents(admitted, rules.broadcast(EpisodeDetector.RULES));
        alarmEvents.sinkTo(sinks.alarmEvents()).uid(ALARM_EVENTS_SINK_UID).name("Kafka: alarm events");
        alarmEvents.filter(AlarmEvent::isStored).uid("episodes-only").name("Episodes and predictions")
                .addSink(sinks.episodes()).uid(EPISODES_SINK_UID).name("HBase: episodes");

        SingleOutputStreamOperator<DailyStatistics> statistics =
                dailyStatistics(admitted.getSideOutput(AdmitReadings.ON_TIME), options);
        statistics.addSink(sinks.statistics()).uid(STATISTICS_SINK_UID).name("HBase: daily statistics");
        admitted.getSideOutput(AdmitReadings.TOO_LATE)
                .union(statistics.getSideOutput(AdmitReadings.TOO_LATE))
                .map(new LateReadingCounter())
                .uid(LATE_UID)
                .name("Count late readings")
                .addSink(sinks.lateReadings()).uid(LATE_SINK_UID).name("HBase: late readings");

        if (sinks.pumpIndex() != null) {
            pumpIndex(sinks.pumpIndex(), readings, alarmEvents, statistics);
        }
    }

    /** Source: the Kafka records parsed once, with watermarks per partition; dead letters on a side output. */
    private SingleOutputStreamOperator<SensorReading> readings(StreamExecutionEnvironment env,
                                                              Source<ParsedRecord, ?, ?> source) {
        Duration outOfOrderness = options.get(JobOptions.OUT_OF_ORDERNESS);
        Duration idleness = options.get(JobOptions.IDLENESS);
        WatermarkStrategy<ParsedRecord> watermarks = WatermarkStrategy
                .<ParsedRecord>forGenerator(context -> new ReadingWatermarks<>(outOfOrderness, idleness))
                .withTimestampAssigner(new ReadingTimestamps());
        return env.fromSource(source, watermarks, "Kafka: sensor readings")
                .uid(SOURCE_UID)
                .process(new SplitDeadLetters())
                .uid(PARSE_UID)
                .name("Parse readings");
    }

    /**
     * Rules: the changes of the rules topic, on one subtask (the topic is small, and one partition
     * is enough), an idle stream for event time so that it neither holds the readings' watermark back nor moves it;
     * records that are no rule on a side output.
     */
    private static SingleOutputStreamOperator<RuleChange> rules(StreamExecutionEnvironment env,
                                                                Source<RuleChange, ?, ?> source) {
        return env.fromSource(source, org.apache.flink.api.common.eventtime.WatermarkStrategy.noWatermarks(),
                        "Kafka: alarm rules")
                .uid(RULES_SOURCE_UID)
                .setParallelism(1)
                .assignTimestampsAndWatermarks(KafkaRules.neverHoldTimeBack())
                .uid(RULES_WATERMARKS_UID)
                .name("Rules never hold event time back")
                .setParallelism(1)
                .process(new SplitInvalidRules())
                .uid(PARSE_RULES_UID)
                .name("Parse alarm rules")
                .setParallelism(1);
    }

    /** Admission: by pump, each minute once, and whether it still counts for its day. */
    private SingleOutputStreamOperator<SensorReading> admitted(DataStream<SensorReading> readings) {
        return readings
                .keyBy(reading -> reading.pumpId)
                .process(new AdmitReadings(options.get(JobOptions.TIME_ZONE), options.get(JobOptions.ALLOWED_LATENESS),
                        options.get(JobOptions.OUT_OF_ORDERNESS), options.get(JobOptions.DUPLICATE_RETENTION)))
                .uid(ADMIT_UID)
                .name("Admit each reading once");
    }

    /** Alarms: the rules' episodes and silent pumps, per pump, on the admitted readings as partitioned. */
    private SingleOutputStreamOperator<AlarmEvent> alarmEvents(DataStream<SensorReading> admitted,
                                                               BroadcastStream<RuleChange> rules) {
        AlarmRule builtIn = AlarmRule.builtIn(options.get(JobOptions.PSI_THRESHOLD),
                options.get(JobOptions.ALARM_RAISE_AFTER), options.get(JobOptions.ALARM_CLEAR_HYSTERESIS),
                options.get(JobOptions.ALARM_CLEAR_AFTER));
        return DataStreamUtils.reinterpretAsKeyedStream(admitted, reading -> reading.pumpId)
                .connect(rules)
                .process(new EpisodeDetector(builtIn, options.get(JobOptions.ALARM_SILENCE_AFTER),
                        options.get(JobOptions.ALARM_FORGET_AFTER)))
                .uid(EPISODES_UID)
                .name("Alarm rule episodes and silent pumps");
    }

    /**
     * Statistics: the daily statistics of readings that carry event-time timestamps and watermarks
     * and are partitioned by pump already. {@link AdmitReadings} decides, per pump, which readings
     * count: every reading that reaches the window counts. A lagging pump's day may still take
     * readings after the watermark passed its end plus the allowed lateness, so the window keeps a
     * day until the job forgets it ({@code readings.duplicate-retention} later), when the admission
     * stops letting readings of that day through; its late output is a safety net that stays empty.
     */
    public static SingleOutputStreamOperator<DailyStatistics> dailyStatistics(
            DataStream<SensorReading> readingsByPump, JobOptions options) {
        ZoneId zone = options.get(JobOptions.TIME_ZONE);
        return DataStreamUtils.reinterpretAsKeyedStream(readingsByPump, reading -> reading.pumpId)
                .window(new CalendarDayWindows(zone))
                .trigger(EarlyFiringEventTimeTrigger.every(options.get(JobOptions.EARLY_FIRING_INTERVAL)))
                .allowedLateness(Time.milliseconds(options.get(JobOptions.ALLOWED_LATENESS)
                        .plus(options.get(JobOptions.DUPLICATE_RETENTION)).toMillis()))
                .sideOutputLateData(AdmitReadings.TOO_LATE)
                .aggregate(new DailyStatisticsAggregate(), new DailyStatisticsWindowFunction(zone))
                .uid(STATISTICS_UID)
                .name("Daily statistics per pump");
    }

    /**
     * Sinks: each pump's newest reading, alarm, episode and day into the pump index, from the
     * streams that write them to table sensor: a pump is listed from its first reading on.
     */
    private static void pumpIndex(PumpIndexSinks index, SingleOutputStreamOperator<SensorReading> readings,
                                  SingleOutputStreamOperator<AlarmEvent> alarmEvents,
                                  SingleOutputStreamOperator<DailyStatistics> statistics) {
        readings.addSink(index.readings()).uid(PUMP_INDEX_READINGS_UID).name("HBase: pump index, readings");
        readings.getSideOutput(DetectLowPressure.ALARMS)
                .addSink(index.alarms()).uid(PUMP_INDEX_ALARMS_UID).name("HBase: pump index, alarms");
        alarmEvents.filter(AlarmEvent::isEpisode).uid(PUMP_INDEX_EPISODES_ONLY_UID).name("Episodes only, for the index")
                .addSink(index.episodes()).uid(PUMP_INDEX_EPISODES_UID).name("HBase: pump index, episodes");
        statistics.addSink(index.statistics()).uid(PUMP_INDEX_STATISTICS_UID).name("HBase: pump index, statistics");
    }
}
