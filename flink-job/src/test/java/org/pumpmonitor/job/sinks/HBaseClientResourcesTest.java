package org.pumpmonitor.job.sinks;

import org.apache.hbase.thirdparty.io.netty.channel.EventLoop;
import org.apache.hbase.thirdparty.io.netty.channel.nio.NioEventLoop;
import org.apache.hbase.thirdparty.io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.nio.channels.Selector;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.job.sinks.HBaseClientResources.ALLOCATOR_TYPE;
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
    void unpooledBuffersAndTheJdksOwnKeySetsUnlessTheJvmSaysOtherwise() {
        System.clearProperty(ALLOCATOR_TYPE);
        System.setProperty(NO_KEY_SET_OPTIMIZATION, "false");

        HBaseClientResources.configureNetty();

        assertThat(System.getProperty(ALLOCATOR_TYPE)).isEqualTo("unpooled");
        assertThat(System.getProperty(NO_KEY_SET_OPTIMIZATION)).as("an operator's -D wins").isEqualTo("false");

        System.clearProperty(NO_KEY_SET_OPTIMIZATION);
        HBaseClientResources.configureNetty();
        assertThat(System.getProperty(NO_KEY_SET_OPTIMIZATION)).isEqualTo("true");
    }

    /**
     * The effect that matters: the event loops of the client leave a JDK selector with the JDK's
     * own set of selected keys, so no compiled JDK selector code inlines a class of the job.
     */
    @Test
    void theClientsEventLoopsLeaveTheJdkSelectorsAlone() throws Exception {
        HBaseClientResources.configureNetty();
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try {
            EventLoop loop = group.next();
            Selector selector = (Selector) field(NioEventLoop.class, "unwrappedSelector").get(loop);
            Field selectedKeys = field(selector.getClass(), "selectedKeys");
            assertThat(selectedKeys.get(selector).getClass().getName())
                    .as("the selected-key set of the selector a client event loop uses")
                    .startsWith("java.");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
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
