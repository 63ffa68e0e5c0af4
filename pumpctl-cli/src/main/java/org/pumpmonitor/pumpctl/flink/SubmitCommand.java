package org.pumpmonitor.pumpctl.flink;

import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Command(name = "submit", description = "Uploads the job jar to a Flink cluster and runs it; prints the job id.")
public final class SubmitCommand extends ConsoleCommand {
    @Option(names = "--flink", defaultValue = LocalAddresses.FLINK_URL, description = "Flink REST API (default: ${DEFAULT-VALUE}).")
    String flink;

    @Option(names = "--parallelism", description = "Parallelism of the job (default: the cluster's).")
    Integer parallelism;

    @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Start from this savepoint or retained "
            + "checkpoint (default: the newest of the earlier jobs on the same topic and consumer group that the "
            + "cluster remembers).")
    String savepoint;

    @Option(names = "--start-without-state", description = "Start with empty state even though the consumer group "
            + "has read the topic before (the days open then count only the readings read from there on).")
    boolean startWithoutState;

    @Option(names = "--jar", paramLabel = "PATH", description = "The job jar (default: flink-job/target/flink-job.jar).")
    Path jar;

    @Option(names = "--unless-running", description = "Do nothing when a job of the same name is running "
            + "already, or starting, restarting or in any other state but finished, cancelled and failed "
            + "(print its id): for set-up scripts that may run twice.")
    boolean unlessRunning;

    @Parameters(paramLabel = "JOB-OPTION", description = "Options of the job, after --, e.g. -- --alarm.psi-threshold 4")
    List<String> jobOptions = new ArrayList<>();

    SubmitCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() throws Exception {
        if (parallelism != null && parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be at least 1");
        }
        if (unlessRunning) {
            Optional<FlinkRest.Job> running = new FlinkRest(flink).jobs().stream()
                    .filter(j -> FlinkRest.active(j.state()) && j.name().equals(JobSubmission.jobName(jobOptions)))
                    .findFirst();
            if (running.isPresent()) {
                console.out().println(running.get().id());
                return 0;
            }
        }
        JobSubmission submission = new JobSubmission(flink, console);
        submission.jobJar(jar);
        List<String> options = new ArrayList<>(jobOptions);
        String from = savepoint;
        if (startWithoutState) {
            options.addAll(List.of("--" + JobOptions.START_WITHOUT_STATE.name, "true"));
        } else if (from == null) {
            from = submission.newestState(jobOptions);
        }
        console.out().println(submission.submit(jar, parallelism, from, options));
        return 0;
    }
}
