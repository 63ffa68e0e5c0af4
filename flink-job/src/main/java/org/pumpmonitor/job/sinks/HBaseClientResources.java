package org.pumpmonitor.job.sinks;

import org.apache.hadoop.hbase.ipc.AbstractRpcClient;
import org.apache.hbase.thirdparty.io.netty.util.Timer;
import org.pumpmonitor.internals.LibraryInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;

/**
 * Stops the threads the HBase client (2.2) keeps in static fields of {@link AbstractRpcClient}:
 * the {@code RpcClient-timer} and the {@code Idle-Rpc-Conn-Sweeper}. Closing a connection does not
 * stop them; only the end of the class loader that loaded the client makes them useless, and
 * they would keep it, and the client's pooled direct memory, alive. Call it when that class
 * loader is released, never while a connection of it may still be used. And sets the client's
 * Netty up so that neither its buffers nor compiled JDK code outlive the job
 * ({@link #configureNetty}).
 */
public final class HBaseClientResources {

    private static final Logger LOG = LoggerFactory.getLogger(HBaseClientResources.class);

    /** HBase's shaded Netty's property: buffers pooled per class loader, or not. */
    static final String ALLOCATOR_TYPE = "org.apache.hbase.thirdparty.io.netty.allocator.type";
    /** HBase's shaded Netty's property: whether to put its own key sets into the JDK's selectors. */
    static final String NO_KEY_SET_OPTIMIZATION = "org.apache.hbase.thirdparty.io.netty.noKeySetOptimization";
    /** HBase's shaded Netty's property: whether to record where leak-tracked objects were made. */
    static final String LEAK_DETECTION_LEVEL = "org.apache.hbase.thirdparty.io.netty.leakDetection.level";

    private HBaseClientResources() {}

    /**
     * Whether the client was loaded by a job's own class loader (the job jar on a TaskManager),
     * not by one that outlives the job (a MiniCluster in tests, a client on Flink's lib/), whose
     * other users would lose the timer for good.
     */
    public static boolean ownedByTheJob() {
        return AbstractRpcClient.class.getClassLoader() instanceof org.apache.flink.util.FlinkUserCodeClassLoader;
    }

    /**
     * Sets three properties of the HBase client's (shaded) Netty, each unless the JVM was started with
     * a choice of its own; affects only HBase's shaded Netty ({@code org.apache.hbase.thirdparty});
     * must run before the client's first connection.
     *
     * <ul>
     *   <li><b>Unpooled buffers.</b> Pooled arenas are 16 MiB chunks of direct memory per class
     *       loader, freed only when that class loader is collected; on a TaskManager that runs job
     *       after job, several sets count against Flink's direct-memory limit at once.
     *   <li><b>The JDK's own selected-key sets.</b> Netty puts a set of its own class into each of
     *       its JDK selectors (by reflection, which {@code --add-opens java.base/sun.nio.ch} in
     *       flink-conf allows). Under load the JIT compiles the JDK's
     *       {@code SelectorImpl.lockAndDoSelect} with that class's methods inlined, and every thread
     *       of the JVM that calls {@code select()} runs that compiled code: Flink's own Netty event
     *       loops and the metric reporter's HTTP server wait in it for good. Compiled code on a
     *       thread's stack keeps the classes it inlined, and with them the job's class loader and all
     *       its classes, alive after the job has ended (about 30 MB of metaspace per stopped job),
     *       until a collection happens to find none of those threads inside it. Neither a heap dump
     *       nor JFR's paths to GC roots show compiled code as a holder. With the JDK's own sets the
     *       compiled selector code inlines only JDK classes.
     *   <li><b>No leak records.</b> Netty tracks every {@code HashedWheelTimer} it makes, with a
     *       record of the stack that made it, and a stack trace keeps the class of each of its
     *       frames. The client's static RPC timer is made under the job's sink when its first
     *       connection opens; when the client comes from Flink's lib/ and outlives the job, that
     *       record kept the first job's classes for the JVM's life.
     * </ul>
     */
    public static void configureNetty() {
        System.getProperties().putIfAbsent(ALLOCATOR_TYPE, "unpooled");
        System.getProperties().putIfAbsent(NO_KEY_SET_OPTIMIZATION, "true");
        System.getProperties().putIfAbsent(LEAK_DETECTION_LEVEL, "disabled");
    }

    public static void release() {
        Object timer = staticField(LibraryInternals.RPC_CLIENT_TIMER);
        if (timer instanceof Timer t) {
            t.stop();
        }
        Object sweeper = staticField(LibraryInternals.RPC_CLIENT_IDLE_CONNECTION_SWEEPER);
        if (sweeper instanceof ExecutorService s) {
            s.shutdownNow();
        }
        LOG.info("Stopped the HBase client's RPC timer and idle-connection sweeper");
    }

    private static Object staticField(LibraryInternals member) {
        try {
            return member.getStatic(AbstractRpcClient.class);
        } catch (IllegalAccessException | IllegalStateException e) {
            LOG.warn("HBase client without {}: nothing to stop there", member.member, e);
            return null;
        }
    }
}
