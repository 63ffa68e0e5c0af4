package org.pumpmonitor.job.stats;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.pumpmonitor.core.model.DailyStatistics;

import java.time.Instant;
import java.time.ZoneId;

/** Adds the pump, the day and whether the result is final to a window's accumulator. */
public class DailyStatisticsWindowFunction
        extends ProcessWindowFunction<StatisticsAccumulator, DailyStatistics, String, TimeWindow> {

    private final ZoneId zone;

    public DailyStatisticsWindowFunction(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public void process(
            String pumpId,
            Context context,
            Iterable<StatisticsAccumulator> accumulators,
            Collector<DailyStatistics> out) {
        StatisticsAccumulator acc = accumulators.iterator().next();
        TimeWindow window = context.window();
        DailyStatistics stats = new DailyStatistics();
        stats.pumpId = pumpId;
        stats.day = Instant.ofEpochMilli(window.getStart()).atZone(zone).toLocalDate().toString();
        stats.windowStart = window.getStart();
        stats.windowEnd = window.getEnd();
        stats.count = acc.count;
        stats.min = acc.min.clone();
        stats.max = acc.max.clone();
        stats.avg = acc.averages();
        // Early firings happen before the watermark reaches the end of the day; the on-time
        // firing and late updates after it.
        stats.finalResult = context.currentWatermark() >= window.maxTimestamp();
        out.collect(stats);
    }
}
