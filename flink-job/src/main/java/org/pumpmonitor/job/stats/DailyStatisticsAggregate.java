package org.pumpmonitor.job.stats;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.pumpmonitor.core.model.SensorReading;

/**
 * Incremental count/min/max/sum of a pump's readings, so that a day's window keeps one small
 * accumulator instead of every reading.
 */
public class DailyStatisticsAggregate
        implements AggregateFunction<SensorReading, StatisticsAccumulator, StatisticsAccumulator> {

    @Override
    public StatisticsAccumulator createAccumulator() {
        return new StatisticsAccumulator();
    }

    @Override
    public StatisticsAccumulator add(SensorReading reading, StatisticsAccumulator acc) {
        acc.add(reading);
        return acc;
    }

    @Override
    public StatisticsAccumulator getResult(StatisticsAccumulator acc) {
        return acc;
    }

    @Override
    public StatisticsAccumulator merge(StatisticsAccumulator a, StatisticsAccumulator b) {
        a.addAll(b);
        return a;
    }
}
