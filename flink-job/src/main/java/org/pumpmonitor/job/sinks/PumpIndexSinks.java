package org.pumpmonitor.job.sinks;

import org.pumpmonitor.core.options.JobOptions;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.pumpmonitor.core.hbase.PumpIndexCodec;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.model.AlarmEvent;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;

import java.time.Duration;

/**
 * Where the pump index ({@link PumpSchema#pumpIndexTable}) gets each pump's newest reading, alarm,
 * episode and day of statistics: a sink instance per kind, since all of a pump's records go to
 * one row and the HBase sink keeps one mutation per row per flush. Alarms and episodes flush on
 * the alarm interval, so that the index shows an alarm as soon as table sensor does.
 *
 * <p>The HBase sink also flushes once it was handed {@code --hbase.sink.flush-max-rows} records;
 * for the index those are a pump's records over and over, and what it buffers is one Put per
 * pump. The index sinks flush after {@value #FLUSH_MAX_ROWS_FACTOR} times as many, so that a
 * burst of readings (a backlog drained at 30,000 a second) costs the index a write per pump a few
 * times a second, not thirty, while the buffer stays bounded by that many Puts.
 */
public record PumpIndexSinks(
        SinkFunction<SensorReading> readings,
        SinkFunction<LowPressureAlarm> alarms,
        SinkFunction<AlarmEvent> episodes,
        SinkFunction<DailyStatistics> statistics) {

    static final int FLUSH_MAX_ROWS_FACTOR = 10;

    public static PumpIndexSinks hbase(JobOptions options) {
        String index = PumpSchema.pumpIndexTable(options.get(JobOptions.SENSOR_TABLE));
        long maxRows = (long) FLUSH_MAX_ROWS_FACTOR * options.get(JobOptions.HBASE_FLUSH_MAX_ROWS);
        Duration interval = options.get(JobOptions.HBASE_FLUSH_INTERVAL);
        Duration alarmInterval = options.get(JobOptions.HBASE_ALARM_FLUSH_INTERVAL);
        return new PumpIndexSinks(
                PipelineSinks.hbaseSink(options, index, PumpIndexCodec.READINGS, interval, maxRows),
                PipelineSinks.hbaseSink(options, index, PumpIndexCodec.ALARMS, alarmInterval, maxRows),
                PipelineSinks.hbaseSink(options, index, PumpIndexCodec.EPISODES, alarmInterval, maxRows),
                PipelineSinks.hbaseSink(options, index, PumpIndexCodec.STATISTICS, interval, maxRows));
    }
}
