package org.pumpmonitor.pumpctl.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stack's bookkeeping, without starting it. */
class LocalClusterTest {

    /** A pid file left by a crash may name a process that is not the stack's by now: it is never signalled. */
    @Test
    void aStalePidFileNeverMakesDownSignalAnotherProcess(@TempDir Path dir) throws Exception {
        Process stranger = new ProcessBuilder("sleep", "120").start();
        try {
            for (Service service : Service.of(Service.MAX_TASKMANAGERS)) {
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

            assertThat(cluster.pid(Service.KAFKA)).isEmpty();
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
        assertThat(ServiceProcesses.carries("/usr/bin/java " + marker + " -cp a.jar kafka.Kafka", marker)).isTrue();
        assertThat(ServiceProcesses.carries("/usr/bin/java " + marker, marker)).isTrue();
        assertThat(ServiceProcesses.carries("/usr/bin/java " + marker + "2 -cp a.jar kafka.Kafka", marker)).isFalse();
        assertThat(ServiceProcesses.carries("/usr/bin/java -Dx" + marker + " -cp a.jar", marker)).isFalse();
    }

    /** Each TaskManager has its own name, metrics port and resource id; a stack remembers how many it runs. */
    @Test
    void everyTaskManagerHasItsOwnNameAndPortAndTheStackRemembersHowMany(@TempDir Path dir) throws Exception {
        assertThat(Service.of(3)).extracting(Service::name).containsExactly("kafka", "hbase", "flink-jobmanager",
                "flink-taskmanager", "flink-taskmanager-2", "flink-taskmanager-3");
        assertThat(Service.named("flink-taskmanager-3").ports).containsExactly(9252);
        assertThat(Service.FLINK_TASKMANAGER.ports).containsExactly(9250);
        assertThat(Service.of(Service.MAX_TASKMANAGERS).stream().flatMap(s -> java.util.Arrays.stream(s.ports).boxed()))
                .doesNotHaveDuplicates();
        // A new resource id at each start (a restarted TaskManager under its old id is taken for the dead one).
        LocalFlink second = (LocalFlink) Service.named("flink-taskmanager-2").process;
        assertThat(second.resourceId()).matches("flink-taskmanager-2_[0-9a-f]{6}").isNotEqualTo(second.resourceId());

        LocalCluster cluster = new LocalCluster(Path.of(".."), dir, new PrintStream(new ByteArrayOutputStream()));
        assertThat(cluster.taskManagers()).isEqualTo(1);
        Files.writeString(dir.resolve("taskmanagers"), "3\n");
        assertThat(cluster.services()).hasSize(6);
    }
}
