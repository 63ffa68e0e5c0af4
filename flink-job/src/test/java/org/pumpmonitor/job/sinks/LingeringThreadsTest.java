package org.pumpmonitor.job.sinks;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (released.get() != null && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50); // polls the collector's work, no synchronisation to wait for
            }
            assertThat(released.get()).as("the job's class loader, collected while the thread still runs").isNull();
            assertThat(lingering.isAlive()).isTrue();
        } finally {
            end.countDown();
            lingering.join(10_000);
            unrelated.join(10_000);
        }
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
