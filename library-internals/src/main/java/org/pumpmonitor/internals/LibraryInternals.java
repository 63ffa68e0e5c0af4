package org.pumpmonitor.internals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Every private member of a library that the project reads, and the library version it was
 * checked against. Each is read because the library offers no other way to do something the
 * product needs; each use says why. {@code LibraryInternalsTest} fails when a library's version
 * on the build's classpath is not the one checked here: read the library's code of that version,
 * make sure the member still means what its user expects, then update the version below.
 */
public enum LibraryInternals {

    /** The error a failed background flush recorded (FLINK-29971: a checkpoint must not hide it). */
    HBASE_SINK_FAILURE(Library.FLINK_CONNECTOR_HBASE, "org.apache.flink.connector.hbase.sink.HBaseSinkFunction",
            "failureThrowable"),
    /** The sink's buffered mutator: dropped on cancellation, and the way to its thread pool. */
    HBASE_SINK_MUTATOR(Library.FLINK_CONNECTOR_HBASE, "org.apache.flink.connector.hbase.sink.HBaseSinkFunction",
            "mutator"),
    /** The HBase BufferedMutator inside the connector's deduplicating one. */
    DEDUPLICATED_MUTATOR_MUTATOR(Library.FLINK_CONNECTOR_HBASE,
            "org.apache.flink.connector.hbase.sink.HBaseSinkFunction$DeduplicatedMutator", "mutator"),
    /** The BufferedMutator's thread pool, which HBase 2.2 leaves running when the mutator closes. */
    BUFFERED_MUTATOR_POOL(Library.HBASE_CLIENT, "org.apache.hadoop.hbase.client.BufferedMutatorImpl", "pool"),
    /** The HBase client's static RPC timer, which no connection stops. */
    RPC_CLIENT_TIMER(Library.HBASE_CLIENT, "org.apache.hadoop.hbase.ipc.AbstractRpcClient", "WHEEL_TIMER"),
    /** The HBase client's static idle-connection sweeper, which no connection stops. */
    RPC_CLIENT_IDLE_CONNECTION_SWEEPER(Library.HBASE_CLIENT, "org.apache.hadoop.hbase.ipc.AbstractRpcClient",
            "IDLE_CONN_SWEEPER"),
    /** The registry Flink's Prometheus reporter fills: served on an address of our choosing. */
    PROMETHEUS_REPORTER_REGISTRY(Library.FLINK_METRICS_PROMETHEUS,
            "org.apache.flink.metrics.prometheus.AbstractPrometheusReporter", "registry");

    /** A library and the version of it the members were checked against. */
    public enum Library {
        FLINK_CONNECTOR_HBASE("org.apache.flink", "flink-connector-hbase-base", "4.0.0-1.19"),
        HBASE_CLIENT("org.apache.hbase", "hbase-client", "2.2.3"),
        FLINK_METRICS_PROMETHEUS("org.apache.flink", "flink-metrics-prometheus", "1.20.3");

        public final String groupId;
        public final String artifactId;
        public final String checkedVersion;

        Library(String groupId, String artifactId, String checkedVersion) {
            this.groupId = groupId;
            this.artifactId = artifactId;
            this.checkedVersion = checkedVersion;
        }
    }

    public final Library library;
    public final String owner;
    public final String member;

    LibraryInternals(Library library, String owner, String member) {
        this.library = library;
        this.owner = owner;
        this.member = member;
    }

    /**
     * The field, made accessible, of {@code type}, which must be the class this member belongs to
     * (the caller passes the class it has, loaded by whichever class loader loaded it).
     *
     * @throws IllegalStateException naming the library version checked, when the field is not there
     */
    public Field field(Class<?> type) {
        if (!type.getName().equals(owner)) {
            throw new IllegalArgumentException(this + " belongs to " + owner + ", not " + type.getName());
        }
        try {
            Field field = type.getDeclaredField(member);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(owner + " has no field " + member + ": this " + library.artifactId
                    + " is not " + library.checkedVersion + ", the version " + LibraryInternals.class.getName()
                    + " was checked against", e);
        }
    }

    /** The member's value in {@code target}, an instance of the member's class. */
    public Object get(Object target) throws IllegalAccessException {
        return field(ownerOf(target.getClass())).get(target);
    }

    /** The value of a static member of {@code type}. */
    public Object getStatic(Class<?> type) throws IllegalAccessException {
        Field field = field(type);
        if (!Modifier.isStatic(field.getModifiers())) {
            throw new IllegalArgumentException(this + " is not static");
        }
        return field.get(null);
    }

    /** Sets the member in {@code target}. */
    public void set(Object target, Object value) throws IllegalAccessException {
        field(ownerOf(target.getClass())).set(target, value);
    }

    /** The class, among {@code type} and its superclasses, that declares this member. */
    private Class<?> ownerOf(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(owner)) {
                return c;
            }
        }
        throw new IllegalArgumentException(type.getName() + " is not a " + owner);
    }
}
