package org.pumpmonitor.job;

import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.pumpmonitor.job.hbase.PumpIndexMutations;
import org.pumpmonitor.job.hbase.PumpSchema;
import org.pumpmonitor.job.model.AlarmEvent;
import org.pumpmonitor.job.model.DailyStatistics;
import org.pumpmonitor.job.model.PressureAlarm;
import org.pumpmonitor.job.model.SensorReading;

/**
 * Where the pump index ({@link PumpSchema#pumpIndexTable}) gets each pump's newest reading, alarm,
 * episode and day of statistics: a sink instance per kind, since all of a pump's records go to
 * one row and the HBase sink keeps one mutation per row per flush. Alarms and episodes flush on
 * the alarm interval, so that the index shows an alarm as soon as table sensor does.
 */
public record PumpIndexSinks(
        SinkFunction<SensorReading> readings,
        SinkFunction<PressureAlarm> alarms,
        SinkFunction<AlarmEvent> episodes,
        SinkFunction<DailyStatistics> statistics) {

    public static PumpIndexSinks hbase(JobOptions options) {
        String index = PumpSchema.pumpIndexTable(options.get(JobOptions.SENSOR_TABLE));
        return new PumpIndexSinks(
                PipelineSinks.hbaseSink(options, index, new PumpIndexMutations.Readings(),
                        options.get(JobOptions.HBASE_FLUSH_INTERVAL)),
                PipelineSinks.hbaseSink(options, index, new PumpIndexMutations.Alarms(),
                        options.get(JobOptions.HBASE_ALARM_FLUSH_INTERVAL)),
                PipelineSinks.hbaseSink(options, index, new PumpIndexMutations.Episodes(),
                        options.get(JobOptions.HBASE_ALARM_FLUSH_INTERVAL)),
                PipelineSinks.hbaseSink(options, index, new PumpIndexMutations.Statistics(),
                        options.get(JobOptions.HBASE_FLUSH_INTERVAL)));
    }
}
