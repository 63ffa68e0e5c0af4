package org.pumpmonitor.job;

import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.CheckpointConfig.ExternalizedCheckpointCleanup;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.HBaseClientResources;
import org.pumpmonitor.job.sinks.AlarmEventTransactions;
import org.pumpmonitor.job.sinks.PipelineSinks;
import org.pumpmonitor.job.source.KafkaReadings;
import org.pumpmonitor.core.hbase.HBaseClientConfig;
import org.pumpmonitor.core.hbase.PumpTables;

import java.time.Duration;
import java.util.Arrays;

/**
 * The pump-monitor job: Kafka readings to HBase readings, alarms, dead letters and daily
 * statistics. {@code flink run flink-job.jar --help} lists the options.
 */
public final class PumpMonitorJob {

    private PumpMonitorJob() {}

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println("Usage: flink run flink-job.jar [options]\n\n" + JobOptions.usage());
            return;
        }
        JobOptions options = JobOptions.fromArgs(args);
        PumpTables tables = new PumpTables(
                options.get(JobOptions.SENSOR_TABLE), options.get(JobOptions.DEAD_LETTER_TABLE));
        HBaseClientResources.configureNetty();
        PumpTables.withAdmin(HBaseClientConfig.configuration(options), admin -> {
            tables.verify(admin);
            return null;
        });
        if (HBaseClientResources.ownedByTheJob()) {
            // main() may run in a JobManager, once per submission: leave no client threads behind.
            HBaseClientResources.release();
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StartingState.check(options, env.getConfiguration());
        AlarmEventTransactions.checkBrokerAllows(options);
        configure(env, options);
        new PumpMonitorPipeline(options).build(env, KafkaReadings.source(options).build(), PipelineSinks.hbase(options));
        env.execute(options.get(JobOptions.JOB_NAME));
    }

    /** Exactly-once checkpoints kept on cancellation, restarts that outlast an outage, no Kryo. */
    public static void configure(StreamExecutionEnvironment env, JobOptions options) {
        Configuration conf = new Configuration();
        conf.set(ExecutionCheckpointingOptions.CHECKPOINTING_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(ExecutionCheckpointingOptions.CHECKPOINTING_INTERVAL, options.get(JobOptions.CHECKPOINT_INTERVAL));
        conf.set(ExecutionCheckpointingOptions.EXTERNALIZED_CHECKPOINT,
                ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        // An HBase or Kafka outage fails the sink or source; keep restarting, backing off, until it ends.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                options.get(JobOptions.RESTART_MAX_DELAY));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                Duration.ofMinutes(10));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        // The keyBy before the sinks holds alarms in network buffers for up to this long.
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, options.get(JobOptions.BUFFER_TIMEOUT));
        // Every type on the wire is a POJO or a Flink type; a Kryo fallback is a bug.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, options.get(JobOptions.OBJECT_REUSE));
        env.configure(conf);
        // Shown in the web UI and the REST API (/jobs/ID/config): which topic and group a job
        // reads is how pumpctl finds the state to resume it from.
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(options.asMap()));
    }
}
