package org.pumpmonitor.pumpctl.local;

import org.pumpmonitor.pumpctl.console.PumpctlException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.pumpmonitor.pumpctl.local.LocalAddresses.FLINK_URL;
import static org.pumpmonitor.pumpctl.local.LocalAddresses.KAFKA_BOOTSTRAP;
import static org.pumpmonitor.pumpctl.local.LocalAddresses.ZOOKEEPER;

/**
 * Kafka (KRaft, 127.0.0.1:9092), a standalone HBase 2.6 server (its ZooKeeper on 127.0.0.1:2181) and a
 * Flink session cluster of one JobManager and one or more TaskManagers (REST and web UI on 8081,
 * Prometheus endpoints on 9249 and 9250, 9251, ...), every one
 * listening on loopback only ({@link LocalAddresses}), as background processes, each with its data,
 * log and pid file under one directory. Each service is a class of its own ({@link LocalKafka},
 * {@link LocalHBase}, {@link LocalFlink}) with its configuration in resource files; this class
 * starts, watches and stops them. The processes run from jars Maven resolved
 * ({@code pumpctl-cli/runtimes/*}), because nothing else can be downloaded here and flink-dist is not
 * on Maven Central.
 */
public final class LocalCluster {

    private final StackFiles files;
    private final ServiceProcesses processes;
    private final PrintStream out;

    /**
     * @param root the project's root (for the runtimes' classpaths and flink-conf/)
     * @param dir where data, logs and pid files go
     */
    public LocalCluster(Path root, Path dir, PrintStream out) {
        this.files = new StackFiles(root, dir);
        this.processes = new ServiceProcesses(files);
        this.out = out;
    }

    /** The stack in {@code dir} for a caller that only watches or drives it: its own messages go nowhere. */
    public static LocalCluster silent(Path root, Path dir) {
        return new LocalCluster(root, dir, new PrintStream(OutputStream.nullOutputStream()));
    }

    public Path dir() {
        return files.dir();
    }

    /** Starts what is not running, with as many TaskManagers as the stack had (1 for a new one). */
    public void up() throws Exception {
        up(taskManagers());
    }

    /**
     * Starts what is not running, with this many TaskManagers from now on: more start, and those
     * beyond the number stop (a job running on them restarts from its last checkpoint elsewhere).
     */
    public void up(int taskManagers) throws Exception {
        Service.taskManager(taskManagers);
        for (int n = Service.MAX_TASKMANAGERS; n > taskManagers; n--) {
            Service extra = Service.taskManager(n);
            if (pid(extra).isPresent()) {
                stop(extra, false);
            }
        }
        Files.createDirectories(files.dir());
        Files.writeString(taskManagersFile(), taskManagers + "\n");
        List<Service> toStart = new ArrayList<>();
        for (Service service : services()) {
            if (pid(service).isPresent()) {
                out.printf("%-20s already running (pid %d)%n", service.name, pid(service).get().pid());
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
            ProcessHandle process = processes.start(service);
            awaitReady(service, process);
            out.printf("%-20s ready in %4.1f s (pid %d, log %s)%n", service.name,
                    (System.nanoTime() - started) / 1e9, process.pid(), files.display(files.log(service.name)));
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
        List<Service> services = Service.of(Service.MAX_TASKMANAGERS);
        Collections.reverse(services);
        for (Service service : services) {
            if (!only.isEmpty() && !only.contains(service)) {
                continue;
            }
            stop(service, kill);
        }
    }

    private void stop(Service service, boolean kill) throws Exception {
        Optional<ProcessHandle> process = pid(service);
        if (process.isEmpty()) {
            processes.forget(service);
            return;
        }
        ProcessHandle handle = process.get();
        if (kill) {
            handle.destroyForcibly();
        } else {
            handle.destroy();
        }
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            handle.destroyForcibly();
            handle.onExit().get(10, TimeUnit.SECONDS);
        }
        processes.forget(service);
        out.printf("%-20s %s (pid %d)%n", service.name, kill ? "killed" : "stopped", handle.pid());
    }

    /** How many TaskManagers the stack runs: as its last {@code up} was told, 1 for a new stack. */
    public int taskManagers() {
        try {
            return Files.exists(taskManagersFile()) ? Integer.parseInt(Files.readString(taskManagersFile()).strip()) : 1;
        } catch (IOException | NumberFormatException e) {
            return 1;
        }
    }

    /** The services of this stack, in start order. */
    public List<Service> services() {
        return Service.of(taskManagers());
    }

    private Path taskManagersFile() {
        return files.dir().resolve("taskmanagers");
    }

    /** Prints what runs, its memory and where its log is; true if everything runs. */
    public boolean status() {
        boolean all = true;
        long totalKb = 0;
        for (Service service : services()) {
            Optional<ProcessHandle> process = pid(service);
            all &= process.isPresent();
            long kb = process.map(p -> residentKb(p.pid())).orElse(0L);
            totalKb += kb;
            out.printf("%-20s %-36s log %s%n", service.name,
                    process.map(p -> "running (pid " + p.pid() + ", " + kb / 1024 + " MB)").orElse("not running"),
                    files.display(files.log(service.name)));
        }
        if (totalKb > 0) {
            out.printf("resident memory of the stack: %d MB%n", totalKb / 1024);
        }
        return all;
    }

    /** A process's resident set size in kB, from /proc (0 where there is none). */
    public static long residentKb(long pid) {
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
        List<ProcessHandle> running = new ArrayList<>();
        for (Service service : Service.of(Service.MAX_TASKMANAGERS)) {
            pid(service).ifPresent(running::add);
        }
        return running;
    }

    /** The services this directory's stack runs now, by name, with their processes, in start order. */
    public Map<String, ProcessHandle> running() {
        Map<String, ProcessHandle> running = new LinkedHashMap<>();
        for (Service service : Service.of(Service.MAX_TASKMANAGERS)) {
            pid(service).ifPresent(p -> running.put(service.name, p));
        }
        return running;
    }

    /** The live process of a service, if this directory's stack runs it. */
    public Optional<ProcessHandle> pid(Service service) {
        return processes.find(service);
    }

    private void awaitReady(Service service, ProcessHandle process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                processes.forget(service);
                throw new PumpctlException(service.name + " exited during start-up; the end of its log:\n"
                        + tail(files.log(service.name), 15));
            }
            if (ready(service)) {
                try {
                    service.process.checkStarted();
                } catch (Exception e) {
                    process.destroy();
                    process.onExit().get(30, TimeUnit.SECONDS);
                    processes.forget(service);
                    throw e;
                }
                return;
            }
            Thread.sleep(500);
        }
        throw new PumpctlException(service.name + " did not answer within 120 s; see " + files.log(service.name));
    }

    private static boolean ready(Service service) {
        try {
            return service.process.ready();
        } catch (Exception e) {
            return false;
        }
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
