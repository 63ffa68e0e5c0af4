package org.pumpmonitor.pumpctl.bench;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.hbase.HBaseClientConfig;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.pumpctl.Pumpctl;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import org.pumpmonitor.pumpctl.local.LocalCluster;
import org.pumpmonitor.simulator.SensorCsv;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak's short form on the local stack of {@code pumpctl bench soak} (real processes): three
 * minutes at 500 readings/s with a TaskManager killed and HBase frozen, which must pass; then, on
 * the stack it kept, the checker worked out again from the sent log agrees, and finds a reading
 * deleted, a day's count changed and an alarm event published twice.
 */
class SoakIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String DIR = "pumpctl-cli/target/it-soak";
    private static final Path OUT = ROOT.resolve("pumpctl-cli/target/it-soak-out");

    @AfterAll
    static void down() throws Exception {
        LocalCluster cluster = new LocalCluster(ROOT, ROOT.resolve(DIR), System.out);
        List<ProcessHandle> started = cluster.processes();
        cluster.down();
        assertThat(started).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void shortSoakPassesAndItsCheckerFindsWhatIsBroken() throws Exception {
        System.setProperty("pumpctl.root", ROOT.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new TeeStream(out, System.out), true, StandardCharsets.UTF_8);
        int code = Pumpctl.run(both, both, "bench", "soak", "--duration", "3 min", "--rate", "500", "--pumps", "50",
                "--fault-every", "60 s", "--freeze-for", "20 s", "--faults", "taskmanager-kill,hbase-freeze",
                "--dir", DIR, "--out", ROOT.relativize(OUT).toString(), "--keep-stack");
        String printed = out.toString(StandardCharsets.UTF_8);
        List<String> lines = printed.lines().toList();
        assertThat(lines.get(lines.size() - 1)).as(printed).startsWith("soak: PASS");
        assertThat(code).isZero();
        assertThat(printed).contains("fault 1: taskmanager-kill begins", "fault 2: hbase-freeze begins");

        List<String> csv = Files.readAllLines(OUT.resolve("soak.csv"));
        assertThat(csv.get(0)).startsWith("minute,in_per_s,stored_per_s,lag_s,checkpoint_s,checkpoint_mb,restarts")
                .contains("taskmanager_heap_mb", "hbase_metaspace_mb", "kafka_rss_mb");
        assertThat(csv).hasSizeGreaterThan(30);
        BufferedImage chart = ImageIO.read(OUT.resolve("soak.png").toFile());
        assertThat(chart.getWidth()).isGreaterThan(1000);
        assertThat(Files.readString(OUT.resolve("soak-report.txt")))
                .containsPattern("1 taskmanager-kill +began .* recovered +\\d")
                .containsPattern("2 hbase-freeze +began .* recovered +\\d");

        SoakExpectation expected = SoakExpectation.fromLog(OUT.resolve("sent.csv"));
        assertThat(expected.deadLetters).as("lines that do not parse were sent").isPositive();
        assertThat(expected.pumps.values()).as("episodes were due").anyMatch(p -> !p.events.isEmpty());
        String sensor = JobOptions.SENSOR_TABLE.defaultValue;
        try (Connection hbase = ConnectionFactory.createConnection(
                HBaseClientConfig.configuration(LocalAddresses.ZOOKEEPER))) {
            SoakCheck check = new SoakCheck(expected, hbase, sensor, JobOptions.DEAD_LETTER_TABLE.defaultValue,
                    LocalAddresses.KAFKA_BOOTSTRAP, JobOptions.KAFKA_ALARM_TOPIC.defaultValue);
            assertThat(check.differences()).as("the checker again, from the sent log").isEmpty();

            String pump = expected.pumps.keySet().iterator().next();
            String line = Files.lines(OUT.resolve("sent.csv")).filter(l -> l.startsWith(pump + ",")).findFirst()
                    .orElseThrow();
            long time = SensorCsv.timeOf(line).toInstant(ZoneOffset.UTC).toEpochMilli();
            LocalDate day = SensorCsv.timeOf(line).toLocalDate();
            String raised = expected.pumps.values().stream().flatMap(p -> p.events.stream()).findFirst().orElseThrow();
            String raisedPump = expected.pumps.entrySet().stream().filter(e -> e.getValue().events.contains(raised))
                    .findFirst().orElseThrow().getKey();
            try (Table table = hbase.getTable(TableName.valueOf(sensor))) {
                table.delete(new Delete(PumpSchema.readingRowKey(pump, time)).addFamily(PumpSchema.DATA));
                table.put(new Put(PumpSchema.statisticsRowKey(pump, day.toString())).addColumn(PumpSchema.STATS,
                        PumpSchema.COUNT, PumpSchema.number(expected.pumps.get(pump).days.get(day).count + 1)));
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", LocalAddresses.KAFKA_BOOTSTRAP),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(JobOptions.KAFKA_ALARM_TOPIC.defaultValue, raisedPump,
                        "{\"pump\":\"" + raisedPump + "\",\"type\":\"RAISED\",\"start\":\"" + raised.substring(7) + "\"}"));
            }
            List<String> differences = check.differences();
            assertThat(differences).as(String.join("\n", differences))
                    .anyMatch(d -> d.startsWith("readings: " + pump + ": ") && d.contains("missing 1 ["))
                    .anyMatch(d -> d.startsWith("statistics: " + pump + "@" + day + ": count "))
                    .anyMatch(d -> d.startsWith("alarm events: " + raisedPump + ": "));
        }
    }

    /** Writes to two streams: what the test reads, and the build's log. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
