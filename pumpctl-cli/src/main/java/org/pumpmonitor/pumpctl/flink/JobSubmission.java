package org.pumpmonitor.pumpctl.flink;

import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.PumpctlException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Submitting the job jar to a cluster, shared by {@code submit}, {@code demo} and the benchmarks. */
public final class JobSubmission {

    private final FlinkRest rest;
    private final Console console;

    /** @param console where it warns, and the project whose job jar it submits by default */
    public JobSubmission(String flinkUrl, Console console) {
        this.rest = new FlinkRest(flinkUrl);
        this.console = console;
    }

    /** The newest state of an earlier job on the same topic and group, or null; says which it took. */
    public String newestState(List<String> jobOptions) throws Exception {
        Optional<Savepoints.StoredState> state = new Savepoints(rest).newestStateOf(
                option(jobOptions, JobOptions.KAFKA_TOPIC), option(jobOptions, JobOptions.KAFKA_GROUP_ID));
        state.ifPresent(s -> console.err().println("resuming from " + s.path() + " (newest state of job " + s.jobId()
                + "; --start-without-state starts anew)"));
        return state.map(Savepoints.StoredState::path).orElse(null);
    }

    /**
     * Uploads and runs the job jar; without a parallelism, at the cluster's {@code parallelism.default}
     * (named in the request: Flink's jar-run falls back to 1, not to the cluster's default).
     */
    public String submit(Path jar, Integer parallelism, String savepoint, List<String> jobOptions) throws Exception {
        Path jobJar = jobJar(jar);
        int jobParallelism = parallelism != null ? parallelism : rest.defaultParallelism();
        String jarId = rest.uploadJar(jobJar);
        try {
            return rest.run(jarId, jobOptions, jobParallelism, savepoint);
        } finally {
            // The job keeps its own copy; uploads would otherwise pile up in web.tmpdir.
            try {
                rest.deleteJar(jarId);
            } catch (Exception e) {
                console.err().println("could not delete the uploaded jar " + jarId + " from the cluster: " + e.getMessage());
            }
        }
    }

    /** The jar given, or the one the project's build makes; fails where it is not there. */
    public Path jobJar(Path jar) {
        Path jobJar = jar != null ? jar : console.root().resolve("flink-job/target/flink-job.jar");
        if (!Files.isReadable(jobJar)) {
            throw new PumpctlException("no job jar at " + jobJar + "; build it with 'mvn -B package -DskipTests'");
        }
        return jobJar;
    }

    public static String jobName(List<String> jobOptions) {
        return option(jobOptions, JobOptions.JOB_NAME);
    }

    /** The value of a job option among the arguments, or its default. */
    public static String option(List<String> jobOptions, JobOptions.Option<?> option) {
        int i = jobOptions.indexOf("--" + option.name);
        return i >= 0 && i + 1 < jobOptions.size() ? jobOptions.get(i + 1) : option.defaultValue;
    }
}
