package org.pumpmonitor.pumpctl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.hbase.client.Connection;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.pumpctl.flink.FlinkRest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** How the job's keyed state and the TaskManager's heap grow with the number of pumps. */
@Command(name = "state", description = "For each number of pumps, runs the job over MINUTES readings of every "
        + "pump and reports the state of the keyed operators (admission and daily-statistics window) from a "
        + "checkpoint taken once every reading is stored, and the TaskManager's heap.")
final class StateBenchmark implements Callable<Integer> {
    @CommandLine.Mixin
    BenchmarkRun run;

    @Option(names = "--pump-counts", split = ",", defaultValue = "1000,10000,100000",
            description = "Numbers of pumps, one run each (default: ${DEFAULT-VALUE}).")
    List<Integer> pumpCounts;

    @Option(names = "--minutes", defaultValue = "10", description = "Readings per pump, one a minute (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Parameters(paramLabel = "JOB-OPTION", description = "Options of the job, after --.")
    List<String> jobOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        run.check();
        if (minutes < 1 || pumpCounts.stream().anyMatch(p -> p < 1)) {
            throw new IllegalArgumentException("--minutes and every --pump-counts value must be at least 1");
        }
        List<String> options = new ArrayList<>(jobOptions);
        if (!options.contains("--" + JobOptions.CHECKPOINT_INTERVAL.name)) {
            options.addAll(List.of("--" + JobOptions.CHECKPOINT_INTERVAL.name, "3 s"));
        }
        for (int pumps : pumpCounts) {
            measure(pumps, options);
        }
        return 0;
    }

    private void measure(int pumps, List<String> options) throws Exception {
        String id = BenchmarkRun.newId("state");
        long readings = (long) pumps * minutes;
        run.setUp(id, 3, SyntheticLoad.lines(pumps, readings, 0));
        ZoneId zone = BenchmarkRun.zone(options);
        FlinkRest rest = run.flink();
        String job = run.submit(id, options);
        try (Connection hbase = run.stack.hbase()) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            run.awaitRows(BenchmarkRun.stored(hbase, id), SyntheticLoad.lastRows(pumps, minutes, zone),
                    System.nanoTime(), deadline, job, 500);
            long stored = System.currentTimeMillis();
            JsonNode checkpoint = null;
            while (checkpoint == null) {
                JsonNode completed = rest.get("/jobs/" + job + "/checkpoints").path("latest").path("completed");
                if (completed.path("trigger_timestamp").asLong(0) > stored) {
                    checkpoint = rest.get("/jobs/" + job + "/checkpoints/details/" + completed.path("id").asLong());
                } else {
                    run.awaitOrFail(deadline, job, "a checkpoint after the last reading", 500);
                }
            }
            long keyedState = 0;
            for (JsonNode vertex : rest.get("/jobs/" + job).path("vertices")) {
                // The keyed operators: the admission chain (admission, daily statistics) and, since
                // the alarm rules, the episode operator on its own.
                String name = vertex.path("name").asText();
                if (name.contains("Daily statistics") || name.startsWith("Alarm rule episodes")) {
                    keyedState += checkpoint.path("tasks").path(vertex.path("id").asText()).path("state_size").asLong();
                }
            }
            long heapUsed = 0;
            for (JsonNode tm : rest.get("/taskmanagers").path("taskmanagers")) {
                for (JsonNode m : rest.get("/taskmanagers/" + tm.path("id").asText()
                        + "/metrics?get=Status.JVM.Memory.Heap.Used")) {
                    heapUsed += m.path("value").asLong();
                }
            }
            rest.cancel(job, Duration.ofSeconds(60));
            long duration = checkpoint.path("end_to_end_duration").asLong();
            run.console.out().printf("%,d pumps, %,d readings: keyed state (the keyed chain: admission, low pressure, "
                            + "episodes, statistics window) %,d bytes in checkpoint %d, %,d bytes per pump; whole "
                            + "checkpoint %,d bytes, taken in %,d ms; TaskManager heap used %,d MB%n", pumps, readings,
                    keyedState, checkpoint.path("id").asLong(), keyedState / pumps, checkpoint.path("state_size").asLong(),
                    duration, heapUsed >> 20);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("pumps", pumps);
            figures.put("readings", readings);
            figures.put("keyed_state_bytes", keyedState);
            figures.put("bytes_per_pump", keyedState / pumps);
            figures.put("checkpoint_bytes", checkpoint.path("state_size").asLong());
            figures.put("checkpoint_ms", duration);
            figures.put("tm_heap_used_mb", heapUsed >> 20);
            run.record("state", 1, figures);
            run.remove(hbase, id);
        }
    }
}
