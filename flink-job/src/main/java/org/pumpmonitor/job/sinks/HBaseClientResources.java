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
 * loader is released, never while a connection of it may still be used.
 */
public final class HBaseClientResources {

    private static final Logger LOG = LoggerFactory.getLogger(HBaseClientResources.class);

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
     * Makes the HBase client's (shaded) Netty allocate unpooled buffers, unless the JVM was started
     * with a choice of its own. Pooled arenas are 16 MiB chunks of direct memory per class loader,
     * freed only when that class loader is collected; on a TaskManager that runs job after job,
     * several sets count against Flink's direct-memory limit at once. Affects only HBase's shaded
     * Netty ({@code org.apache.hbase.thirdparty}); must run before the client's first connection.
     */
    public static void useUnpooledBuffers() {
        System.getProperties().putIfAbsent("org.apache.hbase.thirdparty.io.netty.allocator.type", "unpooled");
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
