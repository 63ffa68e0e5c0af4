package org.pumpmonitor.job.sinks;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A thread that outlives a job no longer keeps the job's class loader once it is released. */
class LingeringThreadsTest {

    @Test
    void aThreadStartedForTheJobLetsGoOfItsClassLoader() throws Exception {
        ClassLoader flink = getClass().getClassLoader();
        URLClassLoader job = new URLClassLoader("job", new URL[0], flink);
        CountDownLatch end = new CountDownLatch(1);
        Thread lingering = idle("lingering", job, end);
        Thread unrelated = idle("unrelated", flink, end);
        WeakReference<ClassLoader> released = new WeakReference<>(job);
        try {
            assertThat(LingeringThreads.forget(List.of(job), flink)).isEqualTo(1);
            assertThat(lingering.getContextClassLoader()).isSameAs(flink);
            assertThat(unrelated.getContextClassLoader()).isSameAs(flink);

            job.close();
            job = null;
            assertCollected(released);
            assertThat(lingering.isAlive()).isTrue();
        } finally {
            end.countDown();
            lingering.join(10_000);
            unrelated.join(10_000);
        }
    }

    /**
     * A thread that code of the job started (as the HBase client's static sweeper is started under the
     * job's sink when the client comes from Flink's lib/) also holds the job's class loader through the
     * protection domains of its creator's stack (its inherited access-control context, Java 17).
     */
    @Test
    void aThreadStartedByTheJobsCodeLetsGoOfItsClassLoader() throws Exception {
        ClassLoader flink = getClass().getClassLoader();
        URL classes = Starter.class.getProtectionDomain().getCodeSource().getLocation();
        // Defines Starter itself (its parent does not have it): a class of the job, as on a TaskManager.
        URLClassLoader job = new URLClassLoader("job", new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        @SuppressWarnings("unchecked")
        ThreadPoolExecutor pool = ((Supplier<ThreadPoolExecutor>)
                job.loadClass(Starter.class.getName()).getConstructor().newInstance()).get();
        WeakReference<ClassLoader> released = new WeakReference<>(job);
        try {
            assertThat(pool.getPoolSize()).isEqualTo(1);
            assertThat(LingeringThreads.forget(List.of(job), flink)).isGreaterThanOrEqualTo(1);

            job.close();
            job = null;
            assertCollected(released);
            assertThat(pool.getPoolSize()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * Starts an idle pool thread of the JDK from its own code, with its own class loader as the context,
     * as a task thread has: the thread runs no class of the job.
     */
    public static final class Starter implements Supplier<ThreadPoolExecutor> {
        @Override
        public ThreadPoolExecutor get() {
            Thread current = Thread.currentThread();
            ClassLoader context = current.getContextClassLoader();
            current.setContextClassLoader(Starter.class.getClassLoader());
            try {
                ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
                pool.prestartCoreThread();
                return pool;
            } finally {
                current.setContextClassLoader(context);
            }
        }
    }

    private static void assertCollected(WeakReference<ClassLoader> released) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (released.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50); // polls the collector's work, no synchronisation to wait for
        }
        assertThat(released.get()).as("the job's class loader, collected while the thread still runs").isNull();
    }

    private static Thread idle(String name, ClassLoader context, CountDownLatch end) {
        Thread thread = new Thread(() -> {
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.setContextClassLoader(context);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
