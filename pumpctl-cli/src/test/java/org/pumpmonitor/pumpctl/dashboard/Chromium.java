package org.pumpmonitor.pumpctl.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Headless Chromium (Debian's {@code chromium}, which .ci/run installs) for the browser tests. Its
 * output goes to a file, so that a browser that hangs is stopped by the timeout instead of
 * blocking the test on a pipe.
 */
final class Chromium {

    private static final long TIMEOUT_SECONDS = 120;

    private final String executable;
    private final Path work;

    private Chromium(String executable, Path work) {
        this.executable = executable;
        this.work = work;
    }

    /** The machine's Chromium, if it has one; {@code work} holds its profile and output. */
    static Optional<Chromium> find(Path work) {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(new Chromium(candidate, work));
            }
        }
        return Optional.empty();
    }

    /** The page's DOM after its scripts ran and its API calls answered; a screenshot beside. */
    String render(String page, Path screenshot, int height) throws Exception {
        List<String> common = common(height);
        common.add("--virtual-time-budget=8000");
        List<String> shot = new ArrayList<>(common);
        shot.addAll(List.of("--screenshot=" + screenshot.toAbsolutePath(), page));
        run(shot);
        List<String> dom = new ArrayList<>(common);
        dom.addAll(List.of("--dump-dom", page));
        return run(dom);
    }

    /**
     * Keeps the page open in real time (no virtual time: its timers and fetches run as they would
     * for a person) until {@code done} holds; fails after {@code timeoutSeconds}.
     */
    void keepOpenUntil(String page, BooleanSupplier done, long timeoutSeconds) throws Exception {
        List<String> command = common(600);
        command.addAll(List.of("--remote-debugging-port=0", page));
        Process process = start(command, work.resolve("open.out"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new AssertionError("the page did not get there within " + timeoutSeconds + " s (browser "
                            + (process.isAlive() ? "running" : "exited " + process.exitValue()) + ")");
                }
                Thread.sleep(100);
            }
        } finally {
            stop(process);
        }
    }

    private List<String> common(int height) throws IOException {
        Files.createDirectories(work);
        return new ArrayList<>(List.of(executable, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1300," + height,
                "--user-data-dir=" + work.resolve("profile").toAbsolutePath()));
    }

    private String run(List<String> command) throws Exception {
        Path out = Files.createTempFile(work, "chromium", ".out");
        Process process = start(command, out);
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            stop(process);
            Files.deleteIfExists(out);
        }
    }

    private Process start(List<String> command, Path out) throws IOException {
        return new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Stops the browser and the processes it started (renderer, GPU, utilities). */
    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
