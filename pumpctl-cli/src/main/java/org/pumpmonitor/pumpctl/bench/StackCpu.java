package org.pumpmonitor.pumpctl.bench;

import org.pumpmonitor.pumpctl.local.LocalCluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The CPU time each process of the local stack has used, from the operating system's accounting
 * of the process (user + system time, {@code /proc/PID/stat} on Linux): taken before and after a
 * measured stretch, the difference is what each process spent on it.
 */
final class StackCpu {

    private final Map<String, Duration> byService;

    private StackCpu(Map<String, Duration> byService) {
        this.byService = byService;
    }

    static StackCpu of(LocalCluster stack) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        stack.running().forEach((service, process) ->
                cpu.put(service, process.info().totalCpuDuration().orElse(Duration.ZERO)));
        return new StackCpu(cpu);
    }

    /** CPU seconds per service spent since {@code before} (services running both times). */
    Map<String, Double> secondsSince(StackCpu before) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        byService.forEach((service, now) -> {
            Duration then = before.byService.get(service);
            if (then != null) {
                seconds.put(service, now.minus(then).toNanos() / 1e9);
            }
        });
        return seconds;
    }

    /** {@code flink-taskmanager 12.3 s, hbase 8.1 s, ...} per {@code per} readings. */
    static String perReadings(Map<String, Double> seconds, long readings, long per) {
        StringJoiner joined = new StringJoiner(", ");
        seconds.forEach((service, s) -> joined.add(String.format("%s %.1f s", service, s * per / readings)));
        return joined.toString();
    }
}
