package org.pumpmonitor.pumpctl;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar as ./pumpctl runs it, outside the test classpath: the HBase client in it must
 * load (a Hadoop class that needs log4j 1 once slipped in, and only a run of the jar showed it).
 */
class PumpctlJarIT {

    @Test
    void theJarReachesForHBaseAndSaysWhenItCannot() throws Exception {
        Path jar = Path.of("target/pumpctl.jar");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "query", "readings", "--hbase.zookeeper.quorum", "127.0.0.1:1")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isEqualTo(1);
        assertThat(err).contains("pumpctl query: cannot read HBase through ZooKeeper at 127.0.0.1:1")
                .doesNotContain("NoClassDefFoundError", "Exception in thread");
    }
}
