package org.pumpmonitor.pumpctl.bench;

import org.pumpmonitor.pumpctl.local.LocalCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;

/**
 * The CPU time each process of the local stack has used, from the operating system's accounting
 * of the process (user + system time, {@code /proc/PID/stat} on Linux): taken before and after a
 * measured stretch, the difference is what each process spent on it.
 *
 * <p>On Linux it also tells the JVM's JIT compiler threads ({@code C1/C2 CompilerThread}) and its
 * garbage collector's threads apart from the rest (from {@code /proc/PID/task/TID/stat}): a JVM
 * compiles the code it runs hot in its first tens of seconds, and a job's classes again for each
 * job (each has its own class loader), so that on a short run the compiler's share says how much
 * of the CPU was warm-up rather than a cost per reading. A thread that ended between the two
 * samples is counted in the process's total only.
 */
final class StackCpu {

    /**
     * CPU seconds of a process: in all, and of its compiler and its garbage collector's threads;
     * {@code started} when the process is not the one that ran the service at the earlier sample
     * (restarted, or not running then), so that its figures count from its own start.
     */
    record Spent(double total, double compiler, double gc, boolean started) {

        Spent(double total, double compiler, double gc) {
            this(total, compiler, gc, false);
        }

        Spent minus(Spent before) {
            return new Spent(total - before.total, compiler - before.compiler, gc - before.gc);
        }

        Spent startedSince() {
            return new Spent(total, compiler, gc, true);
        }

        /** What is neither compiling nor collecting garbage. */
        double rest() {
            return total - compiler - gc;
        }
    }

    /** Clock ticks per second of {@code /proc}'s times (USER_HZ, 100 on every Linux kernel built today). */
    private static final double TICKS_PER_SECOND = 100;

    /** What a service's process had spent at a sample, and which process it was. */
    record Sample(long pid, Spent spent) { }

    private final Map<String, Sample> byService;

    StackCpu(Map<String, Sample> byService) {
        this.byService = byService;
    }

    static StackCpu of(LocalCluster stack) {
        Map<String, Sample> cpu = new LinkedHashMap<>();
        stack.running().forEach((service, process) -> cpu.put(service, new Sample(process.pid(), of(process))));
        return new StackCpu(cpu);
    }

    static Spent of(ProcessHandle process) {
        double total = process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
        double compiler = 0;
        double gc = 0;
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        if (Files.isDirectory(tasks)) {
            try (Stream<Path> threads = Files.list(tasks)) {
                for (Path thread : (Iterable<Path>) threads::iterator) {
                    ThreadTime time = ThreadTime.read(thread.resolve("stat"));
                    if (time == null) {
                        continue;
                    }
                    switch (kind(time.name())) {
                        case COMPILER -> compiler += time.seconds();
                        case GC -> gc += time.seconds();
                        default -> { }
                    }
                }
            } catch (IOException | UncheckedIOException ended) {
                // the process ended while being read: its total stands, the split is what was read
            }
        }
        return new Spent(total, compiler, gc);
    }

    enum Kind { COMPILER, GC, OTHER }

    /** A JVM thread's kind by the name HotSpot gives it (as {@code /proc} shows it: 15 characters at most). */
    static Kind kind(String threadName) {
        if (threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre")
                || threadName.startsWith("JVMCI CompilerT")) {
            return Kind.COMPILER;
        }
        if (threadName.startsWith("GC Thread#") || threadName.startsWith("G1 ") || threadName.startsWith("ParGC")
                || threadName.startsWith("ZWorker") || threadName.startsWith("Shenandoah")) {
            return Kind.GC;
        }
        return Kind.OTHER;
    }

    /** One line of {@code /proc/PID/task/TID/stat}: the thread's name and its user + system time. */
    record ThreadTime(String name, double seconds) {

        static ThreadTime read(Path stat) {
            try {
                return parse(Files.readString(stat));
            } catch (IOException ended) {
                return null;
            }
        }

        /** The name is between the first '(' and the last ')', and may hold spaces and parentheses. */
        static ThreadTime parse(String line) {
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            String[] fields = line.substring(close + 2).trim().split(" ");
            // after the name: state(3) ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15)
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return new ThreadTime(line.substring(open + 1, close), ticks / TICKS_PER_SECOND);
        }
    }

    /**
     * CPU spent per service running now since {@code before}. A service whose process is not the
     * one sampled then (restarted since, or started since) counts from its process's start, marked
     * {@link Spent#started()}: what the earlier process spent after {@code before} is gone with it.
     */
    Map<String, Spent> spentSince(StackCpu before) {
        Map<String, Spent> spent = new LinkedHashMap<>();
        byService.forEach((service, now) -> {
            Sample then = before.byService.get(service);
            spent.put(service, then != null && then.pid() == now.pid()
                    ? now.spent().minus(then.spent())
                    : now.spent().startedSince());
        });
        return spent;
    }

    /**
     * {@code flink-taskmanager 12.3 s (JIT compiler 4.1, GC 0.3), hbase 8.1 s (...), ...} per {@code per}
     * readings; a process started since the earlier sample says so after its name.
     */
    static String perReadings(Map<String, Spent> spent, long readings, long per) {
        StringJoiner joined = new StringJoiner(", ");
        double scale = (double) per / readings;
        spent.forEach((service, s) -> {
            String name = s.started() ? service + " (started since, from its start)" : service;
            joined.add(s.compiler() + s.gc() > 0
                    ? String.format("%s %.1f s (JIT compiler %.1f, GC %.1f)", name, s.total() * scale,
                            s.compiler() * scale, s.gc() * scale)
                    : String.format("%s %.1f s", name, s.total() * scale));
        });
        return joined.toString();
    }
}
