package org.pumpmonitor.pumpctl;

import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.process.ChildProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar as ./pumpctl runs it, outside the test classpath: the HBase client in it must
 * load (a Hadoop class that needs log4j 1 once slipped in, and only a run of the jar showed it).
 */
class PumpctlJarIT {

    @Test
    void theJarReachesForHBaseAndSaysWhenItCannot() throws Exception {
        Path jar = Path.of("target/pumpctl.jar");
        // A child that hangs fails the test at the timeout (and is killed) instead of hanging the build.
        ChildProcess.Result query = ChildProcess.run(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "query", "readings", "--hbase.zookeeper.quorum", "127.0.0.1:1"),
                Duration.ofSeconds(120));
        assertThat(query.exitCode()).as(query.output()).isEqualTo(1);
        assertThat(query.output()).contains("pumpctl query: cannot read HBase through ZooKeeper at 127.0.0.1:1")
                .doesNotContain("NoClassDefFoundError", "Exception in thread");
    }
}
