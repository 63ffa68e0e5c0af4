package org.pumpmonitor.pumpctl;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.job.JobOptions;
import org.pumpmonitor.job.PumpMonitorJob;
import org.pumpmonitor.job.hbase.PumpSchema;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.Yaml;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/ cannot be run here (no Docker engine); this checks that its files agree with the code
 * and the build: versions, ports, names, paths.
 */
class DockerStackTest {

    private static final Path ROOT = Path.of("..");

    private static Map<String, Map<String, Object>> services;
    private static String dockerfile;
    private static Document pom;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws Exception {
        try (Reader compose = Files.newBufferedReader(ROOT.resolve("docker/docker-compose.yml"))) {
            services = (Map<String, Map<String, Object>>) new Yaml().<Map<String, Object>>load(compose).get("services");
        }
        dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
        pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
    }

    @Test
    void imageTagsHaveTheVersionsOfTheBuild() {
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:" + property("kafka.version"));
        for (String flink : List.of("jobmanager", "taskmanager")) {
            assertThat((String) services.get(flink).get("image"))
                    .startsWith("flink:" + property("flink.version") + "-")
                    .endsWith("-java17");
        }
        assertThat(dockerfile).contains("FROM maven:3.9-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre");
    }

    @Test
    void theWebUiPortIsTheOneFlinkConfAndPumpctlUse() throws Exception {
        assertThat((List<String>) services.get("jobmanager").get("ports")).contains("127.0.0.1:8081:8081");
        assertThat(URI.create(LocalCluster.FLINK_URL).getPort()).isEqualTo(8081);
        Map<String, Object> config = new Yaml().load(Files.readString(ROOT.resolve("flink-conf/config.yaml")));
        assertThat(((Map<?, ?>) config.get("rest")).get("port")).isEqualTo(8081);
        for (String flink : List.of("jobmanager", "taskmanager")) {
            assertThat((List<String>) services.get(flink).get("volumes"))
                    .contains("../flink-conf:/opt/pump-monitor/flink-conf:ro", "flink-state:/flink-state");
            assertThat(services.get(flink).get("entrypoint").toString())
                    .contains("cp /opt/pump-monitor/flink-conf/* /opt/flink/conf/");
        }
    }

    @Test
    void theJobIsSubmittedAgainstTheServicesAndNamesOfTheCode() {
        String setup = services.get("setup").get("command").toString();
        assertThat(setup).contains("pumpctl setup --bootstrap-servers kafka:9092 --zookeeper hbase:2181",
                "pumpctl submit --unless-running --flink http://jobmanager:8081",
                "--kafka.bootstrap-servers kafka:9092", "--hbase.zookeeper.quorum hbase:2181");
        // Topic and tables are the defaults of the job and of pumpctl setup.
        assertThat(setup).doesNotContain("--topic", "--hbase.table", "--sensor-table", "--dead-letter-table");
        assertThat(JobOptions.SENSOR_TABLE.defaultValue).isEqualTo(PumpSchema.DEFAULT_SENSOR_TABLE);
        assertThat(JobOptions.DEAD_LETTER_TABLE.defaultValue).isEqualTo(PumpSchema.DEFAULT_DEAD_LETTER_TABLE);
        assertThat(services.get("simulator").get("command").toString())
                .contains("--bootstrap-servers kafka:9092", "--topic " + JobOptions.KAFKA_TOPIC.defaultValue);
        Map<?, ?> kafka = (Map<?, ?>) services.get("kafka").get("environment");
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS").toString()).contains("PLAINTEXT://kafka:9092");
        assertThat(kafka.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
    }

    @Test
    void theToolsImageHoldsTheJobJarWherePumpctlLooksForIt() throws Exception {
        assertThat(dockerfile)
                .contains("cp flink-job/target/flink-job.jar /out/tools/flink-job/target/")
                .contains("-Dpumpctl.root=/opt/pump-monitor")
                .contains("COPY --from=build /out/tools /opt/pump-monitor");
        Document jobPom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve("flink-job/pom.xml").toFile());
        assertThat(jobPom.getElementsByTagName("mainClass").item(0).getTextContent())
                .isEqualTo(PumpMonitorJob.class.getName());
        assertThat(jobPom.getElementsByTagName("finalName").item(0).getTextContent()).isEqualTo("flink-job");
    }

    @Test
    void hbaseRunsAsPumpctlLocalUpRunsIt() throws Exception {
        assertThat(dockerfile).contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "org.apache.hadoop.hbase.master.HMaster", "pumpctl-cli/runtimes/hbase");
        String site = Files.readString(ROOT.resolve("docker/hbase/hbase-site.xml"));
        assertThat(site).contains("<name>hbase.zookeeper.property.clientPort</name><value>2181</value>",
                "<name>hbase.regionserver.hostname</name><value>hbase</value>",
                "<name>hbase.rootdir</name><value>file:///data/hbase</value>");
        assertThat((List<String>) services.get("hbase").get("volumes")).contains("hbase-data:/data");
    }

    /** The web UI runs uploaded jars, Kafka takes any client: nothing is reachable beyond this machine. */
    @Test
    void everyPublishedPortIsBoundToLoopback() {
        services.forEach((name, service) -> {
            @SuppressWarnings("unchecked")
            List<Object> ports = (List<Object>) service.getOrDefault("ports", List.of());
            assertThat(ports).as("ports of %s", name).allSatisfy(port ->
                    assertThat(port.toString()).startsWith("127.0.0.1:"));
        });
        assertThat((List<?>) services.get("kafka").get("ports")).isNotEmpty();
    }

    /** HBase listens on hbase.regionserver.hostname, so that is where its health check must knock. */
    @Test
    void theHBaseHealthCheckProbesTheAddressHBaseBinds() throws Exception {
        Document site = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve("docker/hbase/hbase-site.xml").toFile());
        String host = null;
        var names = site.getElementsByTagName("name");
        for (int i = 0; i < names.getLength(); i++) {
            if (names.item(i).getTextContent().equals("hbase.regionserver.hostname")) {
                host = names.item(i).getNextSibling().getTextContent();
            }
        }
        assertThat(host).isEqualTo("hbase");
        String check = ((Map<?, ?>) services.get("hbase").get("healthcheck")).get("test").toString();
        assertThat(check).contains("/dev/tcp/" + host + "/16020").doesNotContain("localhost");
    }

    /** A new named volume belongs to root, and Flink runs as user flink: it must own the state volume. */
    @Test
    void flinkOwnsItsStateVolumeBeforeItStarts() {
        for (String flink : List.of("jobmanager", "taskmanager")) {
            String entrypoint = services.get(flink).get("entrypoint").toString();
            assertThat(entrypoint).contains("chown -R flink:flink /flink-state");
            assertThat(entrypoint.indexOf("chown")).isLessThan(entrypoint.indexOf("exec /docker-entrypoint.sh"));
        }
    }

    /** Topics and committed offsets survive a down and an up, as HBase's data and the savepoints do. */
    @Test
    void kafkaKeepsItsLogInItsVolume() {
        String logDirs = ((Map<?, ?>) services.get("kafka").get("environment")).get("KAFKA_LOG_DIRS").toString();
        @SuppressWarnings("unchecked")
        List<String> volumes = (List<String>) services.get("kafka").get("volumes");
        assertThat(volumes).anySatisfy(volume -> {
            assertThat(volume).startsWith("kafka-data:");
            assertThat(logDirs).startsWith(volume.substring(volume.indexOf(':') + 1));
        });
    }

    /** The image is built from every module of the build, and from nothing that was built or run. */
    @Test
    void theBuildContextHoldsEveryModuleAndNoBuildOutput() throws Exception {
        var modules = pom.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            String top = modules.item(i).getTextContent().split("/")[0];
            assertThat(dockerfile).as("module " + top).containsPattern("(?m)^COPY " + top + " " + top + "$");
        }
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
        assertThat(ignored).contains(".git", "**/target", ".local");
    }

    private static String property(String name) {
        return pom.getElementsByTagName(name).item(0).getTextContent();
    }
}
