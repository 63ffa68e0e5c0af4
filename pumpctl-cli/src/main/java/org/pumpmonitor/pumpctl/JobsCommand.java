package org.pumpmonitor.pumpctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

import static org.pumpmonitor.pumpctl.Pumpctl.out;

@Command(name = "jobs", description = "Lists the cluster's jobs.")
final class JobsCommand implements Callable<Integer> {
    @Option(names = "--flink", defaultValue = LocalCluster.FLINK_URL, description = "Flink REST API (default: ${DEFAULT-VALUE}).")
    String flink;

    @Override
    public Integer call() throws Exception {
        List<FlinkRest.Job> jobs = new FlinkRest(flink).jobs();
        if (jobs.isEmpty()) {
            out.println("(no jobs)");
        }
        for (FlinkRest.Job job : jobs) {
            out.printf("%s  %-10s %s  started %s%n", job.id(), job.state(), job.name(),
                    java.time.Instant.ofEpochMilli(job.startTime()));
        }
        return 0;
    }
}
