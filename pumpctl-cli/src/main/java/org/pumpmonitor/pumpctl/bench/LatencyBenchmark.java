package org.pumpmonitor.pumpctl.bench;

import org.apache.hadoop.hbase.client.Connection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.pumpmonitor.pumpctl.console.PumpctlException;
import org.pumpmonitor.pumpctl.flink.FlinkRest;
import org.pumpmonitor.pumpctl.read.Kind;
import org.pumpmonitor.pumpctl.read.StoredData;
import org.pumpmonitor.simulator.Reading;
import org.pumpmonitor.simulator.SensorCsv;
import org.pumpmonitor.simulator.SyntheticPumps;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/** How soon an alarm is readable in HBase after its reading was sent, under a steady load. */
@Command(name = "latency", description = "Runs the job on a new topic, sends RATE readings/s for DURATION, "
        + "among them one low-pressure probe every 100 ms, and measures send -> alarm readable in HBase.")
final class LatencyBenchmark implements Callable<Integer> {
    @CommandLine.Mixin
    BenchmarkRun run;

    @Option(names = "--rate", defaultValue = "2000", description = "Readings per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "60", description = "How long to send (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warm-up", defaultValue = "10", description = "Seconds of load before the probes count (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Parameters(paramLabel = "JOB-OPTION", description = "Options of the job, after --.")
    List<String> jobOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        run.check();
        if (rate < 10 || seconds < 1) {
            throw new IllegalArgumentException("--rate must be at least 10 and --seconds at least 1");
        }
        for (int pass = 1; pass <= run.passes; pass++) {
            pass(pass);
        }
        return 0;
    }

    private void pass(int pass) throws Exception {
        String id = BenchmarkRun.newId("latency");
        run.setUp(id, 3, List.of());
        ZoneId zone = BenchmarkRun.zone(jobOptions);
        FlinkRest rest = run.flink();
        String job = run.submit(id, jobOptions);
        rest.awaitTasksRunning(job, Duration.ofSeconds(60));
        // The probe pump is the last of the simulated ones: probes replace its readings.
        int probePump = run.pumps - 1;
        Map<Long, Long> pending = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean sending = new AtomicBoolean(true);
        try (Connection hbase = run.stack.hbase(); StackMemoryPeak memory = new StackMemoryPeak(run.localStack())) {
            StoredData stored = BenchmarkRun.stored(hbase, id);
            Thread poller = new Thread(() -> poll(stored, zone, probePump, pending, latencies, sending), "bench-poll");
            poller.start();
            send(id, probePump, pending);
            long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!pending.isEmpty() && System.nanoTime() < drainDeadline) {
                Thread.sleep(50);
            }
            sending.set(false);
            poller.join();
            rest.cancel(job, Duration.ofSeconds(60));
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                throw new PumpctlException("no alarm was readable in HBase; is the job running? see its log");
            }
            long max = sorted.get(sorted.size() - 1);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("rate", rate);
            figures.put("pumps", run.pumps);
            figures.put("probes", sorted.size());
            figures.put("lost", pending.size());
            figures.put("p50_ms", percentile(sorted, 50));
            figures.put("p95_ms", percentile(sorted, 95));
            figures.put("p99_ms", percentile(sorted, 99));
            figures.put("max_ms", max);
            figures.put("stack_rss_peak_mb", memory.peakMb());
            figures.put("job_options", String.join(" ", jobOptions).replace(',', ';'));
            run.console.out().printf("pass %d: %,d readings/s, %d probes: alarm readable p50 %d ms, p95 %d ms, "
                            + "p99 %d ms, max %d ms%s; stack resident peak %,d MB%n",
                    pass, rate, sorted.size(), percentile(sorted, 50), percentile(sorted, 95),
                    percentile(sorted, 99), max,
                    pending.isEmpty() ? "" : "; " + pending.size() + " NOT READABLE after 60 s", memory.peakMb());
            run.record("latency", pass, figures);
            run.remove(hbase, id);
        }
        if (!pending.isEmpty()) {
            throw new PumpctlException(pending.size() + " alarms never became readable");
        }
    }

    /**
     * Sends RATE readings a second for the warm-up and the measured seconds; after the warm-up,
     * every 100 ms the probe pump's reading is a low-pressure probe, noted in {@code pending}
     * (its minute, when sent).
     */
    private void send(String topic, int probePump, Map<Long, Long> pending) {
        long totalMinutes = (long) (warmUp + seconds) * rate / run.pumps + 1;
        SyntheticPumps source = new SyntheticPumps(run.pumps, SyntheticLoad.START, run.pumps * totalMinutes, 42);
        long start = System.nanoTime();
        long sent = 0;
        long nextProbe = start + TimeUnit.SECONDS.toNanos(warmUp);
        long end = start + TimeUnit.SECONDS.toNanos(warmUp + seconds);
        long minute = 0;
        int pump = 0;
        try (KafkaProducer<byte[], byte[]> producer = SyntheticLoad.producer(run.stack.bootstrapServers, 0)) {
            while (System.nanoTime() < end && source.hasNext()) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                if (sent >= due) {
                    LockSupport.parkNanos(100_000);
                    continue;
                }
                Reading r = source.next();
                boolean probe = false;
                if (pump == probePump) {
                    probe = System.nanoTime() >= nextProbe;
                    r = r.withPsi(probe ? 1.0 : Math.max(r.psi(), 50));
                }
                String line = SensorCsv.format(r);
                if (probe) {
                    pending.put(minute, System.nanoTime());
                    nextProbe += TimeUnit.MILLISECONDS.toNanos(100);
                }
                SyntheticLoad.send(producer, topic, line);
                sent++;
                if (++pump == run.pumps) {
                    pump = 0;
                    minute++;
                }
            }
        }
    }

    /** Reads the pending probes' alarm cells every 5 ms and records when each appears. */
    private void poll(StoredData stored, ZoneId zone, int probePump, Map<Long, Long> pending,
                      List<Long> latencies, AtomicBoolean sending) {
        while (sending.get() || !pending.isEmpty()) {
            List<Long> minutes = new ArrayList<>(pending.keySet());
            if (!minutes.isEmpty()) {
                List<byte[]> rows = minutes.stream().map(m -> SyntheticLoad.rowKey(probePump, m, zone)).toList();
                try {
                    boolean[] present = stored.exist(Kind.ALARMS, rows);
                    long now = System.nanoTime();
                    for (int i = 0; i < present.length; i++) {
                        if (present[i]) {
                            Long sent = pending.remove(minutes.get(i));
                            latencies.add(TimeUnit.NANOSECONDS.toMillis(now - sent));
                        }
                    }
                } catch (IOException e) {
                    run.console.err().println("poll failed: " + e.getMessage());
                }
            }
            if (!sending.get() && pending.isEmpty()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
