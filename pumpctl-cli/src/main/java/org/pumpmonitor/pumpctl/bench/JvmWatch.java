package org.pumpmonitor.pumpctl.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.pumpmonitor.core.process.ChildProcess;
import org.pumpmonitor.pumpctl.local.LocalCluster;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The heap and metaspace of another JVM, as {@code jstat -gc PID INTERVAL} prints them: one jstat
 * process per watched JVM for as long as it lives (it reads the JVM's performance-data file, so it
 * costs the JVM nothing and works while it is frozen). The heap reported is the old generation in
 * use: what survives young collections, whose floor is the heap after GC.
 */
final class JvmWatch implements AutoCloseable {

    /** Figures in MB; NaN until jstat printed its first line. */
    record Memory(double oldGenMb, double metaspaceMb) {}

    private final long pid;
    private final Process jstat;
    private volatile Memory last = new Memory(Double.NaN, Double.NaN);

    JvmWatch(long pid, long intervalMs) throws IOException {
        this.pid = pid;
        this.jstat = new ProcessBuilder(jstat().toString(), "-gc", Long.toString(pid), Long.toString(intervalMs))
                .redirectErrorStream(true).start();
        Thread reader = new Thread(this::read, "jstat-" + pid);
        reader.setDaemon(true);
        reader.start();
    }

    long pid() {
        return pid;
    }

    boolean alive() {
        return jstat.isAlive();
    }

    Memory memory() {
        return last;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            for (String line; (line = in.readLine()) != null; ) {
                List<String> cells = Arrays.asList(line.strip().split("\\s+"));
                if (cells.contains("OU")) {
                    header = cells;
                } else if (header != null && cells.size() == header.size()) {
                    last = new Memory(kb(cells, header, "OU") / 1024, kb(cells, header, "MU") / 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // jstat ends with the JVM it watches; the figures stay at their last values until a new watch.
        }
    }

    private static double kb(List<String> cells, List<String> header, String column) {
        return Double.parseDouble(cells.get(header.indexOf(column)));
    }

    /**
     * The live objects' bytes on the heap, the metaspace in use and the resident memory (MB) once
     * full collections freed what they can; the live objects by class then, and the histogram as
     * jcmd printed it (written out as it is).
     */
    record AfterGc(double heapMb, double metaspaceMb, double residentMb, ClassHistogram classes, String histogram) {

        static final AfterGc UNKNOWN = new AfterGc(Double.NaN, Double.NaN, Double.NaN);

        AfterGc(double heapMb, double metaspaceMb, double residentMb) {
            this(heapMb, metaspaceMb, residentMb, ClassHistogram.NONE, "");
        }
    }

    /**
     * The heap and metaspace in use and the resident memory (MB) after full collections that
     * {@code jcmd} asks the JVM for: what it keeps. Two collections with finalization between them:
     * an object with a finalizer (HBase's netty timer has one) survives the first and keeps its
     * class, and so its class loader and every class of a stopped job, until the second. The JVM
     * gives the memory of unloaded classes back to the system as it frees it.
     *
     * <p>The heap is the bytes of the objects alive at the second collection, as its class histogram
     * counts them. The heap in use that jstat reads a moment later is no such figure under load:
     * it adds what the JVM allocated since (a TaskManager at 5,000 readings/s fills 100 to 400 MB of
     * eden a second) and whole regions for large arrays. jstat gives the metaspace. NaN when jcmd
     * or jstat fails.
     */
    static AfterGc afterFullGc(long pid) throws InterruptedException {
        try {
            for (String command : List.of("GC.run", "GC.run_finalization")) {
                ChildProcess.run(List.of(tool("jcmd").toString(), Long.toString(pid), command), Duration.ofSeconds(60));
            }
            String histogram = ChildProcess.run(List.of(tool("jcmd").toString(), Long.toString(pid),
                    "GC.class_histogram"), Duration.ofSeconds(60)).output();
            ClassHistogram classes = ClassHistogram.parse(histogram);
            ChildProcess.Result gc = ChildProcess.run(List.of(tool("jstat").toString(), "-gc", Long.toString(pid)),
                    Duration.ofSeconds(30));
            List<String> lines = gc.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            List<String> header = Arrays.asList(lines.get(0).split("\\s+"));
            List<String> cells = Arrays.asList(lines.get(1).split("\\s+"));
            double heapMb = classes.totalBytes() < 0 ? Double.NaN : classes.totalBytes() / (1024.0 * 1024);
            return new AfterGc(heapMb, kb(cells, header, "MU") / 1024, LocalCluster.residentKb(pid) / 1024.0, classes,
                    histogram);
        } catch (IOException | RuntimeException e) {
            return AfterGc.UNKNOWN;
        }
    }

    static Path jstat() {
        return tool("jstat");
    }

    /** A tool of the JDK this JVM runs on. */
    static Path tool(String name) {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Path beside = java.resolveSibling(name);
        if (Files.isExecutable(beside)) {
            return beside;
        }
        return Path.of(System.getProperty("java.home"), "bin", name);
    }

    @Override
    public void close() throws InterruptedException {
        jstat.destroy();
        if (!jstat.waitFor(5, TimeUnit.SECONDS)) {
            jstat.destroyForcibly();
        }
    }
}
