package org.pumpmonitor.job;

import org.pumpmonitor.job.source.KafkaReadings;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.PipelineSinks;
import org.pumpmonitor.job.sinks.PumpIndexSinks;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.job.sinks.CheckpointSafeHBaseSink;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The pump index's sinks in the job's graph: each fed, without a shuffle, by what feeds table sensor. */
class PumpIndexWiringTest {

    @Test
    void theIndexSinksReadTheStreamsOfTableSensorWithoutAShuffle() {
        Map<String, StreamNode> nodes = graph(new PumpIndexSinks(new DiscardingSink<>(), new DiscardingSink<>(),
                new DiscardingSink<>(), new DiscardingSink<>()));
        assertThat(inputOf(nodes, PumpMonitorPipeline.PUMP_INDEX_READINGS_UID))
                .isEqualTo(inputOf(nodes, PumpMonitorPipeline.READINGS_SINK_UID));
        assertThat(inputOf(nodes, PumpMonitorPipeline.PUMP_INDEX_ALARMS_UID))
                .isEqualTo(inputOf(nodes, PumpMonitorPipeline.ALARMS_SINK_UID));
        assertThat(inputOf(nodes, PumpMonitorPipeline.PUMP_INDEX_STATISTICS_UID))
                .isEqualTo(inputOf(nodes, PumpMonitorPipeline.STATISTICS_SINK_UID));
        assertThat(inputOf(nodes, PumpMonitorPipeline.PUMP_INDEX_EPISODES_UID))
                .isEqualTo(PumpMonitorPipeline.PUMP_INDEX_EPISODES_ONLY_UID);
        assertThat(inputOf(nodes, PumpMonitorPipeline.PUMP_INDEX_EPISODES_ONLY_UID))
                .isEqualTo(PumpMonitorPipeline.EPISODES_UID);
        for (String sink : List.of(PumpMonitorPipeline.PUMP_INDEX_READINGS_UID, PumpMonitorPipeline.PUMP_INDEX_ALARMS_UID,
                PumpMonitorPipeline.PUMP_INDEX_EPISODES_UID, PumpMonitorPipeline.PUMP_INDEX_STATISTICS_UID)) {
            StreamEdge input = nodes.get(sink).getInEdges().get(0);
            assertThat(input.getPartitioner()).as(sink).isInstanceOf(ForwardPartitioner.class);
        }
    }

    @Test
    void alarmsAndEpisodesReachTheIndexOnTheAlarmInterval() {
        PumpIndexSinks index = PipelineSinks.hbase(JobOptions.fromMap(Map.of(
                "hbase.sink.flush-interval", "2 s", "hbase.sink.alarm-flush-interval", "30 ms"))).pumpIndex();
        assertThat(((CheckpointSafeHBaseSink<?>) index.alarms()).flushInterval()).isEqualTo(Duration.ofMillis(30));
        assertThat(((CheckpointSafeHBaseSink<?>) index.episodes()).flushInterval()).isEqualTo(Duration.ofMillis(30));
        assertThat(((CheckpointSafeHBaseSink<?>) index.readings()).flushInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(((CheckpointSafeHBaseSink<?>) index.statistics()).flushInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void withoutAnIndexTheGraphHasNoIndexSinks() {
        PipelineSinks sinks = new PipelineSinks(new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(),
                new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(),
                new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
        assertThat(sinks.pumpIndex()).isNull();
        assertThat(graph(null).keySet()).noneMatch(uid -> uid.contains("pump-index"));
    }

    private static Map<String, StreamNode> graph(PumpIndexSinks index) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        PumpMonitorJob.configure(env, JobOptions.defaults());
        new PumpMonitorPipeline(JobOptions.defaults()).build(env, KafkaReadings.source(JobOptions.defaults()).build(),
                new PipelineSinks(new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(),
                        new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(),
                        new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>(), index));
        StreamGraph graph = env.getStreamGraph();
        return graph.getStreamNodes().stream()
                .collect(Collectors.toMap(StreamNode::getTransformationUID, Function.identity()));
    }

    private static String inputOf(Map<String, StreamNode> nodes, String uid) {
        StreamNode node = nodes.get(uid);
        assertThat(node).as(uid).isNotNull();
        int source = node.getInEdges().get(0).getSourceId();
        return nodes.values().stream().filter(n -> n.getId() == source).findFirst().orElseThrow().getTransformationUID();
    }
}
