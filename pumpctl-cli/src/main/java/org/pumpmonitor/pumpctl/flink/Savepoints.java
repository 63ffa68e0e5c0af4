package org.pumpmonitor.pumpctl.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pumpmonitor.pumpctl.console.PumpctlException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A cluster's savepoints, over its REST API: taking one, stopping a job with one, and the newest
 * savepoint or retained checkpoint of the earlier jobs on a topic, which a new job resumes from.
 */
public final class Savepoints {

    private final FlinkRest rest;

    public Savepoints(FlinkRest rest) {
        this.rest = rest;
    }

    /** A savepoint or retained checkpoint of a job, and when it completed (epoch ms). */
    public record StoredState(String jobId, String path, long completed) {}

    /**
     * The newest savepoint or retained checkpoint of the jobs this cluster remembers that are over
     * and read the topic with the consumer group (the job registers its options as global job
     * parameters). Empty when there is none, or the cluster was restarted since.
     */
    public Optional<StoredState> newestStateOf(String topic, String group) throws Exception {
        StoredState newest = null;
        for (FlinkRest.Job job : rest.jobs()) {
            if (FlinkRest.active(job.state())) {
                continue;
            }
            JsonNode options = rest.get("/jobs/" + job.id() + "/config").path("execution-config").path("user-config");
            if (!options.path("kafka.topic").asText().equals(topic)
                    || !options.path("kafka.group-id").asText().equals(group)) {
                continue;
            }
            JsonNode latest = rest.get("/jobs/" + job.id() + "/checkpoints").path("latest");
            // Retained checkpoints are kept when a job is cancelled or fails, but discarded when it
            // finishes (a stop with a savepoint): then only the savepoint is there.
            List<String> kinds = job.state().equals("FINISHED") ? List.of("savepoint") : List.of("completed", "savepoint");
            for (String kind : kinds) {
                JsonNode state = latest.path(kind);
                String path = state.path("external_path").asText("");
                long completed = state.path("latest_ack_timestamp").asLong(0);
                if (!path.isEmpty() && !path.equals("<checkpoint-not-externally-addressable>")
                        && (newest == null || completed > newest.completed())) {
                    newest = new StoredState(job.id(), path, completed);
                }
            }
        }
        return Optional.ofNullable(newest);
    }

    /** Stops the job with a savepoint (not draining) and returns the savepoint's path. */
    public String stopWithSavepoint(String jobId, String targetDirectory) throws Exception {
        ObjectNode request = FlinkRest.JSON.createObjectNode();
        request.put("drain", false);
        if (targetDirectory != null) {
            request.put("targetDirectory", targetDirectory);
        }
        String location = trigger(jobId, "/stop", request);
        // The job may report RUNNING for a moment after the savepoint completes.
        rest.awaitState(jobId, Duration.ofSeconds(60), "FINISHED");
        return location;
    }

    /** Takes a savepoint of a running job and returns its path. */
    public String take(String jobId, String targetDirectory) throws Exception {
        ObjectNode request = FlinkRest.JSON.createObjectNode();
        request.put("cancel-job", false);
        if (targetDirectory != null) {
            request.put("target-directory", targetDirectory);
        }
        return trigger(jobId, "/savepoints", request);
    }

    /** Triggers a savepoint once every task runs (POST /jobs/{id}{endpoint}) and waits for its path. */
    private String trigger(String jobId, String endpoint, JsonNode request) throws Exception {
        rest.awaitTasksRunning(jobId, Duration.ofSeconds(60));
        String trigger = rest.post("/jobs/" + jobId + endpoint, request).path("request-id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = rest.get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new PumpctlException("savepoint of job " + jobId + " failed: "
                            + operation.path("failure-cause").path("stack-trace").asText().lines().findFirst().orElse(""));
                }
                return operation.path("location").asText();
            }
            Thread.sleep(250);
        }
        throw new PumpctlException("savepoint of job " + jobId + " did not complete within 5 minutes");
    }
}
