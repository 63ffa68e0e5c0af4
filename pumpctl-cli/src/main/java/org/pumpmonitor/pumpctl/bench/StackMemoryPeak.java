package org.pumpmonitor.pumpctl.bench;

import org.pumpmonitor.pumpctl.local.LocalCluster;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/** Samples the local stack's resident memory (sum over its processes) every 500 ms and keeps the peak. */
final class StackMemoryPeak implements AutoCloseable {
    private final Thread thread;
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile long peakKb;

    StackMemoryPeak(LocalCluster stack) {
        thread = new Thread(() -> {
            while (!stop.get()) {
                long kb = stack.processes().stream().mapToLong(p -> LocalCluster.residentKb(p.pid())).sum();
                peakKb = Math.max(peakKb, kb);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }, "bench-memory");
        thread.setDaemon(true);
        thread.start();
    }

    long peakMb() {
        return peakKb / 1024;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join();
    }
}
