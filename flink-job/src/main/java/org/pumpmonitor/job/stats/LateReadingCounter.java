package org.pumpmonitor.job.stats;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.job.source.ReadingType;

/**
 * Counts the readings that arrived too late even for the allowed lateness, so that what the
 * daily statistics miss is visible in the metrics, and passes them on to be recorded.
 */
public class LateReadingCounter extends RichMapFunction<SensorReading, SensorReading>
        implements ResultTypeQueryable<SensorReading> {

    public static final String METRIC = "lateReadings";

    private transient Counter lateReadings;

    @Override
    public void open(Configuration parameters) {
        lateReadings = getRuntimeContext().getMetricGroup().counter(METRIC);
    }

    @Override
    public TypeInformation<SensorReading> getProducedType() {
        return ReadingType.INFO;
    }

    @Override
    public SensorReading map(SensorReading reading) {
        lateReadings.inc();
        return reading;
    }
}
