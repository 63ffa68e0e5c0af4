package org.pumpmonitor.job.sinks;

import org.pumpmonitor.core.hbase.HBaseClientConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.hbase.sink.HBaseMutationConverter;
import org.apache.flink.connector.hbase.sink.HBaseSinkFunction;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.apache.flink.util.FlinkUserCodeClassLoader;

import org.pumpmonitor.internals.LibraryInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The connector's {@link HBaseSinkFunction}, safe at checkpoints and cancellations: a checkpoint
 * never completes over a write that failed, a cancellation never waits for HBase, and the HBase
 * client's static threads go with the job.
 *
 * <p><b>A failed write never hides behind a checkpoint</b> (FLINK-29971, still in connector
 * 4.0.0). When the sink's periodic background flush fails, the connector records the error and
 * resets its count of pending writes; the next checkpoint then finds nothing to flush and
 * completes, with Kafka offsets past writes that never reached HBase. Here a checkpoint first
 * lets the connector flush as usual, then fails if any write failed since the sink opened: the
 * job restarts from the last completed checkpoint and the records are written again.
 *
 * <p><b>The HBase client's static resources go with the job.</b> The client keeps a timer and an
 * idle-connection sweeper in static fields, which no connection closes; they keep running after
 * the job ends, and keep the job's class loader and the client's pooled direct memory alive. On a
 * TaskManager that runs job after job, that memory adds up until a new job's HBase I/O thread
 * waits for direct memory forever and its sinks hang in {@code open()}. When Flink releases the
 * job's class loader, {@link HBaseClientResources#release} stops them, and threads started on the
 * job's behalf that outlive it let go of its class loader ({@link LingeringThreads}). When the client
 * comes from Flink's lib/ (flink-conf's parent-first patterns), its static threads serve every job
 * and stay; they only let go of the job that started them. Each
 * connection also gets an event-loop group of its own, closed with it (see
 * {@link HBaseClientConfig}), and the client's Netty allocates unpooled buffers, freed when
 * released rather than when a job's class loader is collected, and leaves the JDK's selectors
 * their own key sets, so that compiled JDK code that other threads keep running does not hold the
 * job's classes ({@link HBaseClientResources#configureNetty}).
 *
 * <p><b>Flushes in the task's own thread; nothing flushed on cancellation.</b> The connector
 * flushes on a timer thread of its own while holding the lock that every write needs: during an
 * HBase outage that thread retries for the whole operation timeout, again and again, and the task
 * thread waits on the lock, deaf to Flink's interrupts. A cancellation then outlasted Flink's
 * 180 s task-cancellation timeout and took the TaskManager down. Here the periodic flush is a
 * processing-time timer of the task (the connector's own timer is off), so a flush and a write
 * never wait for each other and an interrupt reaches the flush. The sink flushes when a checkpoint
 * is taken and when its input ends ({@link #finish}); when it is closed without either (a
 * cancellation, a failure), what it still buffers came after the last checkpoint and will be
 * replayed from it, so it is dropped rather than written to an HBase that may not answer.
 *
 * <p><b>A connection per sink, as the connector opens it.</b> One connection shared by all the
 * sinks of a TaskManager was tried and taken back: the HBase client (2.2.3) looks regions up in
 * {@code hbase:meta} under a connection-wide lock it waits for without heeding interrupts, so
 * during an HBase outage sinks of different tasks queued on it, and one cancellation took 95 s
 * (about 13 s with a connection per sink).
 *
 * <p><b>How long HBase keeps it waiting</b> is in two metrics of the sink's operator:
 * {@value #PERIODIC_FLUSH_MICROS}, a histogram of its last {@value #FLUSH_SAMPLES} periodic
 * flushes' durations, and {@value #NEXT_FLUSH_DELAY_MILLIS}, the wait before the next one, which
 * grows above the flush interval while HBase is slow ({@link #nextFlushDelayMillis}).
 */
public class CheckpointSafeHBaseSink<T> extends HBaseSinkFunction<T> {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointSafeHBaseSink.class);
    private static final String RELEASE_HOOK = CheckpointSafeHBaseSink.class.getName() + ".release-hbase-client";
    private static final String THREADS_HOOK = CheckpointSafeHBaseSink.class.getName() + ".lingering-threads";

    /** The connector's record of a failed background write (flushes run often: looked up once). */
    private static final Field FAILURE;

    static {
        HBaseClientResources.configureNetty();
        FAILURE = LibraryInternals.HBASE_SINK_FAILURE.field(HBaseSinkFunction.class);
    }

    /** A periodic flush that took d waits at least this many times d before the next. */
    static final int FLUSH_BACKOFF = 9;
    /** The longest a periodic flush waits, in intervals. */
    static final int FLUSH_BACKOFF_LIMIT = 10;
    /** Metric: the durations of the periodic flushes, in microseconds. */
    public static final String PERIODIC_FLUSH_MICROS = "hbasePeriodicFlushMicros";
    /** Metric: the time from the last periodic flush to the next, in milliseconds. */
    public static final String NEXT_FLUSH_DELAY_MILLIS = "hbaseNextFlushDelayMillis";
    /** The periodic flushes the histogram keeps. */
    static final int FLUSH_SAMPLES = 1000;

    private final String table;
    private final long flushIntervalMillis;
    private transient ProcessingTimeService timers;
    private transient volatile boolean finished;
    private transient Histogram periodicFlushMicros;
    private transient volatile long flushDelayMillis;

    public CheckpointSafeHBaseSink(
            String table,
            org.apache.hadoop.conf.Configuration conf,
            HBaseMutationConverter<T> converter,
            long bufferFlushMaxSizeInBytes,
            long bufferFlushMaxMutations,
            long bufferFlushIntervalMillis) {
        // Interval 0: the connector starts no flush thread; the task's timer flushes instead.
        super(table, conf, converter, bufferFlushMaxSizeInBytes, bufferFlushMaxMutations, 0L);
        if (bufferFlushMaxMutations < 1) {
            // The connector counts pending writes, and flushes them at a checkpoint, only then.
            throw new IllegalArgumentException("an HBase sink needs a positive number of buffered mutations, not "
                    + bufferFlushMaxMutations);
        }
        this.table = table;
        this.flushIntervalMillis = bufferFlushIntervalMillis;
    }

    /** Longest time a write waits in the buffer before the task's timer flushes it. */
    public java.time.Duration flushInterval() {
        return java.time.Duration.ofMillis(flushIntervalMillis);
    }

    @Override
    public void open(Configuration parameters) throws Exception {
        if (HBaseClientResources.ownedByTheJob()) {
            getRuntimeContext().registerUserCodeClassLoaderReleaseHookIfAbsent(
                    RELEASE_HOOK, HBaseClientResources::release);
        }
        if (CheckpointSafeHBaseSink.class.getClassLoader() instanceof FlinkUserCodeClassLoader) {
            // The job's classes come from the job jar; the client may too, or from Flink's lib/, whose
            // static threads then started on this job's task threads.
            List<ClassLoader> jobLoaders = List.of(getRuntimeContext().getUserCodeClassLoader(),
                    CheckpointSafeHBaseSink.class.getClassLoader());
            getRuntimeContext().registerUserCodeClassLoaderReleaseHookIfAbsent(THREADS_HOOK,
                    () -> LingeringThreads.forget(jobLoaders, ClassLoader.getSystemClassLoader()));
        }
        super.open(parameters);
        finished = false;
        if (flushIntervalMillis > 0) {
            MetricGroup metrics = getRuntimeContext().getMetricGroup();
            periodicFlushMicros = metrics.histogram(PERIODIC_FLUSH_MICROS,
                    new DescriptiveStatisticsHistogram(FLUSH_SAMPLES));
            flushDelayMillis = flushIntervalMillis;
            metrics.gauge(NEXT_FLUSH_DELAY_MILLIS, () -> flushDelayMillis);
            timers = ((StreamingRuntimeContext) getRuntimeContext()).getProcessingTimeService();
            scheduleFlush();
        }
    }

    private void scheduleFlush() {
        scheduleFlush(flushIntervalMillis);
    }

    private void scheduleFlush(long delayMillis) {
        timers.registerTimer(timers.getCurrentProcessingTime() + delayMillis, time -> {
            if (!finished) {
                long started = System.nanoTime();
                flush("in a periodic flush");
                long took = System.nanoTime() - started;
                periodicFlushMicros.update(TimeUnit.NANOSECONDS.toMicros(took));
                flushDelayMillis = nextFlushDelayMillis(flushIntervalMillis, took);
                scheduleFlush(flushDelayMillis);
            }
        });
    }

    /**
     * The time until the next periodic flush: the interval, or {@value #FLUSH_BACKOFF} times as
     * long as the last flush took when that is longer, up to {@value #FLUSH_BACKOFF_LIMIT} times
     * the interval. A flush waits for HBase in the task's thread; when HBase is slow (loaded),
     * flushing a short interval's few writes again and again would keep the task waiting most of
     * the time and load HBase with many small requests: a loaded HBase gets fewer, larger writes
     * instead, and a write still waits at most {@value #FLUSH_BACKOFF_LIMIT} intervals.
     */
    static long nextFlushDelayMillis(long intervalMillis, long lastFlushNanos) {
        long backedOff = FLUSH_BACKOFF * TimeUnit.NANOSECONDS.toMillis(lastFlushNanos);
        return Math.max(intervalMillis, Math.min(backedOff, FLUSH_BACKOFF_LIMIT * intervalMillis));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        flush("before checkpoint " + context.getCheckpointId());
    }

    /** The end of the input (a bounded source, a stop with --drain): everything is written. */
    @Override
    public void finish() throws Exception {
        flush("at the end of the input");
        finished = true;
    }

    /**
     * Lets the connector flush what is pending (its checkpoint flush, which takes no context),
     * then fails if any write failed since the sink opened, in this flush or in the background.
     */
    private void flush(String when) throws Exception {
        super.snapshotState(null);
        Throwable failure = recordedFailure();
        if (failure != null) {
            throw new IOException("A write to HBase table '" + table + "' failed " + when + "; failing so that the "
                    + "job restarts from the last completed checkpoint and writes those records again", failure);
        }
    }

    /**
     * Closes as the connector does, then stops the BufferedMutator's thread pool, which HBase 2.2
     * leaves running (it takes the pool for one it was given, not its own); idle, its threads
     * would keep this job's class loader alive after the job (see also the keep-alive set in
     * {@link HBaseClientConfig}).
     */
    @Override
    public void close() throws Exception {
        ExecutorService pool = mutatorPool();
        try {
            if (!finished) {
                // Cancelled or failed: the buffered writes will be replayed from the last
                // checkpoint; the connector's close would flush them, and wait for HBase.
                LibraryInternals.HBASE_SINK_MUTATOR.set(this, null);
            }
            super.close();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private ExecutorService mutatorPool() {
        try {
            Object deduplicated = LibraryInternals.HBASE_SINK_MUTATOR.get(this);
            if (deduplicated == null) {
                return null;
            }
            Object mutator = LibraryInternals.DEDUPLICATED_MUTATOR_MUTATOR.get(deduplicated);
            if (mutator == null) {
                return null;
            }
            return (ExecutorService) LibraryInternals.BUFFERED_MUTATOR_POOL.get(mutator);
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.warn("Cannot reach the HBase BufferedMutator's pool; its threads end after their keep-alive", e);
            return null;
        }
    }

    /** The error the connector recorded from a failed flush, or null. */
    private Throwable recordedFailure() throws IllegalAccessException {
        return ((AtomicReference<?>) FAILURE.get(this)).get() instanceof Throwable t ? t : null;
    }
}
