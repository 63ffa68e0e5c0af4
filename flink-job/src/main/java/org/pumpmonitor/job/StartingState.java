package org.pumpmonitor.job;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.core.state.SavedStates;
import org.pumpmonitor.job.source.KafkaReadings;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Refuses to start a job without state when its consumer group has read the topic before.
 *
 * <p>Such a start resumes from the committed offsets with empty windows: the days still open
 * would count only the readings read from then on, and the lateness and duplicates remembered
 * would be gone. An operator who restarts the job almost always means to resume it, so the job
 * says how instead of quietly producing partial statistics; {@code --start-without-state true}
 * (or a new consumer group) starts anew on purpose.
 */
public final class StartingState {

    private static final int NEWEST_SHOWN = 3;

    private StartingState() {}

    /** Throws {@link IllegalStateException} saying how to resume, when the start would lose state. */
    public static void check(JobOptions options, ReadableConfig flinkConfig) {
        // Flink 1.20's client and REST API pass the path as execution.state-recovery.path; this option
        // also reads execution.savepoint.path, the key before 1.20 (the deprecated
        // SavepointConfigOptions.SAVEPOINT_PATH reads only that one, and misses every resume).
        if (flinkConfig.getOptional(StateRecoveryOptions.SAVEPOINT_PATH).isPresent()
                || options.get(JobOptions.START_WITHOUT_STATE)) {
            return;
        }
        String topic = options.get(JobOptions.KAFKA_TOPIC);
        String group = options.get(JobOptions.KAFKA_GROUP_ID);
        if (committedPartitions(options, group, topic) == 0) {
            return;
        }
        StringBuilder message = new StringBuilder()
                .append("Consumer group '").append(group).append("' has read topic '").append(topic)
                .append("' before, but the job is starting without a savepoint or checkpoint: the days ")
                .append("still open would count only the readings read from now on.\n")
                .append("Resume the job from its newest savepoint or retained checkpoint: ")
                .append("'pumpctl submit' (finds it while the cluster knows the earlier job), ")
                .append("'pumpctl submit --from-savepoint PATH', 'flink run -s PATH ...', ")
                .append("or 'Savepoint Path' in the web UI's submit form.\n");
        for (ConfigOption<String> dir : List.of(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                CheckpointingOptions.SAVEPOINT_DIRECTORY)) {
            // By the option, which also reads its keys before 1.20 (state.checkpoints.dir, state.savepoints.dir).
            List<String> newest = SavedStates.newest(NEWEST_SHOWN, flinkConfig.getOptional(dir).orElse(null));
            if (!newest.isEmpty()) {
                message.append("Newest under ").append(dir.key()).append(": ")
                        .append(String.join(", ", newest)).append('\n');
            }
        }
        message.append("To start anew on purpose, pass --start-without-state true or a new --kafka.group-id.");
        throw new IllegalStateException(message.toString());
    }

    /** How many partitions of the topic the group has committed an offset for. */
    static int committedPartitions(JobOptions options, String group, String topic) {
        String bootstrapServers = options.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS);
        java.util.Properties config = KafkaReadings.properties(options);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return (int) offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .count();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read the committed offsets of consumer group '" + group
                    + "' from Kafka at " + bootstrapServers + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading committed offsets", e);
        }
    }
}
