package org.pumpmonitor.pumpctl.local;

/**
 * Where the services of the local stack listen: fixed ports on loopback only. They are also the
 * defaults of every command's addresses, so that a command finds the stack {@code local up} runs.
 */
public final class LocalAddresses {

    public static final String KAFKA_BOOTSTRAP = "127.0.0.1:9092";
    public static final String ZOOKEEPER = "127.0.0.1:2181";
    public static final String FLINK_URL = "http://localhost:8081";
    static final int JOBMANAGER_METRICS_PORT = 9249;
    /** The Prometheus endpoints of the JobManager and of the first TaskManager. */
    public static final String JOBMANAGER_METRICS = metrics(JOBMANAGER_METRICS_PORT);
    public static final String TASKMANAGER_METRICS = taskManagerMetrics(1);

    private LocalAddresses() {
    }

    /** The Prometheus port of the n-th TaskManager (from 1): 9250, 9251, ... */
    public static int taskManagerMetricsPort(int n) {
        return JOBMANAGER_METRICS_PORT + n;
    }

    /** The Prometheus endpoint of the n-th TaskManager (from 1). */
    public static String taskManagerMetrics(int n) {
        return metrics(taskManagerMetricsPort(n));
    }

    private static String metrics(int port) {
        return "http://127.0.0.1:" + port + "/metrics";
    }
}
