package org.pumpmonitor.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.deploycheck.Manifests.Manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job's arguments, and the set-up Job's, are options of the job's registry (JobOptions) with valid values. */
class JobArgumentsTest {

    static List<Manifest> deployments() {
        return Manifests.ofKind("FlinkDeployment");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyArgumentOfTheJobIsAnOptionOfTheJob(Manifest deployment) {
        List<String> args = Manifests.jobArgs(deployment);
        assertThat(args).isNotEmpty();
        JobOptions.fromArgs(args.toArray(String[]::new));
    }

    @Test
    void everyArgumentOfCreateTablesIsAnOptionOfTheJob() {
        JobOptions.fromArgs(createTablesArgs().toArray(String[]::new));
    }

    @Test
    void theSetUpJobCreatesWhatTheJobUses() {
        JobOptions setup = JobOptions.fromArgs(createTablesArgs().toArray(String[]::new));
        for (Manifest deployment : deployments()) {
            JobOptions job = JobOptions.fromArgs(Manifests.jobArgs(deployment).toArray(String[]::new));
            for (JobOptions.Option<?> option : List.of(JobOptions.HBASE_ZOOKEEPER_QUORUM, JobOptions.HBASE_ZNODE_PARENT,
                    JobOptions.SENSOR_TABLE, JobOptions.DEAD_LETTER_TABLE, JobOptions.HBASE_SITE)) {
                assertThat(setup.get(option)).as(deployment + " " + option).isEqualTo(job.get(option));
            }
            assertThat(kafkaTopicsEnv("KAFKA_BOOTSTRAP_SERVERS")).as(deployment.toString())
                    .isEqualTo(job.get(JobOptions.KAFKA_BOOTSTRAP_SERVERS));
            assertThat(Set.of(kafkaTopicsEnv("TOPICS").split(" "))).as(deployment.toString())
                    .isEqualTo(Set.of(job.get(JobOptions.KAFKA_TOPIC), job.get(JobOptions.KAFKA_ALARM_TOPIC)));
            assertThat(kafkaTopicsEnv("RULES_TOPIC")).as(deployment.toString())
                    .isEqualTo(job.get(JobOptions.KAFKA_RULES_TOPIC));
        }
    }

    /** The rules topic keeps every rule's newest record, in one partition: the job reads it from the beginning. */
    @Test
    void theSetUpJobCreatesTheRulesTopicCompactedWithOnePartition() {
        String script = setupContainer("initContainers", "kafka-topics").path("command").get(2).asText();
        assertThat(script).contains("--topic \"$RULES_TOPIC\"", "--partitions 1 ", "--config cleanup.policy=compact");
    }

    @Test
    void theSetUpJobRunsCreateTablesOfTheJobsJar() {
        JsonNode container = setupContainer("containers", "hbase-tables");
        List<String> command = new ArrayList<>();
        container.path("command").forEach(c -> command.add(c.asText()));
        assertThat(command).containsExactly("java", "-cp", JobImageTest.JAR_PATH, "org.pumpmonitor.core.hbase.CreateTables");
        assertThat(container.path("image").asText())
                .isEqualTo(Manifests.one("pump-monitor.yaml").document().path("spec").path("image").asText());
    }

    @Test
    void aMisspeltOptionFails() {
        List<String> args = new ArrayList<>(Manifests.jobArgs(Manifests.one("pump-monitor.yaml")));
        args.set(args.indexOf("--hbase.zookeeper.quorum"), "--hbase.zookeeper.quorom");
        assertThatThrownBy(() -> JobOptions.fromArgs(args.toArray(String[]::new)))
                .hasMessageContaining("Unknown option(s): --hbase.zookeeper.quorom");
    }

    @Test
    void aValueThatDoesNotParseFails() {
        List<String> args = new ArrayList<>(Manifests.jobArgs(Manifests.one("pump-monitor.yaml")));
        args.set(args.indexOf("--start-without-state") + 1, "yes");
        assertThatThrownBy(() -> JobOptions.fromArgs(args.toArray(String[]::new)))
                .hasMessageContaining("--start-without-state");
    }

    @Test
    void aMisspeltOptionOfCreateTablesFails() {
        List<String> args = new ArrayList<>(createTablesArgs());
        args.set(args.indexOf("--hbase.site"), "--hbase.sites");
        assertThatThrownBy(() -> JobOptions.fromArgs(args.toArray(String[]::new)))
                .hasMessageContaining("--hbase.sites");
    }

    static List<String> createTablesArgs() {
        List<String> args = new ArrayList<>();
        setupContainer("containers", "hbase-tables").path("args").forEach(a -> args.add(a.asText()));
        return args;
    }

    static String kafkaTopicsEnv(String name) {
        for (JsonNode env : setupContainer("initContainers", "kafka-topics").path("env")) {
            if (env.path("name").asText().equals(name)) {
                return env.path("value").asText();
            }
        }
        throw new AssertionError("kafka-topics has no env " + name);
    }

    static JsonNode setupContainer(String list, String name) {
        for (JsonNode container : Manifests.one("pump-monitor-setup.yaml").document()
                .path("spec").path("template").path("spec").path(list)) {
            if (container.path("name").asText().equals(name)) {
                return container;
            }
        }
        throw new AssertionError("the set-up Job has no " + list + " " + name);
    }
}
