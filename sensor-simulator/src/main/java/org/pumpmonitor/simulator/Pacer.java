package org.pumpmonitor.simulator;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.function.LongSupplier;

/**
 * Paces sending: at most {@code rate} records a second (a token bucket: steady on average, with
 * a burst of at most a tenth of a second's worth after a stall), and, with a speed-up, no faster
 * than event time divided by it. Waits shorter than a millisecond are not slept but carried, so
 * the average rate stays exact at rates where one record takes microseconds.
 */
public final class Pacer {

    /** Sleeps for a number of nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private static final long MIN_SLEEP_NANOS = 1_000_000;

    private final double rate;
    private final double speedup;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final long intervalNanos;
    private final long burstNanos;

    private long nextSlot = Long.MIN_VALUE;
    private long wallStart;
    private LocalDateTime eventStart;

    /**
     * @param rate records per second, 0 for no limit
     * @param speedup event time per wall time, 0 for no pacing by event time
     */
    public Pacer(double rate, double speedup, LongSupplier nanoTime, Sleeper sleeper) {
        if (rate < 0 || speedup < 0) {
            throw new IllegalArgumentException("rate and speed-up must not be negative");
        }
        this.rate = rate;
        this.speedup = speedup;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.intervalNanos = rate > 0 ? Math.max(1, Math.round(1e9 / rate)) : 0;
        this.burstNanos = rate > 0 ? Math.max(intervalNanos, 100_000_000L) : 0;
    }

    public static Pacer realTime(double rate, double speedup) {
        return new Pacer(rate, speedup, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Waits until the record standing at {@code eventTime} (null: none) may be sent. */
    public void await(LocalDateTime eventTime) throws InterruptedException {
        if (speedup > 0 && eventTime != null) {
            if (eventStart == null) {
                eventStart = eventTime;
                wallStart = nanoTime.getAsLong();
            }
            long eventNanos = Duration.between(eventStart, eventTime).toNanos();
            waitUntil(wallStart + Math.round(eventNanos / speedup));
        }
        if (rate > 0) {
            long now = nanoTime.getAsLong();
            if (nextSlot == Long.MIN_VALUE || nextSlot < now - burstNanos) {
                nextSlot = Math.max(nextSlot == Long.MIN_VALUE ? now : nextSlot, now - burstNanos);
            }
            waitUntil(nextSlot);
            nextSlot += intervalNanos;
        }
    }

    private void waitUntil(long deadline) throws InterruptedException {
        long wait = deadline - nanoTime.getAsLong();
        if (wait >= MIN_SLEEP_NANOS) {
            sleeper.sleepNanos(wait);
        }
    }
}
