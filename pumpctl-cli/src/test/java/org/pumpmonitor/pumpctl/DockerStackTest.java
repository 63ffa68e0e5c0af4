package org.pumpmonitor.pumpctl;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.PumpMonitorJob;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.Yaml;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import org.pumpmonitor.pumpctl.local.LocalConfigFiles;

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
        // Flink's own image of the build's version, with the REST guard added.
        assertThat(dockerfile).containsPattern("(?m)^FROM flink:" + property("flink.version").replace(".", "\\.")
                + "-scala_2\\.12-java17 AS flink$");
        assertThat(((Map<?, ?>) services.get("jobmanager").get("build")).get("target")).isEqualTo("flink");
        for (String flink : List.of("jobmanager", "taskmanager")) {
            assertThat(services.get(flink).get("image")).isEqualTo("pump-monitor/flink:0.1.0");
        }
        assertThat(dockerfile).contains("FROM maven:3.9-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre");
    }

    /**
     * The JobManager's image carries the REST guard where Flink's ServiceLoader finds it (lib/), and
     * the guard serves the name under which setup submits the job: the cluster's own rest.address.
     * No answer invites other origins to read it.
     */
    @Test
    void theJobManagerCarriesTheRestGuardAndServesTheNameSetupUses() throws Exception {
        assertThat(dockerfile)
                .contains("cp pumpctl-cli/runtimes/rest-guard/target/rest-guard.jar flink-job/target/flink-lib/*.jar"
                        + " /out/flink/lib/")
                .contains("COPY --from=build /out/flink/lib/ /opt/flink/lib/");
        assertThat(ROOT.resolve("pumpctl-cli/runtimes/rest-guard/src/main/resources/META-INF/services/"
                + "org.apache.flink.runtime.io.network.netty.InboundChannelHandlerFactory")).exists();
        Map<String, Object> properties = new Yaml().load(((Map<?, ?>) services.get("jobmanager").get("environment"))
                .get("FLINK_PROPERTIES").toString());
        String setup = services.get("setup").get("command").toString();
        java.util.regex.Matcher flink = java.util.regex.Pattern.compile("--flink (\\S+)").matcher(setup);
        assertThat(flink.find()).isTrue();
        assertThat(URI.create(flink.group(1)).getHost()).isEqualTo(properties.get("rest.address"));
        Map<String, Object> config = new Yaml().load(Files.readString(ROOT.resolve("flink-conf/config.yaml")));
        assertThat(((Map<?, ?>) config.get("web")).get("access-control-allow-origin"))
                .isEqualTo(LocalAddresses.FLINK_URL);
        assertThat((List<String>) services.get("jobmanager").get("ports")).contains("127.0.0.1:8081:8081");
    }

    /**
     * Flink's image carries the job jar's libraries in lib/, as {@code pumpctl local up} puts them on its
     * classpath, and flink-conf has every job load the Kafka and HBase clients from there.
     */
    @Test
    void flinksLibHasTheJobsLibrariesAndJobsLoadThemFromThere() throws Exception {
        assertThat(dockerfile).contains("mvn -B -q -pl flink-job dependency:copy-dependencies@flink-lib");
        Map<String, Object> config = new Yaml().load(Files.readString(ROOT.resolve("flink-conf/config.yaml")));
        Object patterns = ((Map<?, ?>) ((Map<?, ?>) config.get("classloader")).get("parent-first-patterns"))
                .get("additional");
        assertThat((List<String>) patterns).containsExactlyInAnyOrder("org.apache.kafka.", "org.apache.hbase.thirdparty.");
    }

    @Test
    void theWebUiPortIsTheOneFlinkConfAndPumpctlUse() throws Exception {
        assertThat((List<String>) services.get("jobmanager").get("ports")).contains("127.0.0.1:8081:8081");
        assertThat(URI.create(LocalAddresses.FLINK_URL).getPort()).isEqualTo(8081);
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
        assertThat(setup).contains("pumpctl setup --kafka.bootstrap-servers kafka:9092 --hbase.zookeeper.quorum hbase:2181",
                "pumpctl submit --unless-running --flink http://jobmanager:8081",
                "--kafka.bootstrap-servers kafka:9092", "--hbase.zookeeper.quorum hbase:2181");
        // Topic and tables are the defaults of the job and of pumpctl setup.
        assertThat(setup).doesNotContain("--kafka.topic", "--hbase.table");
        assertThat(JobOptions.SENSOR_TABLE.defaultValue).isEqualTo(PumpSchema.DEFAULT_SENSOR_TABLE);
        assertThat(JobOptions.DEAD_LETTER_TABLE.defaultValue).isEqualTo(PumpSchema.DEFAULT_DEAD_LETTER_TABLE);
        assertThat(services.get("simulator").get("command").toString())
                .contains("--kafka.bootstrap-servers kafka:9092", "--kafka.topic " + JobOptions.KAFKA_TOPIC.defaultValue);
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
        assertThat(dockerfile).contains("org.apache.hadoop.hbase.master.HMaster", "pumpctl-cli/runtimes/hbase");
        // The same JVM options as the local stack's HBase (heap and HBase 2.6's Java 17 list).
        assertThat(LocalConfigFiles.jvmOptions("hbase-jvm.options")).contains("-Xmx1g", "--add-modules=jdk.unsupported")
                .allSatisfy(option -> assertThat(dockerfile).contains("\"" + option + "\""));
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

    /** HBase 2.2 reached its end of life in 2021; the stack runs a 2.6 server (the client stays 2.2.3). */
    @Test
    void hbaseIsASupportedServerReachableFromTheOtherContainers() throws Exception {
        assertThat(property("hbase.server.version")).startsWith("2.6.");
        assertThat(property("hbase.version")).as("the connector's client").isEqualTo("2.2.3");
        String runtime = Files.readString(ROOT.resolve("pumpctl-cli/runtimes/hbase/pom.xml"));
        assertThat(runtime).contains("<version>${hbase.server.version}</version>").doesNotContain("${hbase.version}");
        // HBase 2.6 binds its ZooKeeper to loopback by default; setup and the job connect to hbase:2181.
        String site = Files.readString(ROOT.resolve("docker/hbase/hbase-site.xml"));
        assertThat(site).contains("<name>hbase.zookeeper.property.clientPortAddress</name><value>0.0.0.0</value>");
    }

    /** Prometheus scrapes both Flink processes where flink-conf/ has them serve metrics. */
    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryFlinkProcessOnTheReportersPort() throws Exception {
        Map<String, Object> config = new Yaml().load(Files.readString(ROOT.resolve("flink-conf/config.yaml")));
        Map<String, Object> prom = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                config.get("metrics")).get("reporter")).get("prom");
        // The image's own reporter (plugins/metrics-prometheus); pumpctl local up swaps in the bound one.
        assertThat(((Map<?, ?>) prom.get("factory")).get("class"))
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        Object port = prom.get("port");
        Map<String, Object> scrape = new Yaml().load(Files.readString(ROOT.resolve("docker/prometheus/prometheus.yml")));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) scrape.get("scrape_configs");
        List<String> targets = (List<String>) ((List<Map<String, Object>>) jobs.get(0).get("static_configs"))
                .get(0).get("targets");
        assertThat(targets).containsExactly("jobmanager:" + port);
        // Every TaskManager container, however many --scale starts: the service name resolves to each.
        Map<String, Object> taskManagers = ((List<Map<String, Object>>) jobs.get(1).get("dns_sd_configs")).get(0);
        assertThat((List<String>) taskManagers.get("names")).containsExactly("taskmanager");
        assertThat(taskManagers.get("type")).isEqualTo("A");
        assertThat(taskManagers.get("port")).isEqualTo(port);
        assertThat((List<String>) services.get("prometheus").get("volumes"))
                .contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    /**
     * {@code docker compose up --scale taskmanager=3}: nothing of the TaskManager may be unique to one
     * container (a name, a host name, a published port), and each finds the JobManager by its name.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theTaskManagerScalesToSeveralContainers() {
        Map<String, Object> taskManager = services.get("taskmanager");
        assertThat(taskManager).doesNotContainKeys("container_name", "hostname", "ports");
        assertThat(services.values()).noneMatch(s -> s.containsKey("container_name"));
        String properties = ((Map<String, Object>) taskManager.get("environment")).get("FLINK_PROPERTIES").toString();
        assertThat(properties).contains("jobmanager.rpc.address: jobmanager").doesNotContain("taskmanager.host:");
        com.fasterxml.jackson.databind.JsonNode dashboard;
        try {
            dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(ROOT.resolve("docker/grafana/dashboards/pump-monitor.json").toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> perTaskManager = new java.util.ArrayList<>();
        dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(target -> {
            if (target.get("expr").asText().contains("by (tm_id)")) {
                perTaskManager.add(panel.get("title").asText());
            }
        }));
        assertThat(perTaskManager).as("Grafana panels with a line per TaskManager").isNotEmpty();
    }

    /** Grafana provisions the data source every panel names, and the dashboard from the mounted folder. */
    @Test
    @SuppressWarnings("unchecked")
    void grafanaProvisionsTheDashboardAndItsDataSource() throws Exception {
        Map<String, Object> sources = new Yaml().load(Files.readString(
                ROOT.resolve("docker/grafana/provisioning/datasources/prometheus.yml")));
        Map<String, Object> source = ((List<Map<String, Object>>) sources.get("datasources")).get(0);
        assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
        Map<String, Object> providers = new Yaml().load(Files.readString(
                ROOT.resolve("docker/grafana/provisioning/dashboards/pump-monitor.yml")));
        String folder = ((Map<?, ?>) ((List<Map<String, Object>>) providers.get("providers")).get(0).get("options"))
                .get("path").toString();
        assertThat((List<String>) services.get("grafana").get("volumes"))
                .contains("./grafana/provisioning:/etc/grafana/provisioning:ro", "./grafana/dashboards:" + folder + ":ro");
        com.fasterxml.jackson.databind.JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ROOT.resolve("docker/grafana/dashboards/pump-monitor.json").toFile());
        assertThat(dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(8).allSatisfy(panel -> {
            assertThat(panel.at("/datasource/uid").asText()).isEqualTo(source.get("uid"));
            assertThat(panel.get("targets")).isNotEmpty()
                    .allSatisfy(target -> assertThat(target.get("expr").asText()).contains("flink_"));
        });
        assertThat(dashboardMetrics()).contains(
                "flink_taskmanager_job_task_operator_readingsParsed", "flink_taskmanager_job_task_operator_alarmsRaised",
                "flink_taskmanager_job_task_operator_deadLetters", "flink_taskmanager_job_task_operator_lateReadings",
                "flink_taskmanager_job_task_operator_pendingRecords", "flink_jobmanager_job_lastCheckpointDuration",
                "flink_jobmanager_job_lastCheckpointSize");
    }

    /** The web dashboard reads HBase by its service name and listens on the container's interfaces. */
    @Test
    @SuppressWarnings("unchecked")
    void theWebDashboardServesFromTheToolsImage() {
        Map<String, Object> dashboard = services.get("dashboard");
        assertThat(dashboard.get("image")).isEqualTo(services.get("simulator").get("image"));
        assertThat(dashboard.get("command").toString())
                .contains("pumpctl dashboard", "--bind 0.0.0.0", "--port 8080", "--hbase.zookeeper.quorum hbase:2181");
        assertThat((List<String>) dashboard.get("ports")).containsExactly("127.0.0.1:8080:8080");
    }

    /** Every metric the Grafana dashboard queries (PumpctlIT finds each one on a running job). */
    static java.util.Set<String> dashboardMetrics() throws Exception {
        com.fasterxml.jackson.databind.JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(ROOT.resolve("docker/grafana/dashboards/pump-monitor.json").toFile());
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (com.fasterxml.jackson.databind.JsonNode panel : dashboard.get("panels")) {
            for (com.fasterxml.jackson.databind.JsonNode target : panel.get("targets")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("flink_\\w+")
                        .matcher(target.get("expr").asText());
                while (m.find()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    private static String property(String name) {
        return pom.getElementsByTagName(name).item(0).getTextContent();
    }
}
