package org.pumpmonitor.job.sinks;

import org.apache.hbase.thirdparty.io.netty.channel.nio.NioEventLoop;
import org.apache.hbase.thirdparty.io.netty.channel.nio.NioEventLoopGroup;
import org.apache.hbase.thirdparty.io.netty.util.HashedWheelTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.Selector;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.job.sinks.HBaseClientResources.ALLOCATOR_TYPE;
import static org.pumpmonitor.job.sinks.HBaseClientResources.LEAK_DETECTION_LEVEL;
import static org.pumpmonitor.job.sinks.HBaseClientResources.NO_KEY_SET_OPTIMIZATION;

/** The HBase client's shaded Netty as the job configures it. */
class HBaseClientResourcesTest {

    private final Properties saved = new Properties();

    @BeforeEach
    void save() {
        saved.putAll(System.getProperties());
    }

    @AfterEach
    void restore() {
        System.setProperties(saved);
    }

    @Test
    void unpooledBuffersTheJdksOwnKeySetsAndNoLeakRecordsUnlessTheJvmSaysOtherwise() {
        System.clearProperty(ALLOCATOR_TYPE);
        System.clearProperty(LEAK_DETECTION_LEVEL);
        System.setProperty(NO_KEY_SET_OPTIMIZATION, "false");

        HBaseClientResources.configureNetty();

        assertThat(System.getProperty(ALLOCATOR_TYPE)).isEqualTo("unpooled");
        assertThat(System.getProperty(LEAK_DETECTION_LEVEL)).isEqualTo("disabled");
        assertThat(System.getProperty(NO_KEY_SET_OPTIMIZATION)).as("an operator's -D wins").isEqualTo("false");

        System.clearProperty(NO_KEY_SET_OPTIMIZATION);
        HBaseClientResources.configureNetty();
        assertThat(System.getProperty(NO_KEY_SET_OPTIMIZATION)).isEqualTo("true");
    }

    /**
     * The effect that matters: the event loops of the client leave a JDK selector with the JDK's
     * own set of selected keys, so no compiled JDK selector code inlines a class of the job. The
     * client's Netty reads the property once per class loader, as a job's does: here in a class
     * loader of its own, as other tests of this JVM may have loaded it before.
     */
    @Test
    void theClientsEventLoopsLeaveTheJdkSelectorsAlone() throws Exception {
        HBaseClientResources.configureNetty();
        try (URLClassLoader job = clientsNettyOnItsOwn()) {
            Class<?> groupClass = job.loadClass(NioEventLoopGroup.class.getName());
            assertThat(groupClass).isNotSameAs(NioEventLoopGroup.class);
            Object group = groupClass.getConstructor(int.class).newInstance(1);
            try {
                Object loop = groupClass.getMethod("next").invoke(group);
                Selector selector = (Selector) field(loop.getClass(), "unwrappedSelector").get(loop);
                Field selectedKeys = field(selector.getClass(), "selectedKeys");
                assertThat(selectedKeys.get(selector).getClass().getName())
                        .as("the selected-key set of the selector a client event loop uses")
                        .startsWith("java.");
            } finally {
                Object done = groupClass.getMethod("shutdownGracefully", long.class, long.class, TimeUnit.class)
                        .invoke(group, 0L, 1L, TimeUnit.SECONDS);
                done.getClass().getMethod("await", long.class, TimeUnit.class).invoke(done, 10L, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The client's static RPC timer keeps no record of the stack that made it (a job's sink, whose
     * classes that record would keep for as long as the timer lives when the client is on Flink's
     * lib/). Netty reads the level once per class loader: here in one of its own.
     */
    @Test
    void aTimerOfTheClientKeepsNoRecordOfWhoMadeIt() throws Exception {
        HBaseClientResources.configureNetty();
        try (URLClassLoader lib = clientsNettyOnItsOwn()) {
            Class<?> timerClass = lib.loadClass(HashedWheelTimer.class.getName());
            // As AbstractRpcClient makes it: a daemon thread, 10 ms ticks.
            Object timer = timerClass.getConstructor(java.util.concurrent.ThreadFactory.class, long.class, TimeUnit.class)
                    .newInstance((java.util.concurrent.ThreadFactory) r -> {
                        Thread t = new Thread(r, "test-timer");
                        t.setDaemon(true);
                        return t;
                    }, 10L, TimeUnit.MILLISECONDS);
            try {
                assertThat(field(timerClass, "leak").get(timer)).as("the timer's leak record").isNull();
            } finally {
                timerClass.getMethod("stop").invoke(timer);
            }
        }
    }

    /** The HBase client's shaded Netty in a class loader of its own, which reads Netty's properties afresh. */
    private static URLClassLoader clientsNettyOnItsOwn() {
        URL netty = NioEventLoop.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader("netty", new URL[] {netty}, ClassLoader.getPlatformClassLoader());
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new NoSuchFieldException(name);
    }
}
