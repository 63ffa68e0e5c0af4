package org.pumpmonitor.pumpctl.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pumpmonitor.pumpctl.console.PumpctlException;

import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How {@code local up} runs Flink's memory sizing (BashJavaUtils) before it starts a JobManager or
 * TaskManager: here against a stand-in of that class, which behaves as told by its first argument.
 */
class LocalFlinkTest {

    @TempDir
    static Path classes;

    @BeforeAll
    static void compileTheStandIn() throws Exception {
        Path source = classes.resolve("org/apache/flink/runtime/util/bash/BashJavaUtils.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package org.apache.flink.runtime.util.bash;
                public class BashJavaUtils {
                    public static void main(String[] args) throws Exception {
                        if (args[0].equals("CHATTY")) {
                            System.out.print("x".repeat(300_000) + "\\n");
                        }
                        System.out.println("BASH_JAVA_UTILS_EXEC_RESULT:-Xmx100m");
                        System.out.println("BASH_JAVA_UTILS_EXEC_RESULT:-D a=b");
                        System.out.flush();
                        if (args[0].equals("HANG")) {
                            Thread.sleep(600_000);
                        }
                        if (args[0].equals("FAIL")) {
                            System.err.println("Flink could not read the configuration");
                            System.exit(3);
                        }
                    }
                }
                """);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, source.toString())).isZero();
    }

    /** Whatever a test left running (a stand-in that hangs) is stopped here. */
    @AfterEach
    void stopStandIns() {
        ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("BashJavaUtils")).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void readsTheTwoResultLinesOfALongOutput() throws Exception {
        assertThat(LocalFlink.resourceParams(classes.toString(), "CHATTY", classes, Duration.ofSeconds(30)))
                .containsExactly("-Xmx100m", "-D a=b");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSizingThatDoesNotEndIsKilledAtItsTimeout() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> LocalFlink.resourceParams(classes.toString(), "HANG", classes, Duration.ofSeconds(3)))
                .isInstanceOf(PumpctlException.class)
                .hasMessageContaining("did not end within 3 s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(ProcessHandle.current().children()).noneMatch(p -> p.info().commandLine()
                .map(c -> c.contains("BashJavaUtils HANG")).orElse(false));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSizingThatFailsIsAnErrorWithItsOutput() {
        assertThatThrownBy(() -> LocalFlink.resourceParams(classes.toString(), "FAIL", classes, Duration.ofSeconds(30)))
                .isInstanceOf(PumpctlException.class)
                .hasMessageContaining("exit code 3")
                .hasMessageContaining("Flink could not read the configuration");
    }

    @Test
    void eachProcessGetsTheOptionsForAllAndThenItsOwn(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                jobmanager:
                  memory:
                    process:
                      size: 768m
                env:
                  java:
                    opts:
                      # a comment: not an option
                      all: -Da=1  -Db=2
                      jobmanager: -Dc=3
                env.java.opts.taskmanager: -Dd=4
                taskmanager:
                  numberOfTaskSlots: 2
                """);
        assertThat(LocalFlink.javaOptions(config, "jobmanager")).containsExactly("-Da=1", "-Db=2", "-Dc=3");
        assertThat(LocalFlink.javaOptions(config, "taskmanager")).containsExactly("-Da=1", "-Db=2", "-Dd=4");
        assertThat(LocalFlink.flatten(Files.readAllLines(config)))
                .containsEntry("jobmanager.memory.process.size", "768m")
                .containsEntry("taskmanager.numberOfTaskSlots", "2");
    }

    /** The JobManager's heap is resident from its start and its freed native memory trimmed (docs/reliability.md); not the TaskManagers'. */
    @Test
    void theProjectsJobManagerTouchesItsHeapAtStartTrimsItsNativeHeapAndBothGetFlinksOptionsForJava17() throws Exception {
        Path config = Path.of("../flink-conf/config.yaml");
        for (String process : List.of("jobmanager", "taskmanager")) {
            assertThat(LocalFlink.javaOptions(config, process))
                    .contains("-XX:SoftRefLRUPolicyMSPerMB=10", "--add-opens=java.base/java.util=ALL-UNNAMED");
        }
        assertThat(LocalFlink.javaOptions(config, "jobmanager"))
                .endsWith("-XX:+AlwaysPreTouch", "-XX:TrimNativeHeapInterval=10000");
        assertThat(LocalFlink.javaOptions(config, "taskmanager"))
                .doesNotContain("-XX:+AlwaysPreTouch", "-XX:TrimNativeHeapInterval=10000");
    }
}
