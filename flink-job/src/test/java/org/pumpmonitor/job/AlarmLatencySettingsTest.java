package org.pumpmonitor.job;

import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.PipelineSinks;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.job.sinks.CheckpointSafeHBaseSink;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The two settings that make alarms fast reach the alarm sink and the network buffers, and only them. */
class AlarmLatencySettingsTest {

    @Test
    void theAlarmSinkFlushesOnItsOwnIntervalAndTheOthersOnTheCommonOne() {
        PipelineSinks sinks = PipelineSinks.hbase(JobOptions.fromMap(Map.of(
                "hbase.sink.flush-interval", "2 s", "hbase.sink.alarm-flush-interval", "30 ms")));
        assertThat(((CheckpointSafeHBaseSink<?>) sinks.alarms()).flushInterval()).isEqualTo(Duration.ofMillis(30));
        for (Object other : new Object[] {sinks.readings(), sinks.statistics(), sinks.lateReadings(), sinks.deadLetters()}) {
            assertThat(((CheckpointSafeHBaseSink<?>) other).flushInterval()).isEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void networkBuffersWaitAtMostTheBufferTimeout() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        PumpMonitorJob.configure(env, JobOptions.defaults());
        assertThat(env.getBufferTimeout()).isEqualTo(10);
        PumpMonitorJob.configure(env, JobOptions.fromMap(Map.of("pipeline.buffer-timeout", "0 ms")));
        assertThat(env.getBufferTimeout()).isZero();
    }
}
