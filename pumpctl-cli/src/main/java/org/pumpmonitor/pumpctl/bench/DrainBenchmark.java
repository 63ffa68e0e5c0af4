package org.pumpmonitor.pumpctl.bench;

import org.apache.hadoop.hbase.client.Connection;
import org.pumpmonitor.pumpctl.console.PumpctlException;
import org.pumpmonitor.pumpctl.read.Kind;
import org.pumpmonitor.pumpctl.read.StoredData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.pumpmonitor.pumpctl.bench.BenchmarkRun.perSecond;

/** How fast the job drains a topic that is full before it starts: its throughput into HBase. */
@Command(name = "drain", description = "Puts READINGS readings into a new topic, then starts the job and times "
        + "it until every reading is in HBase (first row -> all rows, and submit -> all rows).")
final class DrainBenchmark implements Callable<Integer> {
    @CommandLine.Mixin
    BenchmarkRun run;

    @Option(names = "--readings", defaultValue = "500000", description = "Readings in the topic (default: ${DEFAULT-VALUE}).")
    long readings;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait for the last row (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Parameters(paramLabel = "JOB-OPTION", description = "Options of the job, after --, e.g. -- --hbase.sink.flush-max-rows 5000")
    List<String> jobOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        run.check();
        if (readings < run.pumps || readings % run.pumps != 0) {
            throw new IllegalArgumentException("--readings must be a multiple of --pumps");
        }
        List<String> lines = SyntheticLoad.lines(run.pumps, readings, 100);
        for (int pass = 1; pass <= run.passes; pass++) {
            pass(pass, lines);
        }
        return 0;
    }

    private void pass(int pass, List<String> lines) throws Exception {
        PrintStream out = run.console.out();
        String id = BenchmarkRun.newId("drain");
        long produceStart = System.nanoTime();
        run.setUp(id, partitions, lines);
        out.printf("pass %d: %,d readings of %d pumps in topic %s (%.1f s)%n", pass, readings,
                run.pumps, id, (System.nanoTime() - produceStart) / 1e9);

        ZoneId zone = BenchmarkRun.zone(jobOptions);
        List<byte[]> first = List.of(SyntheticLoad.rowKey(0, 0, zone));
        List<byte[]> lastRows = SyntheticLoad.lastRows(run.pumps, readings / run.pumps, zone);
        try (Connection hbase = run.stack.hbase(); StackMemoryPeak memory = new StackMemoryPeak(run.localStack())) {
            StoredData stored = BenchmarkRun.stored(hbase, id);
            StackCpu cpuBefore = StackCpu.of(run.localStack());
            long submitted = System.nanoTime();
            String job = run.submit(id, jobOptions);
            long firstSeen = 0;
            StackCpu cpuAtFirst = null;
            long deadline = submitted + TimeUnit.SECONDS.toNanos(timeout);
            while (firstSeen == 0) {
                if (stored.exist(Kind.READINGS, first)[0]) {
                    firstSeen = System.nanoTime();
                    cpuAtFirst = StackCpu.of(run.localStack());
                } else {
                    run.awaitOrFail(deadline, job, "the first row", 20);
                }
            }
            long lastSeen = run.awaitRows(stored, lastRows, submitted, deadline, job, 100);
            StackCpu cpuAtLast = StackCpu.of(run.localStack());
            Map<String, StackCpu.Spent> cpu = cpuAtLast.spentSince(cpuBefore);
            Map<String, StackCpu.Spent> cpuDraining = cpuAtLast.spentSince(cpuAtFirst);
            run.flink().cancel(job, Duration.ofSeconds(60));
            long rowsStored = stored.count(Kind.READINGS);
            double firstToAll = readings / ((lastSeen - firstSeen) / 1e9);
            double launchToAll = readings / ((lastSeen - submitted) / 1e9);
            out.printf("pass %d: first row %.1f s after submit, all rows %.1f s after submit; "
                            + "%s readings/s first -> all, %s readings/s submit -> all; %,d rows stored%s; "
                            + "stack resident peak %,d MB%n",
                    pass, (firstSeen - submitted) / 1e9, (lastSeen - submitted) / 1e9, perSecond(firstToAll),
                    perSecond(launchToAll), rowsStored, rowsStored == readings ? "" : " (EXPECTED " + readings + ")",
                    memory.peakMb());
            out.printf("pass %d: CPU per 100,000 readings (each process's own accounting), first row -> all rows: %s; "
                            + "submit -> all rows, start-up included: %s%n", pass,
                    StackCpu.perReadings(cpuDraining, readings, 100_000), StackCpu.perReadings(cpu, readings, 100_000));
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("readings", readings);
            figures.put("pumps", run.pumps);
            figures.put("first_to_all_per_s", Math.round(firstToAll));
            figures.put("submit_to_all_per_s", Math.round(launchToAll));
            figures.put("rows_stored", rowsStored);
            figures.put("stack_rss_peak_mb", memory.peakMb());
            figures.putAll(cpuFigures(cpuDraining, cpu));
            figures.put("job_options", String.join(" ", jobOptions).replace(',', ';'));
            run.record("drain", pass, figures);
            if (rowsStored != readings) {
                throw new PumpctlException("stored " + rowsStored + " readings, expected " + readings);
            }
            run.remove(hbase, id);
        }
    }

    /**
     * The CPU columns of a pass: per service, its seconds first row -> all rows (of them JIT and GC)
     * and submit -> all rows; a service whose process started during the pass also gets a
     * {@code _started} column (its seconds count from that start, what the earlier process spent is
     * not in them).
     */
    static Map<String, Object> cpuFigures(Map<String, StackCpu.Spent> draining, Map<String, StackCpu.Spent> sinceSubmit) {
        Map<String, Object> figures = new LinkedHashMap<>();
        draining.forEach((service, spent) -> {
            String name = "cpu_s_draining_" + service.replace('-', '_');
            figures.put(name, tenths(spent.total()));
            figures.put(name + "_jit", tenths(spent.compiler()));
            figures.put(name + "_gc", tenths(spent.gc()));
            if (spent.started()) {
                figures.put(name + "_started", true);
            }
        });
        sinceSubmit.forEach((service, spent) -> {
            String name = "cpu_s_" + service.replace('-', '_');
            figures.put(name, tenths(spent.total()));
            if (spent.started()) {
                figures.put(name + "_started", true);
            }
        });
        return figures;
    }

    private static double tenths(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
