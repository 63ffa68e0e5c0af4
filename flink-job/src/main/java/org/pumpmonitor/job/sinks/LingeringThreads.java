package org.pumpmonitor.job.sinks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Threads that outlive a job but still name one of its class loaders as their context class
 * loader. A thread takes its creator's context class loader; the JDK's own {@code process reaper}
 * (Java 17), started when code on a task thread runs a process (the HBase client's Hadoop code
 * does), keeps the job's loader that way for as long as it lives, and it lives as long as any
 * process of the JVM was started in the last minute. Holding Flink's wrapper of the job's loader
 * is enough to keep every class of the job: the JVM records that the wrapper initiated the
 * loading of the job's classes and keeps their loader while the wrapper lives. A TaskManager that
 * runs job after job then keeps each job's classes, tens of MB of metaspace each.
 *
 * <p>Call {@link #forget} when the job's class loader is released: the threads go on with the
 * replacement, usually Flink's own class loader.
 */
public final class LingeringThreads {

    private static final Logger LOG = LoggerFactory.getLogger(LingeringThreads.class);

    private LingeringThreads() {}

    /**
     * Gives every live thread whose context class loader is one of {@code jobLoaders} the
     * replacement instead.
     *
     * @return how many threads it changed
     */
    public static int forget(Collection<ClassLoader> jobLoaders, ClassLoader replacement) {
        List<String> changed = new ArrayList<>();
        for (Thread thread : liveThreads()) {
            ClassLoader context = thread.getContextClassLoader();
            if (context != null && jobLoaders.stream().anyMatch(l -> l == context)) {
                thread.setContextClassLoader(replacement);
                changed.add(thread.getName());
            }
        }
        if (!changed.isEmpty()) {
            LOG.info("Threads that outlive the job no longer hold its class loader as their context class loader: {}",
                    changed);
        }
        return changed.size();
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
