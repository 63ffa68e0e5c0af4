package org.pumpmonitor.job.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.core.model.SensorReading;

/** Passes readings on and sends dead letters to {@link #DEAD_LETTERS}, counting both. */
public class SplitDeadLetters extends ProcessFunction<ParsedRecord, SensorReading>
        implements ResultTypeQueryable<SensorReading> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    public static final String READINGS_METRIC = "readingsParsed";
    public static final String DEAD_LETTERS_METRIC = "deadLetters";

    private transient Counter readingsParsed;
    private transient Counter deadLetters;

    @Override
    public void open(Configuration parameters) {
        readingsParsed = getRuntimeContext().getMetricGroup().counter(READINGS_METRIC);
        deadLetters = getRuntimeContext().getMetricGroup().counter(DEAD_LETTERS_METRIC);
    }

    @Override
    public TypeInformation<SensorReading> getProducedType() {
        return ReadingType.INFO;
    }

    @Override
    public void processElement(ParsedRecord record, Context ctx, Collector<SensorReading> out) {
        if (record.reading != null) {
            readingsParsed.inc();
            out.collect(record.reading);
        } else {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, record.deadLetter);
        }
    }
}
