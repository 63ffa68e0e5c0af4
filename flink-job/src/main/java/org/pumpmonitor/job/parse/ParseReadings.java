package org.pumpmonitor.job.parse;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.pumpmonitor.job.model.DeadLetter;
import org.pumpmonitor.job.model.KafkaRecord;
import org.pumpmonitor.job.model.SensorReading;

/**
 * Turns Kafka records into readings; a record that does not parse goes to the
 * {@link #DEAD_LETTERS} side output with its reason, and never fails the job.
 */
public class ParseReadings extends ProcessFunction<KafkaRecord, SensorReading> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    public static final String READINGS_METRIC = "readingsParsed";
    public static final String DEAD_LETTERS_METRIC = "deadLetters";

    private final SensorReadingParser parser;

    private transient Counter readingsParsed;
    private transient Counter deadLetters;

    public ParseReadings(SensorReadingParser parser) {
        this.parser = parser;
    }

    @Override
    public void open(Configuration parameters) {
        readingsParsed = getRuntimeContext().getMetricGroup().counter(READINGS_METRIC);
        deadLetters = getRuntimeContext().getMetricGroup().counter(DEAD_LETTERS_METRIC);
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<SensorReading> out) {
        SensorReading reading;
        try {
            reading = parser.parse(record);
        } catch (InvalidReadingException e) {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, DeadLetter.of(record, e.getMessage()));
            return;
        }
        readingsParsed.inc();
        out.collect(reading.withSource(record.topic, record.partition, record.offset, record.timestamp));
    }
}
