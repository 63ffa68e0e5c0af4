package org.pumpmonitor.pumpctl.local;

import java.util.Arrays;

/** The services of the local stack, in start order (stopped in reverse), with the ports each binds. */
public enum Service {
    KAFKA("kafka", new LocalKafka(), 9092, 9093),
    HBASE("hbase", new LocalHBase(), 2181, 16000, 16020),
    FLINK_JOBMANAGER("flink-jobmanager", LocalFlink.JOBMANAGER, 8081, 6123, 9249),
    FLINK_TASKMANAGER("flink-taskmanager", LocalFlink.TASKMANAGER, 9250);

    /** The name {@code local status} prints and {@code local down} takes. */
    final String name;
    final LocalService process;
    final int[] ports;

    Service(String name, LocalService process, int... ports) {
        this.name = name;
        this.process = process;
        this.ports = ports;
    }

    /** A service by the name {@code status} prints. */
    public static Service named(String name) {
        for (Service service : values()) {
            if (service.name.equals(name)) {
                return service;
            }
        }
        throw new IllegalArgumentException("unknown service '" + name + "': "
                + String.join(", ", Arrays.stream(values()).map(s -> s.name).toList()));
    }
}
