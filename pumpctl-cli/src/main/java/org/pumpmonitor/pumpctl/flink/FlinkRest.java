package org.pumpmonitor.pumpctl.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pumpmonitor.pumpctl.console.PumpctlException;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The Flink REST API, the one the web UI uses: upload and run a jar, list jobs and wait for their
 * states, cancel. Savepoints are {@link Savepoints}; any other GET is {@link #get}.
 */
public final class FlinkRest {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A job as {@code /jobs/overview} lists it. */
    public record Job(String id, String name, String state, long startTime) {}

    /** Uploads the jar and returns its id on the cluster. */
    public String uploadJar(Path jar) throws Exception {
        String boundary = "pumpctl-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode response = send(HttpRequest.newBuilder(URI.create(url + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String file = response.path("filename").asText();
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /** Runs an uploaded jar; returns the job id. */
    public String run(String jarId, List<String> programArgs, int parallelism, String savepointPath)
            throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.putPOJO("programArgsList", programArgs);
        request.put("parallelism", parallelism);
        if (savepointPath != null) {
            request.put("savepointPath", savepointPath);
            request.put("allowNonRestoredState", false);
        }
        return post("/jars/" + jarId + "/run", request).path("jobid").asText();
    }

    /** The cluster's {@code parallelism.default}, or Flink's own default (1) where it sets none. */
    public int defaultParallelism() throws Exception {
        for (JsonNode entry : get("/jobmanager/config")) {
            if (entry.path("key").asText().equals("parallelism.default")) {
                return Integer.parseInt(entry.path("value").asText().strip());
            }
        }
        return 1;
    }

    /**
     * Removes an uploaded jar from the cluster's upload directory. A job that runs keeps its own
     * copy (in the blob store), so a jar that has been run is no longer needed there.
     */
    public void deleteJar(String jarId) throws Exception {
        send(HttpRequest.newBuilder(URI.create(url + "/jars/" + jarId)).DELETE());
    }

    /** The states after which a job does nothing more (Flink's globally terminal states). */
    public static final List<String> TERMINAL_STATES = List.of("FINISHED", "CANCELED", "FAILED");

    /** Whether a job in this state may still run: every state but the terminal ones. */
    public static boolean active(String state) {
        return !TERMINAL_STATES.contains(state);
    }

    public List<Job> jobs() throws Exception {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            jobs.add(new Job(job.path("jid").asText(), job.path("name").asText(), job.path("state").asText(),
                    job.path("start-time").asLong()));
        }
        return jobs;
    }

    public String state(String jobId) throws Exception {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** Waits for the job to reach one of the states; returns the state reached. */
    public String awaitState(String jobId, Duration timeout, String... states) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = state(jobId);
        while (!List.of(states).contains(state)) {
            if (System.nanoTime() > deadline) {
                throw new PumpctlException("job " + jobId + " is " + state + ", not " + String.join(" or ", states)
                        + " after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(250);
            state = state(jobId);
        }
        return state;
    }

    /**
     * Waits until every task of the job runs: a savepoint right after a submission or a restart
     * fails while some are still being deployed.
     */
    public void awaitTasksRunning(String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = get("/jobs/" + jobId);
            boolean allRunning = job.path("state").asText().equals("RUNNING") && job.path("vertices").size() > 0;
            for (JsonNode vertex : job.path("vertices")) {
                allRunning &= vertex.path("status").asText().equals("RUNNING");
            }
            if (allRunning) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new PumpctlException("job " + jobId + " is " + job.path("state").asText()
                        + " and not all its tasks run after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(250);
        }
    }

    /** Cancels the job (its checkpoints are kept) and waits until it is CANCELED. */
    public void cancel(String jobId, Duration timeout) throws Exception {
        send(HttpRequest.newBuilder(URI.create(url + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        awaitState(jobId, timeout, "CANCELED");
    }

    /** The JSON answer of a GET of the REST API, e.g. {@code /jobs/ID/checkpoints}. */
    public JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    /** The JSON answer of a POST of a JSON body. */
    JsonNode post(String path, JsonNode body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new PumpctlException("cannot reach Flink at " + url + " (is the cluster running? is --flink right?)");
        }
        JsonNode body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() >= 400) {
            throw new PumpctlException("Flink answered " + response.statusCode() + " to "
                    + response.request().method() + " " + response.request().uri().getPath() + ": "
                    + rootCause(body.path("errors")));
        }
        return body;
    }

    /** The deepest "Caused by" of Flink's error text: for a failed job main, the job's own message. */
    static String rootCause(JsonNode errors) {
        String cause = errors.toString();
        for (JsonNode error : errors) {
            List<String> lines = error.asText().lines().map(String::strip).toList();
            cause = lines.isEmpty() ? cause : lines.get(0);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("Caused by: ")) {
                    StringBuilder message = new StringBuilder(lines.get(i).substring("Caused by: ".length()));
                    // A message may go on over several lines, until the stack trace starts.
                    for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("at ")
                            && !lines.get(j).startsWith("Caused by: ") && !lines.get(j).startsWith("..."); j++) {
                        message.append('\n').append(lines.get(j));
                    }
                    cause = message.toString();
                }
            }
        }
        return cause;
    }
}
