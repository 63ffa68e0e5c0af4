package org.pumpmonitor.pumpctl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stack's bookkeeping, without starting it. */
class LocalClusterTest {

    /** A pid file left by a crash may name a process that is not the stack's by now: it is never signalled. */
    @Test
    void aStalePidFileNeverMakesDownSignalAnotherProcess(@TempDir Path dir) throws Exception {
        Process stranger = new ProcessBuilder("sleep", "120").start();
        try {
            for (LocalCluster.Service service : LocalCluster.Service.values()) {
                Files.writeString(dir.resolve(service.name + ".pid"), Long.toString(stranger.pid()));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            LocalCluster cluster = new LocalCluster(Path.of(".."), dir, new PrintStream(out, true, StandardCharsets.UTF_8));

            assertThat(cluster.processes()).isEmpty();
            assertThat(cluster.status()).isFalse();
            cluster.down();

            assertThat(stranger.isAlive()).isTrue();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("not running").doesNotContain("stopped");
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.endsWith(".pid"));
            }
        } finally {
            stranger.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Two stacks in directories whose names share a beginning ({@code .local} and {@code .local2}):
     * a process of the one is never taken for the other's.
     */
    @Test
    void aProcessOfAStackInADirectoryOfALongerNameIsNotThisStacks(@TempDir Path parent) throws Exception {
        Path dir = parent.resolve(".local");
        Files.createDirectories(dir);
        Process other = new ProcessBuilder("sh", "-c", "sleep 120; :",
                "-Dpumpctl.service=kafka@" + parent.resolve(".local2")).start();
        try {
            Files.writeString(dir.resolve("kafka.pid"), Long.toString(other.pid()));
            LocalCluster cluster = new LocalCluster(Path.of(".."), dir, new PrintStream(new ByteArrayOutputStream()));

            assertThat(cluster.pid(LocalCluster.Service.KAFKA)).isEmpty();
            cluster.down();
            assertThat(other.isAlive()).isTrue();
        } finally {
            other.descendants().forEach(ProcessHandle::destroyForcibly);
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The marker is found as a whole argument, also in a command line the JDK cut at 4096 characters. */
    @Test
    void theMarkerIsAWholeArgumentOfTheCommandLine() {
        String marker = "-Dpumpctl.service=kafka@/home/me/pump-monitor/.local";
        assertThat(LocalCluster.carries("/usr/bin/java " + marker + " -cp a.jar kafka.Kafka", marker)).isTrue();
        assertThat(LocalCluster.carries("/usr/bin/java " + marker, marker)).isTrue();
        assertThat(LocalCluster.carries("/usr/bin/java " + marker + "2 -cp a.jar kafka.Kafka", marker)).isFalse();
        assertThat(LocalCluster.carries("/usr/bin/java -Dx" + marker + " -cp a.jar", marker)).isFalse();
    }

    /** submit --unless-running: a job starting, restarting or failing over counts as running. */
    @Test
    void everyStateButTheTerminalOnesIsActive() {
        for (String state : List.of("INITIALIZING", "CREATED", "RUNNING", "FAILING", "CANCELLING", "RESTARTING",
                "SUSPENDED", "RECONCILING")) {
            assertThat(FlinkRest.active(state)).as(state).isTrue();
        }
        for (String state : List.of("FINISHED", "CANCELED", "FAILED")) {
            assertThat(FlinkRest.active(state)).as(state).isFalse();
        }
    }

    @Test
    void prometheusTextFormatIsReadWithItsLabels() {
        PrometheusScrape scrape = PrometheusScrape.parse(String.join("\n",
                "# HELP flink_x counter",
                "# TYPE flink_x gauge",
                "flink_x{job_id=\"a\",operator_name=\"Sink:_HBase\\\"q\\\"\",} 2.0",
                "flink_x{job_id=\"a\",subtask_index=\"1\",} 3.0",
                "flink_x{job_id=\"b\",} 5.0",
                "flink_y 7.5",
                "flink_z{job_id=\"a\",} NaN",
                ""));
        assertThat(scrape.sum("flink_x", s -> s.label("job_id").equals("a"))).isEqualTo(5.0);
        assertThat(scrape.sum("flink_x", s -> true)).isEqualTo(10.0);
        assertThat(scrape.sum("flink_y", s -> true)).isEqualTo(7.5);
        assertThat(scrape.sum("flink_z", s -> true)).isNaN();
        assertThat(scrape.samples().get(0).label("operator_name")).isEqualTo("Sink:_HBase\"q\"");
        assertThat(scrape.names()).containsExactly("flink_x", "flink_y", "flink_z");
    }
}
