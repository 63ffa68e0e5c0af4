package org.pumpmonitor.job;

import org.pumpmonitor.job.source.KafkaReadings;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.PipelineSinks;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.pumpmonitor.job.source.ReadingSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pumpmonitor.core.model.DailyStatistics;
import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.job.source.ParsedRecord;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.job.stats.StatisticsAccumulator;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineTopologyTest {

    @ParameterizedTest
    @ValueSource(classes = {
        SensorReading.class, LowPressureAlarm.class, DeadLetter.class, ParsedRecord.class,
        DailyStatistics.class, StatisticsAccumulator.class, org.pumpmonitor.core.model.AlarmEvent.class,
        org.pumpmonitor.job.alarms.EpisodeDetector.PumpAlarmState.class, org.pumpmonitor.job.alarms.EpisodeState.class,
        org.pumpmonitor.core.rules.AlarmRule.class, org.pumpmonitor.job.rules.RuleChange.class})
    void everyRecordTypeIsAFlinkPojoNotKryo(Class<?> type) {
        assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void everyOperatorHasAStableUidAndAName() {
        StreamGraph graph = graph();
        List<StreamNode> nodes = List.copyOf(graph.getStreamNodes());
        // 17 operators (3 of them for the alarm rules); the Kafka sink of alarm events is a writer and a committer.
        assertThat(nodes).hasSize(18);
        for (StreamNode node : nodes) {
            assertThat(node.getTransformationUID()).as("uid of %s", node.getOperatorName()).isNotBlank();
            assertThat(node.getOperatorName()).isNotBlank();
        }
        assertThat(nodes.stream().map(StreamNode::getTransformationUID).collect(Collectors.toSet()))
                .hasSize(nodes.size())
                .contains(
                        PumpMonitorPipeline.SOURCE_UID,
                        PumpMonitorPipeline.PARSE_UID,
                        PumpMonitorPipeline.ADMIT_UID,
                        PumpMonitorPipeline.ALARMS_UID,
                        PumpMonitorPipeline.STATISTICS_UID,
                        PumpMonitorPipeline.LATE_UID,
                        PumpMonitorPipeline.READINGS_SINK_UID,
                        PumpMonitorPipeline.ALARMS_SINK_UID,
                        PumpMonitorPipeline.STATISTICS_SINK_UID,
                        PumpMonitorPipeline.LATE_SINK_UID,
                        PumpMonitorPipeline.DEAD_LETTERS_SINK_UID,
                        PumpMonitorPipeline.EPISODES_UID,
                        PumpMonitorPipeline.EPISODES_SINK_UID,
                        PumpMonitorPipeline.RULES_SOURCE_UID,
                        PumpMonitorPipeline.RULES_WATERMARKS_UID,
                        PumpMonitorPipeline.PARSE_RULES_UID);
    }

    @Test
    void theJobConfiguresExactlyOnceCheckpointsAndNoGenericTypes() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        PumpMonitorJob.configure(env, JobOptions.defaults());
        assertThat(env.getCheckpointConfig().getCheckpointingMode().name()).isEqualTo("EXACTLY_ONCE");
        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(10_000);
        assertThat(env.getCheckpointConfig().isExternalizedCheckpointsEnabled()).isTrue();
        assertThat(env.getConfig().hasGenericTypesDisabled()).isTrue();
    }

    @Test
    void readingsCrossEveryEdgeWithTheHandWrittenSerializer() {
        StreamGraph graph = graph();
        int readingEdges = 0;
        for (StreamNode node : graph.getStreamNodes()) {
            List<TypeSerializer<?>> serializers = new java.util.ArrayList<>(java.util.Arrays.asList(node.getTypeSerializersIn()));
            serializers.add(node.getTypeSerializerOut());
            for (TypeSerializer<?> serializer : serializers) {
                if (serializer != null && serializer.createInstance() instanceof SensorReading) {
                    assertThat(serializer).as("readings into or out of %s", node.getOperatorName())
                            .isInstanceOf(ReadingSerializer.class);
                    readingEdges++;
                }
            }
        }
        // out of parse, admission and low pressure; into admission, low pressure, episodes, window, sinks
        assertThat(readingEdges).isGreaterThanOrEqualTo(6);
    }

    /** The pipeline with a stand-in source (the graph, not the data, is under test). */
    private static StreamGraph graph() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        PumpMonitorJob.configure(env, JobOptions.defaults());
        new PumpMonitorPipeline(JobOptions.defaults()).build(
                env,
                KafkaReadings.source(JobOptions.defaults()).build(),
                new PipelineSinks(new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(),
                        new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(),
                        new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>()));
        return env.getStreamGraph();
    }
}
