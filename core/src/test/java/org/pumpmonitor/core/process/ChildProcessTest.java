package org.pumpmonitor.core.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ChildProcessTest {

    @Test
    @Timeout(30)
    void aChildThatDoesNotEndIsKilledWithWhatItStartedAndItsOutputIsKept() throws Exception {
        long started = System.nanoTime();
        ChildProcess.TimedOut timedOut = catchThrowableOfType(() -> ChildProcess.run(
                List.of("sh", "-c", "sleep 600 & echo $!; wait"), Duration.ofSeconds(2)), ChildProcess.TimedOut.class);

        assertThat(timedOut).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(timedOut.getMessage()).startsWith("sh -c sleep 600 & echo $!; wait did not end within 2 s");
        long grandchild = Long.parseLong(timedOut.output().strip());
        assertThat(ProcessHandle.of(grandchild).filter(ProcessHandle::isAlive)).as("the child's own child").isEmpty();
    }

    @Test
    @Timeout(30)
    void moreOutputThanAPipeHoldsAndTheExitCodeComeBack() throws Exception {
        ChildProcess.Result result = ChildProcess.run(
                List.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x; echo; echo oops >&2; exit 3"),
                Duration.ofSeconds(20));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).hasSize(1_000_000 + "\noops\n".length()).endsWith("x\noops\n");
    }

    @Test
    @Timeout(30)
    void standardErrorStaysOutOfTheOutputWhenTheCallerSendsItElsewhere() throws Exception {
        ChildProcess.Result result = ChildProcess.run(new ProcessBuilder("sh", "-c", "echo out; echo noise >&2")
                .redirectError(ProcessBuilder.Redirect.DISCARD), Duration.ofSeconds(20));

        assertThat(result.output()).isEqualTo("out\n");
    }
}
