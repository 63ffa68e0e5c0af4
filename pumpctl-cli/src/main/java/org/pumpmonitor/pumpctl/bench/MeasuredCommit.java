package org.pumpmonitor.pumpctl.bench;

import org.pumpmonitor.core.process.ChildProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The commit of the checkout a benchmark runs from, as its figures record it: the abbreviated id of
 * HEAD, followed by {@code +changes} when tracked files differ from it, or {@code unknown} outside
 * a git checkout (or without git). So that a figure that moved can be traced to the change that
 * moved it.
 */
final class MeasuredCommit {

    static final String UNKNOWN = "unknown";

    private static final Duration GIT_TIMEOUT = Duration.ofSeconds(10);

    private MeasuredCommit() {
    }

    static String of(Path checkout) {
        try {
            ChildProcess.Result head = git(checkout, "rev-parse", "--short=12", "HEAD");
            if (head.exitCode() != 0 || head.output().isBlank()) {
                return UNKNOWN;
            }
            ChildProcess.Result changes = git(checkout, "status", "--porcelain", "--untracked-files=no");
            boolean changed = changes.exitCode() != 0 || !changes.output().isBlank();
            return head.output().strip() + (changed ? "+changes" : "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        } catch (Exception e) {
            return UNKNOWN;
        }
    }

    private static ChildProcess.Result git(Path checkout, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", checkout.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        return ChildProcess.run(builder, GIT_TIMEOUT);
    }
}
