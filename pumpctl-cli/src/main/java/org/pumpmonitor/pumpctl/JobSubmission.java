package org.pumpmonitor.pumpctl;

import org.pumpmonitor.core.options.JobOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.pumpmonitor.pumpctl.Pumpctl.err;

/** Submitting the job jar, shared by {@code submit}, {@code demo} and the benchmarks. */
final class JobSubmission {

    private JobSubmission() {
    }

    /** The newest state of an earlier job on the same topic and group, or null; says which it took. */
    static String newestState(String flink, List<String> jobOptions) throws Exception {
        java.util.Optional<FlinkRest.StoredState> state = new FlinkRest(flink).newestStateOf(
                option(jobOptions, JobOptions.KAFKA_TOPIC), option(jobOptions, JobOptions.KAFKA_GROUP_ID));
        state.ifPresent(s -> err.println("resuming from " + s.path() + " (newest state of job " + s.jobId()
                + "; --start-without-state starts anew)"));
        return state.map(FlinkRest.StoredState::path).orElse(null);
    }

    static String jobName(List<String> jobOptions) {
        return option(jobOptions, JobOptions.JOB_NAME);
    }

    /** The value of a job option among the arguments, or its default. */
    static String option(List<String> jobOptions, JobOptions.Option<?> option) {
        int i = jobOptions.indexOf("--" + option.name);
        return i >= 0 && i + 1 < jobOptions.size() ? jobOptions.get(i + 1) : option.defaultValue;
    }

    /**
     * Uploads and runs the job jar; without a parallelism, at the cluster's {@code parallelism.default}
     * (named in the request: Flink's jar-run falls back to 1, not to the cluster's default).
     */
    static String submit(String flink, Path jar, Integer parallelism, String savepoint, List<String> jobOptions)
            throws Exception {
        Path jobJar = jobJar(jar);
        FlinkRest rest = new FlinkRest(flink);
        int jobParallelism = parallelism != null ? parallelism : rest.defaultParallelism();
        String jarId = rest.uploadJar(jobJar);
        try {
            return rest.run(jarId, jobOptions, jobParallelism, savepoint);
        } finally {
            // The job keeps its own copy; uploads would otherwise pile up in web.tmpdir.
            try {
                rest.deleteJar(jarId);
            } catch (Exception e) {
                err.println("could not delete the uploaded jar " + jarId + " from the cluster: " + e.getMessage());
            }
        }
    }

    static Path jobJar(Path jar) {
        Path jobJar = jar != null ? jar : Pumpctl.root().resolve("flink-job/target/flink-job.jar");
        if (!Files.isReadable(jobJar)) {
            throw new PumpctlException("no job jar at " + jobJar + "; build it with 'mvn -B package -DskipTests'");
        }
        return jobJar;
    }
}
