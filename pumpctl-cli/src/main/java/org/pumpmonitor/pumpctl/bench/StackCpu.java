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

    /** CPU seconds of a process: in all, and of its compiler and its garbage collector's threads. */
    record Spent(double total, double compiler, double gc) {

        Spent minus(Spent before) {
            return new Spent(total - before.total, compiler - before.compiler, gc - before.gc);
        }

        /** What is neither compiling nor collecting garbage. */
        double rest() {
            return total - compiler - gc;
        }
    }

    /** Clock ticks per second of {@code /proc}'s times (USER_HZ, 100 on every Linux kernel built today). */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Spent> byService;

    private StackCpu(Map<String, Spent> byService) {
        this.byService = byService;
    }

    static StackCpu of(LocalCluster stack) {
        Map<String, Spent> cpu = new LinkedHashMap<>();
        stack.running().forEach((service, process) -> cpu.put(service, of(process)));
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

    /** CPU spent per service since {@code before} (services running both times). */
    Map<String, Spent> spentSince(StackCpu before) {
        Map<String, Spent> spent = new LinkedHashMap<>();
        byService.forEach((service, now) -> {
            Spent then = before.byService.get(service);
            if (then != null) {
                spent.put(service, now.minus(then));
            }
        });
        return spent;
    }

    /**
     * {@code flink-taskmanager 12.3 s (JIT compiler 4.1, GC 0.3), hbase 8.1 s (...), ...} per {@code per}
     * readings.
     */
    static String perReadings(Map<String, Spent> spent, long readings, long per) {
        StringJoiner joined = new StringJoiner(", ");
        double scale = (double) per / readings;
        spent.forEach((service, s) -> joined.add(s.compiler() + s.gc() > 0
                ? String.format("%s %.1f s (JIT compiler %.1f, GC %.1f)", service, s.total() * scale,
                        s.compiler() * scale, s.gc() * scale)
                : String.format("%s %.1f s", service, s.total() * scale)));
        return joined.toString();
    }
}
