package org.pumpmonitor.pumpctl.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A service of the local stack, with the ports it binds: Kafka, HBase, the Flink JobManager and one
 * or more Flink TaskManagers. The first TaskManager is {@code flink-taskmanager} (metrics on 9250),
 * the n-th {@code flink-taskmanager-n} (metrics on 9249 + n).
 */
public final class Service {
    public static final Service KAFKA = new Service("kafka", new LocalKafka(), 9092, 9093);
    public static final Service HBASE = new Service("hbase", new LocalHBase(), 2181, 16000, 16020);
    public static final Service FLINK_JOBMANAGER =
            new Service("flink-jobmanager", LocalFlink.JOBMANAGER, 8081, 6123, LocalAddresses.JOBMANAGER_METRICS_PORT);
    /** The first TaskManager, the only one of a stack started without {@code --taskmanagers}. */
    public static final Service FLINK_TASKMANAGER = taskManager(1);

    /** The most TaskManagers a local stack runs (their metrics ports are 9250 to 9249 + this). */
    public static final int MAX_TASKMANAGERS = 9;

    private static final String TASKMANAGER = "flink-taskmanager";

    /** The name {@code local status} prints and {@code local down} takes; also names the pid file and log. */
    final String name;
    final LocalService process;
    final int[] ports;

    private Service(String name, LocalService process, int... ports) {
        this.name = name;
        this.process = process;
        this.ports = ports;
    }

    /** The n-th TaskManager (from 1), with its own metrics port. */
    public static Service taskManager(int n) {
        if (n < 1 || n > MAX_TASKMANAGERS) {
            throw new IllegalArgumentException("TaskManager " + n + ": a local stack runs 1 to " + MAX_TASKMANAGERS);
        }
        String name = n == 1 ? TASKMANAGER : TASKMANAGER + "-" + n;
        return new Service(name, LocalFlink.taskManager(name, LocalAddresses.taskManagerMetricsPort(n)),
                LocalAddresses.taskManagerMetricsPort(n));
    }

    /** The services of a stack with this many TaskManagers, in start order (stopped in reverse). */
    public static List<Service> of(int taskManagers) {
        List<Service> services = new ArrayList<>(List.of(KAFKA, HBASE, FLINK_JOBMANAGER));
        for (int n = 1; n <= taskManagers; n++) {
            services.add(taskManager(n));
        }
        return services;
    }

    /** A service by the name {@code status} prints, among those of a stack of the most TaskManagers. */
    public static Service named(String name) {
        for (Service service : of(MAX_TASKMANAGERS)) {
            if (service.name.equals(name)) {
                return service;
            }
        }
        throw new IllegalArgumentException("unknown service '" + name + "': kafka, hbase, flink-jobmanager, "
                + "flink-taskmanager, flink-taskmanager-2 ... flink-taskmanager-" + MAX_TASKMANAGERS);
    }

    public String name() {
        return name;
    }

    public boolean isTaskManager() {
        return name.startsWith(TASKMANAGER);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Service service && service.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(ports);
    }
}
