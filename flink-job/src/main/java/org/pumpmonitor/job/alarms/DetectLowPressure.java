package org.pumpmonitor.job.alarms;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.job.source.ReadingType;

/**
 * Passes every reading on and, for a reading whose {@code psi} is below the threshold, also
 * emits a {@link LowPressureAlarm} to the {@link #ALARMS} side output.
 */
public class DetectLowPressure extends ProcessFunction<SensorReading, SensorReading>
        implements ResultTypeQueryable<SensorReading> {

    public static final OutputTag<LowPressureAlarm> ALARMS = new OutputTag<>("alarms") {};

    public static final String METRIC = "alarmsRaised";

    private final double psiThreshold;

    private transient Counter alarms;

    public DetectLowPressure(double psiThreshold) {
        this.psiThreshold = psiThreshold;
    }

    @Override
    public void open(Configuration parameters) {
        alarms = getRuntimeContext().getMetricGroup().counter(METRIC);
    }

    @Override
    public TypeInformation<SensorReading> getProducedType() {
        return ReadingType.INFO;
    }

    @Override
    public void processElement(SensorReading reading, Context ctx, Collector<SensorReading> out) {
        if (reading.psi < psiThreshold) {
            alarms.inc();
            ctx.output(ALARMS, new LowPressureAlarm(reading.pumpId, reading.eventTime, reading.psi, psiThreshold));
        }
        out.collect(reading);
    }
}
