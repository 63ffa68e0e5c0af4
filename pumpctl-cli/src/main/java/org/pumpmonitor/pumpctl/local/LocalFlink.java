package org.pumpmonitor.pumpctl.local;

import org.pumpmonitor.core.process.ChildProcess;
import org.pumpmonitor.pumpctl.console.PumpctlException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Flink JobManager or TaskManager of the session cluster, configured by flink-conf/ and the
 * local settings in {@code local/flink.properties}, with the Prometheus reporter as a plugin.
 */
final class LocalFlink extends LocalService {

    static final LocalFlink JOBMANAGER = new LocalFlink("jobmanager", "GET_JM_RESOURCE_PARAMS",
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
            LocalAddresses.JOBMANAGER_METRICS_PORT);

    private final String role;
    private final String resourceParams;
    private final String mainClass;
    private final int metricsPort;
    /** The resource id of the TaskManager this service started last (in this JVM), for {@link #ready}. */
    private volatile String startedAs = "";

    /**
     * A TaskManager: its resource id begins with its service name ({@code flink-taskmanager-2_...}), so
     * that the web UI, the REST API and the metrics name it as {@code local status} does.
     */
    static LocalFlink taskManager(String service, int metricsPort) {
        return new LocalFlink(service.substring("flink-".length()), "GET_TM_RESOURCE_PARAMS",
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", metricsPort);
    }

    private LocalFlink(String role, String resourceParams, String mainClass, int metricsPort) {
        this.role = role;
        this.resourceParams = resourceParams;
        this.mainClass = mainClass;
        this.metricsPort = metricsPort;
    }

    @Override
    List<String> command(StackFiles stack, Path home, Path log) throws Exception {
        Path conf = stack.dir().resolve("flink-conf");
        Files.createDirectories(conf);
        for (String file : List.of("config.yaml", "log4j.properties")) {
            Files.copy(stack.root().resolve("flink-conf").resolve(file), conf.resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        // Flink's lib/: Flink, then the job jar's libraries (Kafka and HBase clients, connectors), which
        // every job loads from here, once, by flink-conf's classloader.parent-first-patterns.
        String classpath = stack.classpath("flink") + java.io.File.pathSeparator + stack.flinkLibClasspath();
        if (this == JOBMANAGER) {
            // The REST guard (pumpctl-cli/runtimes/rest-guard): on the JobManager's classpath, Flink's REST
            // server finds it and refuses requests of pages of other origins and for foreign host names.
            classpath += java.io.File.pathSeparator + stack.builtJar(
                    "pumpctl-cli/runtimes/rest-guard/target/rest-guard.jar", "the REST guard");
        }
        List<String> resources = resourceParams(classpath, resourceParams, conf, Duration.ofSeconds(60));
        List<String> command = new ArrayList<>(Arrays.asList(resources.get(0).split(" ")));
        command.addAll(javaOptions(conf.resolve("config.yaml"), this == JOBMANAGER ? "jobmanager" : "taskmanager"));
        command.add("-Dlog.file=" + stack.dir().resolve("flink-" + role + ".log"));
        command.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"));
        command.addAll(List.of("-cp", classpath, mainClass, "--configDir", conf.toString()));
        command.addAll(Arrays.asList(resources.get(1).split(" ")));
        Path flink = stack.dir().resolve("flink");
        Path tmp = flink.resolve("tmp").resolve(role);
        // Its own temporary files only: what a killed process left there (its RPC jars, its working
        // directory with the job jars) is of no use to the new one.
        StackFiles.deleteRecursively(tmp);
        Files.createDirectories(tmp);
        String flinkUri = flink.toUri().toString();
        Map<String, String> values = Map.of("flink", flink.toString(),
                "flinkUri", flinkUri.endsWith("/") ? flinkUri : flinkUri + "/",
                "tmp", tmp.toString(),
                "metricsPort", Integer.toString(metricsPort));
        Map<String, String> settings = settings(values);
        if (this != JOBMANAGER) {
            startedAs = resourceId();
            settings.put("taskmanager.resource-id", startedAs);
        }
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            command.add("-D");
            command.add(setting.getKey() + "=" + setting.getValue());
        }
        return command;
    }

    /** local/flink.properties, in its order, with the values filled in. */
    static Map<String, String> settings(Map<String, String> values) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : LocalConfigFiles.text("flink.properties", values).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                settings.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return settings;
    }

    /**
     * Flink's plugins directory: the Prometheus reporter, which Flink loads in a class loader of its
     * own (as it loads the one a Flink distribution carries in plugins/metrics-prometheus).
     */
    @Override
    Map<String, String> environment(StackFiles stack) throws IOException {
        Path jar = stack.builtJar("pumpctl-cli/runtimes/prometheus/target/prometheus-reporter.jar",
                "the Prometheus reporter");
        Path plugins = stack.dir().resolve("flink/plugins");
        Path plugin = plugins.resolve("metrics-prometheus");
        Files.createDirectories(plugin);
        Files.copy(jar, plugin.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return Map.of("FLINK_PLUGINS_DIR", plugins.toString());
    }

    /**
     * Flink logs and skips a REST extension it cannot load, and would then serve every web page:
     * the JobManager counts as started only once it refuses a request of a foreign page.
     */
    @Override
    void checkStarted() throws Exception {
        if (this != JOBMANAGER) {
            return;
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(LocalAddresses.FLINK_URL + "/overview"))
                        .header("Origin", "http://rest-guard-check.invalid")
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 403) {
            throw new PumpctlException("the Flink REST API served a request of a foreign web page (answer "
                    + response.statusCode() + "): its REST guard is not active; see the JobManager's log for "
                    + "'channel inbound factory'");
        }
    }

    /** The JVM and -D memory options Flink computes for a JobManager or TaskManager. */
    static List<String> resourceParams(String classpath, String resourceParams, Path conf, Duration timeout)
            throws Exception {
        ChildProcess.Result sizing;
        try {
            sizing = ChildProcess.run(List.of(javaExecutable(), "-cp", classpath,
                    "org.apache.flink.runtime.util.bash.BashJavaUtils", resourceParams, "--configDir", conf.toString()),
                    timeout);
        } catch (ChildProcess.TimedOut e) {
            throw new PumpctlException("Flink's memory sizing (BashJavaUtils " + resourceParams + ") did not end within "
                    + timeout.toSeconds() + " s and was killed; its output:\n" + e.output().strip());
        }
        String output = sizing.output();
        if (sizing.exitCode() != 0) {
            throw new PumpctlException("Flink's memory sizing (BashJavaUtils " + resourceParams + ") failed with exit code "
                    + sizing.exitCode() + ":\n" + output.strip());
        }
        List<String> results = output.lines()
                .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).strip())
                .toList();
        if (results.size() < 2) {
            throw new PumpctlException("Flink could not size its memory from flink-conf/config.yaml: " + output.strip());
        }
        return results.subList(results.size() - 2, results.size());
    }

    /**
     * The JVM options Flink's start scripts give this process: {@code env.java.opts.all} and then
     * {@code env.java.opts.jobmanager} or {@code env.java.opts.taskmanager}, from config.yaml, whether
     * written nested (as flink-conf/ does) or as one dotted key.
     */
    static List<String> javaOptions(Path config, String process) throws IOException {
        Map<String, String> values = flatten(Files.readAllLines(config));
        List<String> options = new ArrayList<>();
        for (String key : List.of("env.java.opts.all", "env.java.opts." + process)) {
            for (String option : values.getOrDefault(key, "").split(" ")) {
                if (!option.isEmpty()) {
                    options.add(option);
                }
            }
        }
        return options;
    }

    /** The scalar values of a YAML block map of one value per line, by their dotted keys. */
    static Map<String, String> flatten(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        List<Map.Entry<Integer, String>> parents = new ArrayList<>();
        for (String line : lines) {
            String text = line.strip();
            int colon = text.indexOf(':');
            if (text.isEmpty() || text.startsWith("#") || colon < 0) {
                continue;
            }
            int indent = line.indexOf(text.charAt(0));
            while (!parents.isEmpty() && parents.get(parents.size() - 1).getKey() >= indent) {
                parents.remove(parents.size() - 1);
            }
            StringBuilder key = new StringBuilder();
            parents.forEach(parent -> key.append(parent.getValue()).append('.'));
            key.append(text, 0, colon);
            String value = text.substring(colon + 1).strip();
            if (value.isEmpty()) {
                parents.add(Map.entry(indent, text.substring(0, colon)));
            } else {
                values.put(key.toString(), value);
            }
        }
        return values;
    }

    /**
     * A new resource id for each start of a TaskManager: its service name and a random suffix, as
     * Flink makes its own ({@code host:port-} and six hex digits). Flink's ResourceManager watches
     * heartbeats by resource id: a TaskManager killed and started again under the same id was found
     * unreachable only after the new one had registered, and that disconnected the new one too: a
     * second restart of the job, 10-20 s more to recover.
     */
    String resourceId() {
        return String.format("flink-%s_%06x", role, ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** The JobManager once its REST API answers; a TaskManager once the JobManager lists it as registered. */
    @Override
    boolean ready() throws Exception {
        return this == JOBMANAGER ? get("/overview").contains("\"flink-version\"")
                : !startedAs.isEmpty() && get("/taskmanagers").contains("\"id\":\"" + startedAs + "\"");
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(LocalAddresses.FLINK_URL + path))
                        .timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : "";
    }
}
