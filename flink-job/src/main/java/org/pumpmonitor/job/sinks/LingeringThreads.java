package org.pumpmonitor.job.sinks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Threads that outlive a job but still hold one of its class loaders. A thread takes its creator's
 * context class loader; the JDK's own {@code process reaper}
 * (Java 17), started when code on a task thread runs a process (the HBase client's Hadoop code
 * does), keeps the job's loader that way for as long as it lives, and it lives as long as any
 * process of the JVM was started in the last minute. Holding Flink's wrapper of the job's loader
 * is enough to keep every class of the job: the JVM records that the wrapper initiated the
 * loading of the job's classes and keeps their loader while the wrapper lives. A TaskManager that
 * runs job after job then keeps each job's classes, tens of MB of metaspace each.
 *
 * <p>On Java 17 a thread also takes its creator's access-control context: the protection domains
 * of the code on the creator's stack, each of which names its class loader. When the HBase client
 * comes from Flink's lib/, its static timer and idle-connection sweeper start their threads on the
 * first job's task thread, under the job's sink: those threads kept that job's classes for the
 * TaskManager's life through their access-control context alone. No security manager runs in Flink,
 * so the context is never consulted; it is dropped, as the JDK drops it when a thread ends.
 *
 * <p>Call {@link #forget} when the job's class loader is released: the threads go on with the
 * replacement, usually Flink's own class loader, and without an inherited access-control context.
 */
public final class LingeringThreads {

    private static final Logger LOG = LoggerFactory.getLogger(LingeringThreads.class);

    private LingeringThreads() {}

    /**
     * Gives every live thread whose context class loader is one of {@code jobLoaders} the
     * replacement instead, and drops its inherited access-control context (Java 17; later JDKs have
     * none).
     *
     * @return how many threads it changed
     */
    public static int forget(Collection<ClassLoader> jobLoaders, ClassLoader replacement) {
        List<String> changed = new ArrayList<>();
        for (Thread thread : liveThreads()) {
            ClassLoader context = thread.getContextClassLoader();
            if (context != null && jobLoaders.stream().anyMatch(l -> l == context)) {
                thread.setContextClassLoader(replacement);
                dropInheritedAccessControlContext(thread);
                changed.add(thread.getName());
            }
        }
        if (!changed.isEmpty()) {
            LOG.info("Threads that outlive the job no longer hold its class loader as their context class loader: {}",
                    changed);
        }
        return changed.size();
    }

    /** {@code Thread.inheritedAccessControlContext}, where the JDK has it and lets it be set. */
    private static final Field INHERITED_ACCESS_CONTROL_CONTEXT = inheritedAccessControlContext();

    private static Field inheritedAccessControlContext() {
        try {
            Field field = Thread.class.getDeclaredField("inheritedAccessControlContext");
            field.setAccessible(true); // --add-opens java.base/java.lang, in Flink's own JVM options for Java 17
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            LOG.debug("Threads' inherited access-control contexts are left as they are: {}", e.toString());
            return null;
        }
    }

    private static void dropInheritedAccessControlContext(Thread thread) {
        if (INHERITED_ACCESS_CONTROL_CONTEXT == null) {
            return;
        }
        try {
            INHERITED_ACCESS_CONTROL_CONTEXT.set(thread, null);
        } catch (IllegalAccessException e) {
            LOG.debug("Could not drop the inherited access-control context of {}", thread.getName(), e);
        }
    }

    private static Collection<Thread> liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count;
        while ((count = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return Arrays.asList(threads).subList(0, count);
    }
}
