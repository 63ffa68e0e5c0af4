package org.pumpmonitor.pumpctl.flink;

import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "jobs", description = "Lists the cluster's jobs.")
public final class JobsCommand extends ConsoleCommand {
    @Option(names = "--flink", defaultValue = LocalAddresses.FLINK_URL, description = "Flink REST API (default: ${DEFAULT-VALUE}).")
    String flink;

    JobsCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() throws Exception {
        List<FlinkRest.Job> jobs = new FlinkRest(flink).jobs();
        if (jobs.isEmpty()) {
            console.out().println("(no jobs)");
        }
        for (FlinkRest.Job job : jobs) {
            console.out().printf("%s  %-10s %s  started %s%n", job.id(), job.state(), job.name(),
                    java.time.Instant.ofEpochMilli(job.startTime()));
        }
        return 0;
    }
}
