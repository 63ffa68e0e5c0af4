package org.pumpmonitor.pumpctl.flink;

import org.pumpmonitor.pumpctl.console.PumpctlException;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** Which job of which cluster, and where its savepoint goes. */
final class SavepointTarget {
    @Option(names = "--flink", defaultValue = LocalAddresses.FLINK_URL, description = "Flink REST API (default: ${DEFAULT-VALUE}).")
    String flink;

    @Option(names = "--target-directory", paramLabel = "URI", description = "Where to write it (default: the cluster's execution.checkpointing.savepoint-dir).")
    String directory;

    @Parameters(arity = "0..1", paramLabel = "JOB-ID", description = "The job (default: the only running one).")
    String jobId;

    /** The given job, or the only running one. */
    String runningJob(FlinkRest rest) throws Exception {
        if (jobId != null) {
            return jobId;
        }
        List<FlinkRest.Job> running = rest.jobs().stream().filter(j -> j.state().equals("RUNNING")).toList();
        if (running.size() != 1) {
            throw new PumpctlException(running.isEmpty() ? "no job is running"
                    : running.size() + " jobs are running; name one: " + running.stream().map(FlinkRest.Job::id).toList());
        }
        return running.get(0).id();
    }
}
