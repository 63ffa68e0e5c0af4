package org.pumpmonitor.pumpctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Kafka (KRaft, 127.0.0.1:9092), a standalone HBase 2.6 server (its ZooKeeper on 127.0.0.1:2181) and a
 * Flink session cluster (REST and web UI on 8081, Prometheus endpoints on 9249 and 9250), every one
 * listening on loopback only, as background processes, each with its data, log and pid file under
 * one directory. Each service is a class of its own ({@link LocalKafka}, {@link LocalHBase},
 * {@link LocalFlink}) with its configuration in resource files; this class starts, watches and
 * stops them. The processes run from jars Maven resolved ({@code pumpctl-cli/runtimes/*}), because
 * nothing else can be downloaded here and flink-dist is not on Maven Central.
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
        KAFKA("kafka", new LocalKafka(), 9092, 9093),
        HBASE("hbase", new LocalHBase(), 2181, 16000, 16020),
        FLINK_JOBMANAGER("flink-jobmanager", LocalFlink.JOBMANAGER, 8081, 6123, 9249),
        FLINK_TASKMANAGER("flink-taskmanager", LocalFlink.TASKMANAGER, 9250);

        final String name;
        final LocalService process;
        final int[] ports;

        Service(String name, LocalService process, int... ports) {
            this.name = name;
            this.process = process;
            this.ports = ports;
        }
    }

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

    Path root() {
        return root;
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
        Collections.reverse(services);
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
                    .filter(p -> p.info().commandLine().map(c -> carries(c, marker(service))).orElse(false));
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
        command.addAll(service.process.command(this, home));
        ProcessBuilder builder = new ProcessBuilder(detached(command));
        builder.environment().putAll(service.process.environment(this));
        builder.directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(service).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        // With setsid the child is the java process itself (setsid execs it).
        Files.writeString(pidFile(service), Long.toString(process.pid()));
        return process.toHandle();
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
                try {
                    service.process.checkStarted(this);
                } catch (Exception e) {
                    process.destroy();
                    process.onExit().get(30, TimeUnit.SECONDS);
                    Files.deleteIfExists(pidFile(service));
                    throw e;
                }
                return;
            }
            Thread.sleep(500);
        }
        throw new PumpctlException(service.name + " did not answer within 120 s; see " + log(service));
    }

    private static boolean ready(Service service) {
        try {
            return service.process.ready();
        } catch (Exception e) {
            return false;
        }
    }

    /** A runtime's classpath, as Maven resolved it. */
    String classpath(String runtime) throws IOException {
        Path file = root.resolve("pumpctl-cli/runtimes/" + runtime + "/target/classpath.txt");
        if (!Files.exists(file)) {
            throw new PumpctlException("the " + runtime + " runtime is not built: run 'mvn -B package -DskipTests' in "
                    + root);
        }
        return Files.readString(file).strip();
    }

    /** A configuration file of the local stack ({@code local/NAME}) with {@code ${key}} replaced by its value. */
    static String resource(String name, Map<String, String> values) {
        try (InputStream in = LocalCluster.class.getResourceAsStream("local/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no resource local/" + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace("${" + value.getKey() + "}", value.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code local/*.options} file: one JVM option per line, # for comments. */
    static List<String> jvmOptions(String name) {
        return resource(name, Map.of()).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    static String javaExecutable() {
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

    /** Whether the command line carries the marker as an argument of its own; arguments are separated by spaces. */
    static boolean carries(String commandLine, String marker) {
        return (" " + commandLine + " ").contains(" " + marker + " ");
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
