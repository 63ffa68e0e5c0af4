package org.pumpmonitor.job;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pumpmonitor.core.process.ChildProcess;
import org.pumpmonitor.core.hbase.CreateTables;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.io.DataInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar users submit, as built by {@code mvn package}: what it carries and what runs from it. */
@ExtendWith(SharedClusters.class)
class ShadedJarIT {

    private static final Path JAR = Path.of("target", "flink-job.jar");

    @Test
    void carriesTheConnectorsAndClientsButNotFlinkOrLog4j1() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(PumpMonitorJob.class.getName());
            for (String present : List.of(
                    "org/apache/flink/connector/kafka/source/KafkaSource.class",
                    "org/apache/flink/connector/hbase/sink/HBaseSinkFunction.class",
                    "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                    "org/apache/hadoop/hbase/client/ConnectionFactory.class",
                    "org/apache/hadoop/conf/Configuration.class",
                    "org/apache/commons/io/output/NullPrintStream.class")) {
                assertThat(jar.getEntry(present)).as(present).isNotNull();
            }
            for (String absent : List.of(
                    "org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class",
                    "org/apache/log4j/Logger.class",
                    "org/slf4j/impl/StaticLoggerBinder.class",
                    "org/apache/logging/log4j/core/Logger.class")) {
                assertThat(jar.getEntry(absent)).as(absent).isNull();
            }
            try (InputStream in = jar.getInputStream(jar.getEntry("org/pumpmonitor/job/PumpMonitorJob.class"))) {
                DataInputStream data = new DataInputStream(in);
                data.readInt();
                data.readUnsignedShort();
                assertThat(data.readUnsignedShort()).as("class file major version (61 = Java 17)").isEqualTo(61);
            }
        }
    }

    @Test
    void createsTheTablesWithPlainJavaAndIsIdempotent(Clusters clusters) throws Exception {
        String sensor = SharedClusters.uniqueName("shaded_sensor");
        String deadLetters = SharedClusters.uniqueName("shaded_dead_letters");
        List<String> args = List.of(
                "--hbase.zookeeper.quorum", clusters.zookeeperQuorum(),
                "--hbase.table.sensor", sensor,
                "--hbase.table.dead-letters", deadLetters);

        ChildProcess.Result first = runCreateTables(args);
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("created table " + sensor, "created table " + deadLetters);

        ChildProcess.Result second = runCreateTables(args);
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("tables already exist");

        try (Admin admin = clusters.hbase().getAdmin()) {
            assertThat(admin.tableExists(TableName.valueOf(sensor))).isTrue();
            assertThat(admin.getDescriptor(TableName.valueOf(sensor)).getColumnFamilyNames()).hasSize(PumpSchema.SENSOR_FAMILIES.size());
        }
    }

    @Test
    void aBadOptionIsOneClearLineAndANonZeroExit() throws Exception {
        ChildProcess.Result result = runCreateTables(List.of("--hbase.sink.flush-max-rows", "none"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output().strip())
                .startsWith("create-tables: Invalid value 'none' for --hbase.sink.flush-max-rows");
    }

    private static ChildProcess.Result runCreateTables(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", JAR.toString(), CreateTables.class.getName()));
        command.addAll(args);
        // A child that hangs fails the test at the timeout (and is killed) instead of hanging the build.
        return ChildProcess.run(command, Duration.ofMinutes(2));
    }
}
