package org.pumpmonitor.core.options;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        JobOptions options = JobOptions.defaults();
        assertThat(options.get(JobOptions.KAFKA_TOPIC)).isEqualTo("pump-sensor");
        assertThat(options.get(JobOptions.PSI_THRESHOLD)).isEqualTo(5.0);
        assertThat(options.get(JobOptions.TIME_ZONE)).isEqualTo(ZoneId.of("UTC"));
        assertThat(options.get(JobOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.get(JobOptions.EARLY_FIRING_INTERVAL)).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.get(JobOptions.SENSOR_TABLE)).isEqualTo("sensor");
    }

    @Test
    void readsTheCommandLine() {
        JobOptions options = JobOptions.fromArgs(new String[] {
            "--alarm.psi-threshold", "7.5", "--time-zone=America/Chicago", "--stats.allowed-lateness", "90 min",
            "--checkpoint.interval", "500ms", "--watermark.idleness", "0"
        });
        assertThat(options.get(JobOptions.PSI_THRESHOLD)).isEqualTo(7.5);
        assertThat(options.get(JobOptions.TIME_ZONE)).isEqualTo(ZoneId.of("America/Chicago"));
        assertThat(options.get(JobOptions.ALLOWED_LATENESS)).isEqualTo(Duration.ofMinutes(90));
        assertThat(options.get(JobOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofMillis(500));
        assertThat(options.get(JobOptions.IDLENESS)).isZero();
    }

    @Test
    void aWrongValueNamesTheOption() {
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--alarm.psi-threshold", "low"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid value 'low' for --alarm.psi-threshold");
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--alarm.psi-threshold", "NaN"}))
                .hasMessageContaining("--alarm.psi-threshold: must be a finite number");
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--time-zone", "Mars/Olympus"}))
                .hasMessageStartingWith("Invalid value 'Mars/Olympus' for --time-zone");
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--checkpoint.interval", "0 s"}))
                .hasMessage("Invalid value '0 s' for --checkpoint.interval: must be greater than zero");
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--stats.allowed-lateness", "soon"}))
                .hasMessageContaining("expected a duration such as 500 ms, 10 s, 5 min, 1 h or 1 d");
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--kafka.topic", " "}))
                .hasMessage("Invalid value ' ' for --kafka.topic: must not be empty");
    }

    /** Durations are written as in Flink's own configuration: the simulator and pumpctl take the same. */
    @Test
    void durationsTakeFlinksSyntax() {
        JobOptions options = JobOptions.fromArgs(new String[] {"--checkpoint.interval", "2 seconds",
            "--stats.allowed-lateness", "90min", "--hbase.sink.flush-interval", "250"});
        assertThat(options.get(JobOptions.CHECKPOINT_INTERVAL)).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(options.get(JobOptions.ALLOWED_LATENESS)).isEqualTo(java.time.Duration.ofMinutes(90));
        assertThat(options.get(JobOptions.HBASE_FLUSH_INTERVAL)).isEqualTo(java.time.Duration.ofMillis(250));
    }

    @Test
    void aMissingValueOrUnknownOptionFailsAtStart() {
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--kafka.topic"}))
                .hasMessage("Option --kafka.topic needs a value");
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--kafka.topic", "--time-zone", "UTC"}))
                .hasMessage("Option --kafka.topic needs a value");
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--kafka-topic", "x"}))
                .hasMessage("Unknown option(s): --kafka-topic. Run with --help to list the options.");
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"pump-sensor"}))
                .hasMessageStartingWith("Unexpected argument 'pump-sensor'");
        assertThatThrownBy(() -> JobOptions.fromArgs(new String[] {"--kafka.topic", "a", "--kafka.topic", "b"}))
                .hasMessage("Option --kafka.topic is given twice");
    }

    @Test
    void usageListsEveryOptionWithItsDefault() {
        String usage = JobOptions.usage();
        for (JobOptions.Option<?> option : JobOptions.all()) {
            assertThat(usage).contains("--" + option.name).contains("(default: " + option.defaultValue + ")");
        }
    }

    @Test
    void theReferencePageDocumentsEveryOptionWithItsDefault() throws Exception {
        String reference = Files.readString(Path.of("..", "docs", "reference.md"), StandardCharsets.UTF_8);
        for (JobOptions.Option<?> option : JobOptions.all()) {
            assertThat(reference)
                    .as("docs/reference.md row of --%s", option.name)
                    .contains("| `--" + option.name + "` | `" + option.defaultValue + "` |");
        }
        assertThat(reference.split("\\| `--[a-z.-]+` \\|", -1)).hasSize(JobOptions.all().size() + 1);
    }

    @Test
    void changingOptionsKeepsTheOthers() {
        JobOptions changed = JobOptions.defaults().with(Map.of("kafka.topic", "other"));
        assertThat(changed.get(JobOptions.KAFKA_TOPIC)).isEqualTo("other");
        assertThat(changed.get(JobOptions.KAFKA_GROUP_ID)).isEqualTo("pump-monitor");
    }

    @Test
    void kafkaAndHBasePropertiesPassThroughAndStayOutOfTheShownOptions() {
        JobOptions options = JobOptions.fromArgs(new String[] {
            "--kafka.property.security.protocol", "SASL_SSL",
            "--kafka.property.sasl.jaas.config", "secret",
            "--hbase.property.hbase.rpc.protection", "privacy",
            "--hbase.client.retries", "2"});

        assertThat(options.properties(JobOptions.KAFKA_PROPERTY_PREFIX))
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                        "security.protocol", "SASL_SSL", "sasl.jaas.config", "secret"));
        org.apache.hadoop.conf.Configuration hbase = org.pumpmonitor.core.hbase.HBaseClientConfig.configuration(options);
        assertThat(hbase.get("hbase.rpc.protection")).isEqualTo("privacy");
        assertThat(hbase.getInt("hbase.client.retries.number", -1)).isEqualTo(2);
        assertThat(hbase.getInt("hbase.client.operation.timeout", -1)).isEqualTo(120_000);
        // Each connection closes its own event loop (the client's static default outlives the job).
        assertThat(hbase.get("hbase.rpc.client.event-loop.config")).isEmpty();
        assertThat(hbase.getLong("hbase.htable.threads.keepalivetime", -1)).isEqualTo(1);
        assertThat(options.asMap()).doesNotContainValue("secret");
        assertThat(options.with(java.util.Map.of("hbase.client.retries", "3"))
                .properties(JobOptions.HBASE_PROPERTY_PREFIX)).containsEntry("hbase.rpc.protection", "privacy");
    }

    @Test
    void anHBaseSiteFileIsReadAndOptionsWinOverIt() throws Exception {
        java.nio.file.Path site = java.nio.file.Files.createTempFile("hbase-site", ".xml");
        java.nio.file.Files.writeString(site, "<configuration>"
                + "<property><name>hbase.security.authentication</name><value>kerberos</value></property>"
                + "<property><name>hbase.zookeeper.quorum</name><value>zk.example:2181</value></property>"
                + "</configuration>");
        org.apache.hadoop.conf.Configuration hbase = org.pumpmonitor.core.hbase.HBaseClientConfig.configuration(
                JobOptions.fromArgs(new String[] {"--hbase.site", site.toString(), "--hbase.zookeeper.quorum", "zk1:2181"}));

        assertThat(hbase.get("hbase.security.authentication")).isEqualTo("kerberos");
        assertThat(hbase.get("hbase.zookeeper.quorum")).isEqualTo("zk1:2181");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.pumpmonitor.core.hbase.HBaseClientConfig.configuration(
                        JobOptions.fromArgs(new String[] {"--hbase.site", "/no/such/hbase-site.xml"})))
                .hasMessageContaining("--hbase.site: cannot read");
    }
}
