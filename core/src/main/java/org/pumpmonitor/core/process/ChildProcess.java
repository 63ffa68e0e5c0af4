package org.pumpmonitor.core.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process to its end, or kills it (and what it started) once its time is up, and
 * captures what it printed. Its output goes to a temporary file rather than a pipe: a child that
 * prints more than a pipe holds never blocks, and reading the output never waits on a child that
 * does not end.
 */
public final class ChildProcess {

    /** How a child ended: its exit code, and what it printed. */
    public record Result(int exitCode, String output) {}

    /** A child that did not end in time; it was killed. */
    public static final class TimedOut extends IOException {
        private final String output;

        TimedOut(List<String> command, Duration timeout, String output) {
            super(String.join(" ", command.subList(0, Math.min(command.size(), 4)))
                    + (command.size() > 4 ? " ..." : "") + " did not end within " + shown(timeout)
                    + " and was killed; its output until then:\n" + output.strip());
            this.output = output;
        }

        private static String shown(Duration timeout) {
            return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        }

        /** What the child printed before it was killed. */
        public String output() {
            return output;
        }
    }

    private ChildProcess() {
    }

    /** Runs the command with its standard input closed. */
    public static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command), timeout);
    }

    /**
     * Runs the process the builder describes (its directory and environment as set there; its
     * output and standard input are set here). Its standard error is captured with its output,
     * unless the builder sends it elsewhere.
     *
     * @throws TimedOut when it has not ended within the timeout (it is killed then)
     */
    public static Result run(ProcessBuilder builder, Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("child-process-", ".out");
        try {
            if (builder.redirectError() == ProcessBuilder.Redirect.PIPE) {
                builder.redirectErrorStream(true);
            }
            Process process = builder.redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            boolean ended;
            try {
                ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                // Interrupted or out of time: no child outlives the call.
                if (process.isAlive()) {
                    kill(process);
                }
            }
            String printed = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
            if (!ended) {
                throw new TimedOut(builder.command(), timeout, printed);
            }
            return new Result(process.exitValue(), printed);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle descendant : descendants) {
            try {
                descendant.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // SIGKILL was sent; a process that outlives it is beyond this call.
            }
        }
    }
}
