package org.pumpmonitor.pumpctl.bench;

import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;


/**
 * {@code pumpctl bench}: measures the job on a running stack (by default the one of
 * {@code pumpctl local up}) and prints the figures, appending them to a CSV file. Each benchmark is
 * a class of its own; each run uses a topic, a consumer group and tables of its own
 * ({@link BenchmarkRun}), and removes its tables afterwards.
 */
@Command(name = "bench", description = "Measures the job on a running stack: drain, alarm latency, and the bare "
        + "HBase writer that bounds both; prints the figures and appends them to a CSV file. 'jmh' measures the "
        + "hot functions on one core; 'soak' runs the job for an hour under faults on a stack of its own.",
        subcommands = {DrainBenchmark.class, LatencyBenchmark.class, WriterBenchmark.class, StateBenchmark.class,
            JmhBenchmark.class, DashboardBenchmark.class, SoakBenchmark.class, CpuWatch.class})
public final class BenchCommand extends ConsoleCommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    BenchCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() {
        return console.usage(spec);
    }
}
