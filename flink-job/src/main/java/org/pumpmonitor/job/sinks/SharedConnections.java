package org.pumpmonitor.job.sinks;

import org.apache.flink.connector.hbase.util.HBaseConfigurationUtil;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One HBase connection for all the sinks of a job on a TaskManager that have the same client
 * configuration, instead of one per sink: the job has ten HBase sinks per subtask, and each
 * connection of its own had its own ZooKeeper client, RPC event loop, region look-ups and TCP
 * connection to every region server. An HBase {@link Connection} is made to be shared by threads.
 *
 * <p>Each {@link #acquire} hands out a view of the shared connection whose {@code close()} lets
 * go of it once; the connection closes when its last view does. A connection that the client
 * closed by itself (aborted) is not handed out again: the next acquire opens a new one. The
 * connections live as long as the class that holds them, which comes from the job jar on a
 * TaskManager: every job has its own.
 */
final class SharedConnections {

    private static final Map<ByteBuffer, Shared> OPEN = new HashMap<>();

    private SharedConnections() {}

    /**
     * A view of the connection for this serialized client configuration (as the HBase connector
     * serializes it), opened if there is none yet; close the view when done with it.
     */
    static Connection acquire(byte[] serializedConfiguration) throws IOException {
        ByteBuffer key = ByteBuffer.wrap(serializedConfiguration.clone());
        Shared shared;
        synchronized (OPEN) {
            shared = OPEN.get(key);
            if (shared == null || shared.aborted()) {
                shared = new Shared(key, serializedConfiguration.clone());
                OPEN.put(key, shared);
            }
            shared.users++;
        }
        try {
            return shared.view();
        } catch (IOException | RuntimeException e) {
            shared.release();
            throw e;
        }
    }

    /** How many connections are open or opening (for tests). */
    static int open() {
        synchronized (OPEN) {
            return OPEN.size();
        }
    }

    private static final class Shared {
        final ByteBuffer key;
        final byte[] configuration;
        /** Held while the connection opens, which waits for ZooKeeper when HBase is down. */
        final ReentrantLock opening = new ReentrantLock();
        /** Guarded by OPEN. */
        int users;
        volatile Connection connection;

        Shared(ByteBuffer key, byte[] configuration) {
            this.key = key;
            this.configuration = configuration;
        }

        boolean aborted() {
            Connection c = connection;
            return c != null && c.isClosed();
        }

        /**
         * Opens the connection unless another sink did; a task cancelled meanwhile stops waiting
         * for another's open.
         */
        Connection view() throws IOException {
            try {
                opening.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while another sink opened the HBase connection");
            }
            try {
                if (connection == null) {
                    connection = ConnectionFactory.createConnection(HBaseConfigurationUtil.deserializeConfiguration(
                            configuration, HBaseConfigurationUtil.getHBaseConfiguration()));
                }
            } finally {
                opening.unlock();
            }
            return (Connection) Proxy.newProxyInstance(SharedConnections.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, new View(this));
        }

        /** One user let go: the last one closes the connection. */
        void release() throws IOException {
            synchronized (OPEN) {
                if (--users > 0) {
                    return;
                }
                OPEN.remove(key, this);
            }
            Connection c = connection;
            if (c != null) {
                c.close();
            }
        }
    }

    /** The shared connection, but closing it lets go of it, once. */
    private static final class View implements InvocationHandler {
        private final Shared shared;
        private boolean closed;

        View(Shared shared) {
            this.shared = shared;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close":
                    if (method.getParameterCount() == 0) {
                        synchronized (this) {
                            if (closed) {
                                return null;
                            }
                            closed = true;
                        }
                        shared.release();
                        return null;
                    }
                    break;
                case "isClosed":
                    synchronized (this) {
                        if (closed) {
                            return true;
                        }
                    }
                    break;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "shared " + shared.connection;
                default:
                    break;
            }
            try {
                return method.invoke(shared.connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
