package org.pumpmonitor.pumpctl.local;

/**
 * Where the services of the local stack listen: fixed ports on loopback only. They are also the
 * defaults of every command's addresses, so that a command finds the stack {@code local up} runs.
 */
public final class LocalAddresses {

    public static final String KAFKA_BOOTSTRAP = "127.0.0.1:9092";
    public static final String ZOOKEEPER = "127.0.0.1:2181";
    public static final String FLINK_URL = "http://localhost:8081";
    /** The Prometheus endpoints of the JobManager and the TaskManager. */
    public static final String JOBMANAGER_METRICS = "http://127.0.0.1:9249/metrics";
    public static final String TASKMANAGER_METRICS = "http://127.0.0.1:9250/metrics";

    private LocalAddresses() {
    }
}
