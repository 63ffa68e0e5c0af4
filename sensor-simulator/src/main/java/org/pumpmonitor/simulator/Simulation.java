package org.pumpmonitor.simulator;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Sends records to a sink at the pacer's speed, reporting progress, until done or stopped. */
public final class Simulation {

    /** What a run did. */
    public record Summary(long sent, Map<SensorRecord.Kind, Long> byKind, long acknowledged, long failed,
                          String firstError, double seconds, LocalDateTime lastEventTime) {

        public double rate() {
            return seconds > 0 ? sent / seconds : 0;
        }

        @Override
        public String toString() {
            StringBuilder kinds = new StringBuilder();
            byKind.forEach((kind, n) -> kinds.append(kinds.length() == 0 ? "" : ", ")
                    .append(kind.name().toLowerCase().replace('_', '-')).append(' ').append(n));
            return String.format("sent %d (%s), acknowledged %d, failed %d in %.1f s (%.0f records/s)%s",
                    sent, kinds, acknowledged, failed, seconds, rate(),
                    firstError == null ? "" : "; first error: " + firstError);
        }
    }

    private final Iterator<SensorRecord> records;
    private final Pacer pacer;
    private final RecordSink sink;
    private final PrintStream progress;
    private final long progressIntervalMillis;

    private final AtomicLong sent = new AtomicLong();
    private volatile LocalDateTime clock;

    /** @param progress where progress lines go every {@code progressIntervalMillis}; null for none */
    public Simulation(Iterator<SensorRecord> records, Pacer pacer, RecordSink sink, PrintStream progress,
                      long progressIntervalMillis) {
        this.records = records;
        this.pacer = pacer;
        this.sink = sink;
        this.progress = progress;
        this.progressIntervalMillis = progressIntervalMillis;
    }

    public Summary run(AtomicBoolean stop) throws Exception {
        long start = System.nanoTime();
        Map<SensorRecord.Kind, Long> byKind = new EnumMap<>(SensorRecord.Kind.class);
        ScheduledExecutorService reporter = progress == null ? null : startReporter(start);
        try {
            while (!stop.get() && records.hasNext()) {
                SensorRecord record = records.next();
                pacer.await(record.time());
                sink.send(record);
                sent.incrementAndGet();
                byKind.merge(record.kind(), 1L, Long::sum);
                if (record.time() != null) {
                    clock = record.time();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (reporter != null) {
                reporter.shutdownNow();
            }
            sink.flush();
        }
        return new Summary(sent.get(), byKind, sink.acknowledged(), sink.failed(), sink.firstError(),
                (System.nanoTime() - start) / 1e9, clock);
    }

    private ScheduledExecutorService startReporter(long start) {
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        long[] last = {0, start};
        reporter.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            long count = sent.get();
            double rate = (count - last[0]) / ((now - last[1]) / 1e9);
            last[0] = count;
            last[1] = now;
            progress.printf("sent %d, acknowledged %d, failed %d, %.0f records/s, simulated clock %s%n",
                    count, sink.acknowledged(), sink.failed(), rate, clock == null ? "-" : clock);
        }, progressIntervalMillis, progressIntervalMillis, TimeUnit.MILLISECONDS);
        return reporter;
    }
}
