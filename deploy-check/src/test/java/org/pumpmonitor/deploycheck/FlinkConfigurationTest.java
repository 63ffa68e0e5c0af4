package org.pumpmonitor.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pumpmonitor.deploycheck.Manifests.Manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every key of every flinkConfiguration is a current option of the build's Flink, with a value it parses. */
class FlinkConfigurationTest {

    static List<Manifest> deployments() {
        return Manifests.ofKind("FlinkDeployment");
    }

    static Map<String, String> configuration(Manifest deployment) {
        Map<String, String> configuration = new LinkedHashMap<>();
        JsonNode node = deployment.document().path("spec").path("flinkConfiguration");
        node.fields().forEachRemaining(e -> configuration.put(e.getKey(), e.getValue().asText()));
        return configuration;
    }

    /** The JobManager's JVM options of the project's cluster (flink-conf/), on Kubernetes too. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void theJobManagerGetsTheJvmOptionsOfFlinkConf(Manifest deployment) throws Exception {
        JsonNode flinkConf = Manifests.YAML.readTree(Manifests.root().resolve("flink-conf/config.yaml").toFile());
        String jobManagerOptions = flinkConf.path("env").path("java").path("opts").path("jobmanager").asText();
        assertThat(jobManagerOptions).contains("-XX:TrimNativeHeapInterval=");
        assertThat(configuration(deployment)).containsEntry("env.java.opts.jobmanager", jobManagerOptions);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyKeyIsACurrentFlinkOption(Manifest deployment) {
        Map<String, String> configuration = configuration(deployment);
        assertThat(configuration).isNotEmpty();
        assertThat(FlinkOptions.load().check(configuration)).as(deployment.toString()).isEmpty();
    }

    @Test
    void theRegistryHoldsTheOptionsOfEveryJar() {
        FlinkOptions options = FlinkOptions.load();
        assertThat(options.size()).isGreaterThan(500);
        assertThat(options.isCurrent("taskmanager.numberOfTaskSlots")).isTrue();              // flink-core
        assertThat(options.isCurrent("kubernetes.rest-service.exposed.type")).isTrue();       // flink-kubernetes
        assertThat(options.isCurrent("high-availability.kubernetes.leader-election.lease-duration")).isTrue();
        assertThat(FlinkOptions.reporterOptions("org.apache.flink.metrics.prometheus.PrometheusReporterFactory"))
                .containsExactly("port");
    }

    @Test
    void flinkKubernetesIsOfTheBuildsFlinkMinorVersion() {
        assertThat(minor(System.getProperty("flink.kubernetes.version")))
                .isEqualTo(minor(System.getProperty("flink.version")));
    }

    static String minor(String version) {
        String[] parts = version.split("\\.");
        return parts[0] + "." + parts[1];
    }

    @Test
    void aMisspeltKeyFails() {
        assertThat(checkWith("high-availability.typ", "kubernetes"))
                .anySatisfy(p -> assertThat(p).startsWith("high-availability.typ: unknown"));
    }

    @Test
    void aMisspeltKubernetesKeyFails() {
        assertThat(checkWith("kubernetes.jobmanager.anotations", "a:b"))
                .anySatisfy(p -> assertThat(p).startsWith("kubernetes.jobmanager.anotations: unknown"));
    }

    @Test
    void aMisspeltReporterOptionFails() {
        assertThat(checkWith("metrics.reporter.prom.prot", "9249"))
                .anySatisfy(p -> assertThat(p).startsWith("metrics.reporter.prom.prot: not an option"));
        assertThat(checkWith("metrics.reporter.prom.factory.clas", "x"))
                .anySatisfy(p -> assertThat(p).startsWith("metrics.reporter.prom.factory.clas: not an option"));
    }

    @Test
    void aDeprecatedKeyFails() {
        // high-availability.type's old name
        assertThat(checkWith("high-availability", "kubernetes"))
                .anySatisfy(p -> assertThat(p).startsWith("high-availability: deprecated"));
    }

    @Test
    void aKeyOfTheOperatorFails() {
        assertThat(checkWith("kubernetes.operator.savepoint.history.max.count", "5"))
                .anySatisfy(p -> assertThat(p).contains("unknown"));
    }

    @Test
    void aValueThatDoesNotParseFails() {
        assertThat(checkWith("taskmanager.numberOfTaskSlots", "two"))
                .anySatisfy(p -> assertThat(p).startsWith("taskmanager.numberOfTaskSlots: value 'two' does not parse"));
    }

    private static List<String> checkWith(String key, String value) {
        Map<String, String> configuration = configuration(Manifests.one("pump-monitor.yaml"));
        configuration.put(key, value);
        return FlinkOptions.load().check(configuration);
    }
}
