package org.pumpmonitor.job.rules;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.pumpmonitor.core.model.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes rule changes on and sends records that are no rule to {@link #INVALID}, as dead letters
 * with their reason: a bad rule never stops the job, and never replaces a good one.
 */
public class SplitInvalidRules extends ProcessFunction<RuleChange, RuleChange> {

    public static final OutputTag<DeadLetter> INVALID = new OutputTag<>("invalid-rules") {};
    public static final String INVALID_METRIC = "invalidAlarmRules";

    private static final Logger LOG = LoggerFactory.getLogger(SplitInvalidRules.class);

    private transient Counter invalid;

    @Override
    public void open(Configuration parameters) {
        invalid = getRuntimeContext().getMetricGroup().counter(INVALID_METRIC);
    }

    @Override
    public void processElement(RuleChange change, Context ctx, Collector<RuleChange> out) {
        if (change.invalid == null) {
            out.collect(change);
        } else {
            invalid.inc();
            LOG.warn("Record {}/{}@{} of the rules topic is no rule, kept as a dead letter: {}", change.invalid.topic,
                    change.invalid.partition, change.invalid.offset, change.invalid.reason);
            ctx.output(INVALID, change.invalid);
        }
    }
}
