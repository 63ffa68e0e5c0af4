package org.pumpmonitor.pumpctl;

import org.pumpmonitor.job.hbase.HBaseConnections;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Kafka (KRaft, 127.0.0.1:9092), a standalone HBase 2.6 server (its ZooKeeper on 127.0.0.1:2181) and a
 * Flink session cluster (REST and web UI on 8081, Prometheus endpoints on 9249 and 9250), every one
 * listening on loopback only, as background processes, each with its data,
 * log and pid file under one directory. The processes run from jars Maven resolved
 * ({@code pumpctl-cli/runtimes/*}), because nothing else can be downloaded here and flink-dist is
 * not on Maven Central.
 */
public final class LocalCluster {

    public static final String KAFKA_BOOTSTRAP = "127.0.0.1:9092";
    public static final String ZOOKEEPER = "127.0.0.1:2181";
    public static final String FLINK_URL = "http://localhost:8081";
    /** The Prometheus endpoints of the JobManager and the TaskManager. */
    public static final String JOBMANAGER_METRICS = "http://127.0.0.1:9249/metrics";
    public static final String TASKMANAGER_METRICS = "http://127.0.0.1:9250/metrics";

    /** The processes, in start order; stopped in reverse. */
    public enum Service {
        KAFKA("kafka", 9092, 9093),
        HBASE("hbase", 2181, 16000, 16020),
        FLINK_JOBMANAGER("flink-jobmanager", 8081, 6123, 9249),
        FLINK_TASKMANAGER("flink-taskmanager", 9250);

        final String name;
        final int[] ports;

        Service(String name, int... ports) {
            this.name = name;
            this.ports = ports;
        }
    }

    /** What HBase 2.6's bin/hbase adds on Java 17. */
    private static final List<String> HBASE_JAVA_17_OPTIONS = List.of(
            "--add-modules=jdk.unsupported",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.dns=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED");

    private final Path root;
    private final Path dir;
    private final PrintStream out;

    /**
     * @param root the project's root (for the runtimes' classpaths and flink-conf/)
     * @param dir where data, logs and pid files go
     */
    public LocalCluster(Path root, Path dir, PrintStream out) {
        this.root = root.toAbsolutePath().normalize();
        this.dir = dir.toAbsolutePath().normalize();
        this.out = out;
    }

    public Path dir() {
        return dir;
    }

    public void up() throws Exception {
        List<Service> toStart = new ArrayList<>();
        for (Service service : Service.values()) {
            if (pid(service).isPresent()) {
                out.printf("%-18s already running (pid %d)%n", service.name, pid(service).get().pid());
            } else {
                toStart.add(service);
            }
        }
        for (Service service : toStart) {
            for (int port : service.ports) {
                if (!portFree(port)) {
                    throw new PumpctlException("port " + port + " (" + service.name + ") is in use by another "
                            + "process; stop it, or stop the other pump-monitor stack with its own 'local down'");
                }
            }
        }
        for (Service service : toStart) {
            long started = System.nanoTime();
            ProcessHandle process = start(service);
            awaitReady(service, process);
            out.printf("%-18s ready in %4.1f s (pid %d, log %s)%n", service.name,
                    (System.nanoTime() - started) / 1e9, process.pid(), display(log(service)));
        }
        out.println("Kafka " + KAFKA_BOOTSTRAP + ", HBase ZooKeeper " + ZOOKEEPER + ", Flink web UI " + FLINK_URL);
    }

    public void down() throws Exception {
        down(List.of(), false);
    }

    /**
     * Stops some services (all when none is named), the last started first. With {@code kill} a
     * service gets SIGKILL, as in a crash: no shutdown hook runs. {@link #up()} starts them again.
     */
    public void down(List<Service> only, boolean kill) throws Exception {
        List<Service> services = new ArrayList<>(Arrays.asList(Service.values()));
        java.util.Collections.reverse(services);
        for (Service service : services) {
            if (!only.isEmpty() && !only.contains(service)) {
                continue;
            }
            Optional<ProcessHandle> process = pid(service);
            if (process.isEmpty()) {
                Files.deleteIfExists(pidFile(service));
                continue;
            }
            ProcessHandle handle = process.get();
            if (kill) {
                handle.destroyForcibly();
            } else {
                handle.destroy();
            }
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                handle.destroyForcibly();
                handle.onExit().get(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(pidFile(service));
            out.printf("%-18s %s (pid %d)%n", service.name, kill ? "killed" : "stopped", handle.pid());
        }
    }

    /** A service by the name {@code status} prints. */
    public static Service service(String name) {
        for (Service service : Service.values()) {
            if (service.name.equals(name)) {
                return service;
            }
        }
        throw new IllegalArgumentException("unknown service '" + name + "': "
                + String.join(", ", Arrays.stream(Service.values()).map(s -> s.name).toList()));
    }

    public boolean status() {
        boolean all = true;
        long totalKb = 0;
        for (Service service : Service.values()) {
            Optional<ProcessHandle> process = pid(service);
            all &= process.isPresent();
            long kb = process.map(p -> residentKb(p.pid())).orElse(0L);
            totalKb += kb;
            out.printf("%-18s %-36s log %s%n", service.name,
                    process.map(p -> "running (pid " + p.pid() + ", " + kb / 1024 + " MB)").orElse("not running"),
                    display(log(service)));
        }
        if (totalKb > 0) {
            out.printf("resident memory of the stack: %d MB%n", totalKb / 1024);
        }
        if (pid(Service.FLINK_JOBMANAGER).isPresent() && pid(Service.FLINK_TASKMANAGER).isPresent()) {
            try {
                PipelineFigures.print(PrometheusScrape.of(JOBMANAGER_METRICS), PrometheusScrape.of(TASKMANAGER_METRICS),
                        out);
            } catch (IOException e) {
                out.println("no figures: the Prometheus endpoints " + JOBMANAGER_METRICS + " and " + TASKMANAGER_METRICS
                        + " do not answer (" + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return all;
    }

    /** A process's resident set size in kB, from /proc (0 where there is none). */
    static long residentKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The processes this directory's stack runs now. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> processes = new ArrayList<>();
        for (Service service : Service.values()) {
            pid(service).ifPresent(processes::add);
        }
        return processes;
    }

    /** The live process of a pid file, if it is still the one this directory started. */
    Optional<ProcessHandle> pid(Service service) {
        Path file = pidFile(service);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(file).strip());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    // A pid file outlives a reboot or a crash, and its pid may be another process's by
                    // now: only a process whose command line carries this stack's marker is ours.
                    .filter(p -> p.info().commandLine().map(c -> c.contains(marker(service))).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private ProcessHandle start(Service service) throws Exception {
        Path home = dir.resolve(service.name);
        Files.createDirectories(home);
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add(marker(service));
        switch (service) {
            case KAFKA -> command.addAll(kafkaCommand(home));
            case HBASE -> command.addAll(hbaseCommand(home));
            case FLINK_JOBMANAGER -> command.addAll(flinkCommand(home, "GET_JM_RESOURCE_PARAMS",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", "jobmanager"));
            case FLINK_TASKMANAGER -> command.addAll(flinkCommand(home, "GET_TM_RESOURCE_PARAMS",
                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "taskmanager"));
        }
        ProcessBuilder builder = new ProcessBuilder(detached(command));
        if (service == Service.FLINK_JOBMANAGER || service == Service.FLINK_TASKMANAGER) {
            builder.environment().put("FLINK_PLUGINS_DIR", flinkPlugins().toString());
        }
        builder
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(service).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        // With setsid the child is the java process itself (setsid execs it).
        Files.writeString(pidFile(service), Long.toString(process.pid()));
        return process.toHandle();
    }

    private List<String> kafkaCommand(Path home) throws Exception {
        String classpath = classpath("kafka");
        Path properties = home.resolve("server.properties");
        Path data = home.resolve("data");
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:9093",
                "listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
                "advertised.listeners=PLAINTEXT://127.0.0.1:9092",
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                ""));
        Path log4j = home.resolve("log4j.properties");
        Files.writeString(log4j, String.join("\n",
                "log4j.rootLogger=INFO, stdout",
                "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
                "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
                "log4j.logger.kafka=INFO",
                "log4j.logger.org.apache.kafka=INFO",
                ""));
        if (!Files.exists(data.resolve("meta.properties"))) {
            Process format = new ProcessBuilder(javaExecutable(), "-cp", classpath, "kafka.tools.StorageTool",
                    // "=" because a cluster id may start with '-'.
                    "format", "--cluster-id=" + kafkaClusterId(), "--config", properties.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(Service.KAFKA).toFile()))
                    .start();
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new PumpctlException("formatting Kafka's storage failed; see " + log(Service.KAFKA));
            }
        }
        return List.of("-Xmx256m", "-Xms256m", "-Dlog4j.configuration=file:" + log4j,
                "-cp", classpath, "kafka.Kafka", properties.toString());
    }

    /** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding. */
    private static String kafkaClusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private List<String> hbaseCommand(Path home) throws Exception {
        Path conf = home.resolve("conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("hbase-site.xml"), String.join("\n",
                "<?xml version=\"1.0\"?>",
                "<configuration>",
                property("hbase.cluster.distributed", "false"),
                property("hbase.rootdir", home.resolve("data").toUri().toString()),
                property("hbase.zookeeper.property.dataDir", home.resolve("zookeeper").toString()),
                property("hbase.zookeeper.property.clientPort", "2181"),
                // HBase 2.6's default; 2.2 bound its ZooKeeper to every interface.
                property("hbase.zookeeper.property.clientPortAddress", "127.0.0.1"),
                property("hbase.zookeeper.quorum", "127.0.0.1"),
                // A file:// root dir has no hflush; fine for a local, single-machine HBase.
                property("hbase.unsafe.stream.capability.enforce", "false"),
                property("hbase.master.info.port", "-1"),
                property("hbase.regionserver.info.port", "-1"),
                property("hbase.master.hostname", "127.0.0.1"),
                property("hbase.regionserver.hostname", "127.0.0.1"),
                "</configuration>",
                ""));
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
                "log4j.rootLogger=INFO,console",
                "log4j.appender.console=org.apache.log4j.ConsoleAppender",
                "log4j.appender.console.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.console.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{2}: %m%n",
                "log4j.logger.org.apache.zookeeper=WARN",
                "log4j.logger.org.apache.hadoop=WARN",
                "log4j.logger.org.apache.hadoop.hbase=INFO",
                ""));
        List<String> command = new ArrayList<>(List.of("-Xmx1g", "-Dhbase.log.dir=" + home.resolve("logs")));
        command.addAll(HBASE_JAVA_17_OPTIONS);
        command.addAll(List.of("-cp", conf + ":" + classpath("hbase"),
                "org.apache.hadoop.hbase.master.HMaster", "start"));
        return command;
    }

    private static String property(String name, String value) {
        return "  <property><name>" + name + "</name><value>" + value + "</value></property>";
    }

    private List<String> flinkCommand(Path home, String resourceParams, String mainClass, String role)
            throws Exception {
        Path conf = dir.resolve("flink-conf");
        Files.createDirectories(conf);
        Files.copy(root.resolve("flink-conf/config.yaml"), conf.resolve("config.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(root.resolve("flink-conf/log4j.properties"), conf.resolve("log4j.properties"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String classpath = classpath("flink");
        int metricsPort = role.equals("jobmanager") ? 9249 : 9250;
        List<String> resources = flinkResourceParams(classpath, conf, resourceParams);
        List<String> command = new ArrayList<>(Arrays.asList(resources.get(0).split(" ")));
        command.addAll(Arrays.asList(flinkJavaOptions(conf).split(" ")));
        command.add("-Dlog.file=" + dir.resolve("flink-" + role + ".log"));
        command.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"));
        command.addAll(List.of("-cp", classpath, mainClass, "--configDir", conf.toString()));
        command.addAll(Arrays.asList(resources.get(1).split(" ")));
        Path flinkData = dir.resolve("flink");
        for (String override : List.of(
                "jobmanager.rpc.address=localhost",
                "jobmanager.bind-host=localhost",
                "taskmanager.bind-host=localhost",
                "taskmanager.host=localhost",
                "rest.address=localhost",
                "rest.bind-address=localhost",
                "metrics.reporter.prom.factory.class=org.pumpmonitor.metrics.BoundPrometheusReporterFactory",
                "metrics.reporter.prom.host=127.0.0.1",
                "metrics.reporter.prom.port=" + metricsPort,
                "state.checkpoints.dir=" + flinkData.resolve("checkpoints").toUri(),
                "state.savepoints.dir=" + flinkData.resolve("savepoints").toUri(),
                "web.tmpdir=" + flinkData.resolve("web"),
                "io.tmp.dirs=" + flinkData.resolve("tmp"))) {
            command.add("-D");
            command.add(override);
        }
        Files.createDirectories(flinkData.resolve("tmp"));
        return command;
    }

    /**
     * Flink's plugins directory: the Prometheus reporter, which Flink loads in a class loader of its
     * own (as it loads the one a Flink distribution carries in plugins/metrics-prometheus).
     */
    private Path flinkPlugins() throws IOException {
        Path jar = root.resolve("pumpctl-cli/runtimes/prometheus/target/prometheus-reporter.jar");
        if (!Files.exists(jar)) {
            throw new PumpctlException("the Prometheus reporter is not built: run 'mvn -B package -DskipTests' in "
                    + root);
        }
        Path plugins = dir.resolve("flink/plugins");
        Path plugin = plugins.resolve("metrics-prometheus");
        Files.createDirectories(plugin);
        Files.copy(jar, plugin.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return plugins;
    }

    /** The JVM and -D memory options Flink computes for a JobManager or TaskManager. */
    private static List<String> flinkResourceParams(String classpath, Path conf, String which) throws Exception {
        Process process = new ProcessBuilder(javaExecutable(), "-cp", classpath,
                "org.apache.flink.runtime.util.bash.BashJavaUtils", which, "--configDir", conf.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        List<String> results = output.lines()
                .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).strip())
                .toList();
        if (results.size() < 2) {
            throw new PumpctlException("Flink could not size its memory from flink-conf/config.yaml: " + output.strip());
        }
        return results.subList(results.size() - 2, results.size());
    }

    /** env.java.opts.all from the config: Flink's --add-opens list for Java 17. */
    private static String flinkJavaOptions(Path conf) throws IOException {
        return Files.readAllLines(conf.resolve("config.yaml")).stream()
                .map(String::strip)
                .filter(l -> l.startsWith("all:"))
                .map(l -> l.substring("all:".length()).strip())
                .findFirst()
                .orElse("");
    }

    private void awaitReady(Service service, ProcessHandle process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                Files.deleteIfExists(pidFile(service));
                throw new PumpctlException(service.name + " exited during start-up; the end of its log:\n"
                        + tail(log(service), 15));
            }
            if (ready(service)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new PumpctlException(service.name + " did not answer within 120 s; see " + log(service));
    }

    private boolean ready(Service service) {
        try {
            return switch (service) {
                case KAFKA -> kafkaReady();
                case HBASE -> hbaseReady();
                case FLINK_JOBMANAGER -> flinkOverview().contains("\"flink-version\"");
                case FLINK_TASKMANAGER -> !flinkOverview().contains("\"taskmanagers\":0");
            };
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean kafkaReady() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA_BOOTSTRAP,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        }
    }

    private static boolean hbaseReady() throws Exception {
        org.apache.hadoop.conf.Configuration conf = HBaseConnections.configuration(ZOOKEEPER);
        conf.setInt("hbase.client.retries.number", 1);
        conf.setInt("zookeeper.recovery.retry", 0);
        try (Connection connection = ConnectionFactory.createConnection(conf); Admin admin = connection.getAdmin()) {
            return admin.isTableAvailable(org.apache.hadoop.hbase.TableName.META_TABLE_NAME)
                    && admin.getClusterMetrics().getLiveServerMetrics().size() > 0;
        }
    }

    private static String flinkOverview() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(FLINK_URL + "/overview")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : "";
    }

    private String classpath(String runtime) throws IOException {
        Path file = root.resolve("pumpctl-cli/runtimes/" + runtime + "/target/classpath.txt");
        if (!Files.exists(file)) {
            throw new PumpctlException("the " + runtime + " runtime is not built: run 'mvn -B package -DskipTests' in "
                    + root);
        }
        return Files.readString(file).strip();
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs the command in a session of its own, so that a Ctrl-C in the terminal does not reach it. */
    private static List<String> detached(List<String> command) {
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            List<String> detached = new ArrayList<>(List.of("/usr/bin/setsid"));
            detached.addAll(command);
            return detached;
        }
        return command;
    }

    /** A system property on the command line that says which stack and service a process is. */
    private String marker(Service service) {
        return "-Dpumpctl.service=" + service.name + "@" + dir;
    }

    private Path pidFile(Service service) {
        return dir.resolve(service.name + ".pid");
    }

    Path log(Service service) {
        return dir.resolve(service.name + ".log");
    }

    /** A path as the user would type it from the project's root. */
    private String display(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
