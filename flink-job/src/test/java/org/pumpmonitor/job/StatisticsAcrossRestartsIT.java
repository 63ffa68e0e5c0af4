package org.pumpmonitor.job;

import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;
import org.pumpmonitor.job.testing.StoredRows;
import org.pumpmonitor.job.source.KafkaReadings;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.PipelineSinks;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.job.source.ParsedRecord;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.job.source.ReadingDeserializer;
import org.pumpmonitor.core.parse.SensorReadingParser;
import org.pumpmonitor.job.testing.TestJobs;
import org.pumpmonitor.job.testing.TestReadings;
import org.pumpmonitor.job.testing.TestReadings.Line;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.pumpmonitor.job.testing.TestJobs.status;
import static org.pumpmonitor.core.hbase.PumpSchema.*;

/**
 * Daily statistics stay exact across every way the job restarts, on an unbounded Kafka source (a
 * bounded one ends with the maximum watermark and hides what a restart loses).
 *
 * <p>Each test sends two days and a half, restarts the job, then sends duplicates, readings too
 * late for a closed day, the rest of the third day with one late reading in it, and part of a
 * fourth. Every statistics row must then match what the test computes itself; meanwhile a
 * watcher checks that no stored row ever went to a smaller count or from final back to early.
 * All along, a broken sensor sends bad lines into every partition (they must not move the
 * watermark), and one reading dated 2099 arrives (it must be a dead letter, not a watermark that
 * closes every day). A partition that carries only bad lines is {@code ReadingWatermarksTest}'s.
 */
@ExtendWith(SharedClusters.class)
class StatisticsAcrossRestartsIT {

    private static final int PARALLELISM = 2;
    /** One partition per pump: no partition waits for idleness, which would race with the readings. */
    private static final int PARTITIONS = 3;
    private static final int MINUTES_BETWEEN_READINGS = 10;
    private static final List<String> PUMPS = List.of("ALPHA", "BRAVO", "CHARLIE");
    private static final LocalDate DAY_1 = LocalDate.of(2014, 3, 10);
    private static final byte[] BAD_LINE = "BROKEN,??,??".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FUTURE_READING =
            "ALPHA,12/31/99,23:50,10.27,1.73,881,1.56,85,1.94".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(PARALLELISM)
                    .build());

    @TempDir
    Path state;

    /** Every job a test started: a failed test must not leave one holding the slots. */
    private final List<JobClient> jobs = new ArrayList<>();

    /** The scenarios of the test, whose background threads stop with it. */
    private final List<Scenario> scenarios = new ArrayList<>();

    @AfterEach
    void cancelJobs() {
        scenarios.forEach(scenario -> scenario.watching = false);
        for (JobClient job : jobs) {
            if (!status(job).isGloballyTerminalState()) {
                try {
                    job.cancel().get(1, TimeUnit.MINUTES);
                } catch (Exception e) {
                    // the job ended meanwhile
                }
            }
        }
    }

    @Test
    void stopWithSavepointAndResumeWithAnotherParallelism(Clusters clusters) throws Exception {
        Scenario scenario = new Scenario(clusters, "savepoint");
        JobClient first = scenario.start(PARALLELISM, null, new ReadingDeserializer(KafkaReadings.parser(JobOptions.defaults())));
        scenario.sendFirstPart();
        String savepoint = first.stopWithSavepoint(false, state.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);

        JobClient resumed = scenario.start(1, savepoint, new ReadingDeserializer(KafkaReadings.parser(JobOptions.defaults())));
        scenario.sendSecondPart();
        scenario.assertExact();
        resumed.cancel().get(1, TimeUnit.MINUTES);
    }

    /** With object reuse off and on (the default), which once double-counted here when lateness was judged by timing. */
    @ParameterizedTest(name = "object reuse {0}")
    @ValueSource(booleans = {false, true})
    void failureAndRestartFromACheckpoint(boolean objectReuse, Clusters clusters) throws Exception {
        Scenario scenario = new Scenario(clusters, "failover", objectReuse);
        FailOnMarker.failed = false;
        JobClient job = scenario.start(PARALLELISM, null, new FailOnMarker());
        scenario.sendFirstPart();
        // Early results newer than the last checkpoint are stored; then the job fails, restores that
        // checkpoint, and its restored early-firing timers fire at once with the older contents.
        scenario.send(List.of(new Line("ALPHA", FailOnMarker.MARKER, null, null)));
        scenario.await("the injected failure", () -> FailOnMarker.failed);
        // The restarted job replays the readings after the checkpoint in one burst, before any
        // periodic watermark: lateness must not depend on it.
        scenario.markedAt = System.currentTimeMillis();
        scenario.awaitCheckpointAfterMark(job.getJobID());
        scenario.sendSecondPart();
        scenario.assertExact();
        job.cancel().get(1, TimeUnit.MINUTES);
    }

    @Test
    void cancelAndResumeFromTheRetainedCheckpoint(Clusters clusters) throws Exception {
        Scenario scenario = new Scenario(clusters, "cancel");
        JobClient first = scenario.start(PARALLELISM, null, new ReadingDeserializer(KafkaReadings.parser(JobOptions.defaults())));
        scenario.sendFirstPart();
        scenario.awaitCheckpointAfterMark(first.getJobID());
        first.cancel().get(1, TimeUnit.MINUTES);
        scenario.await("cancelled", () -> status(first) == JobStatus.CANCELED);

        JobClient resumed = scenario.start(PARALLELISM, newestCheckpoint(first.getJobID()), new ReadingDeserializer(KafkaReadings.parser(JobOptions.defaults())));
        scenario.sendSecondPart();
        scenario.assertExact();
        resumed.cancel().get(1, TimeUnit.MINUTES);
    }

    @Test
    void aStartWithoutStateIsRefusedOnceTheGroupHasReadTheTopic(Clusters clusters) throws Exception {
        Scenario scenario = new Scenario(clusters, "stateless");
        JobOptions options = scenario.options;
        Configuration noRestore = new Configuration();
        StartingState.check(options, noRestore); // a new group: nothing to lose

        JobClient first = scenario.start(PARALLELISM, null, new ReadingDeserializer(KafkaReadings.parser(JobOptions.defaults())));
        scenario.sendFirstPart();
        scenario.awaitCheckpointAfterMark(first.getJobID());
        scenario.await("offsets committed", () -> StartingState.committedPartitions(
                options, options.get(JobOptions.KAFKA_GROUP_ID), scenario.topic) > 0);
        first.cancel().get(1, TimeUnit.MINUTES);

        assertThatThrownBy(() -> StartingState.check(options, noRestore))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'" + options.get(JobOptions.KAFKA_GROUP_ID) + "' has read topic")
                .hasMessageContaining("--from-savepoint PATH")
                .hasMessageContaining("--start-without-state true");
        // As `flink run -s` and the REST API's jar run pass it (Flink 1.20: execution.state-recovery.path) ...
        Configuration restore = new Configuration();
        SavepointRestoreSettings.toConfiguration(
                SavepointRestoreSettings.forPath(newestCheckpoint(first.getJobID())), restore);
        StartingState.check(options, restore);
        // ... and under the key before 1.20, which a cluster's configuration may still carry.
        Configuration restoreByOldKey = new Configuration();
        restoreByOldKey.setString("execution.savepoint.path", newestCheckpoint(first.getJobID()));
        StartingState.check(options, restoreByOldKey);
        StartingState.check(options.with(Map.of("start-without-state", "true")), noRestore);
    }

    private String newestCheckpoint(JobID job) throws IOException {
        try (Stream<Path> checkpoints = Files.list(state.resolve("checkpoints").resolve(job.toHexString()))) {
            return checkpoints
                    .filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new AssertionError("no retained checkpoint of " + job))
                    .toUri().toString();
        }
    }


    /** One test's topic, tables, traffic and expectations. */
    private final class Scenario {
        final Clusters clusters;
        final JobOptions options;
        final String topic;
        final String table;
        final Random random = new Random(7);
        /** The reading that counts for each row key (the first one sent), in sending order. */
        final Map<String, SensorReading> firstSent = new LinkedHashMap<>();
        /** Row keys of readings sent too late for their day's statistics. */
        final List<String> tooLate = new ArrayList<>();
        final List<String> regressions = new CopyOnWriteArrayList<>();
        final Thread watcher;
        final Thread brokenSensor;
        volatile boolean watching = true;
        /** A moment to wait for a checkpoint after: when the first part was in HBase, or when the job failed. */
        long markedAt;

        Scenario(Clusters clusters, String name) throws Exception {
            this(clusters, name, Boolean.parseBoolean(System.getProperty("it.object-reuse", "true")));
        }

        Scenario(Clusters clusters, String name, boolean objectReuse) throws Exception {
            this.clusters = clusters;
            String unique = SharedClusters.uniqueName(name);
            topic = unique;
            table = unique + "_sensor";
            clusters.createTopic(topic, PARTITIONS);
            options = TestJobs.options(clusters, topic, unique, Map.ofEntries(
                    Map.entry("hbase.sink.flush-interval", "50 ms"),
                    Map.entry("checkpoint.interval", "300 ms"),
                    Map.entry("stats.early-firing-interval", "20 ms"),
                    Map.entry("stats.allowed-lateness", "1 h"),
                    Map.entry("watermark.out-of-orderness", "5 min"),
                    Map.entry("watermark.idleness", "1 min"),
                    Map.entry("restart.max-delay", "1 s"),
                    // -Dit.object-reuse=false runs every scenario with a copy of each record per operator.
                    Map.entry("pipeline.object-reuse", Boolean.toString(objectReuse))));
            try (Admin admin = clusters.hbase().getAdmin()) {
                new PumpTables(table, options.get(JobOptions.DEAD_LETTER_TABLE)).create(admin, 10);
            }
            scenarios.add(this);
            watcher = new Thread(this::watch, "statistics-watcher-" + unique);
            watcher.setDaemon(true);
            watcher.start();
            brokenSensor = new Thread(this::sendBadLines, "broken-sensor-" + unique);
            brokenSensor.setDaemon(true);
            brokenSensor.start();
        }

        JobClient start(int parallelism, String restoreFrom, KafkaRecordDeserializationSchema<ParsedRecord> deserializer)
                throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(parallelism);
            PumpMonitorJob.configure(env, options);
            Configuration conf = new Configuration();
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, state.resolve("checkpoints").toUri().toString());
            env.configure(conf);
            new PumpMonitorPipeline(options).build(
                    env,
                    KafkaReadings.source(options).setDeserializer(deserializer).build(),
                    PipelineSinks.hbase(options));
            StreamGraph graph = env.getStreamGraph();
            if (restoreFrom != null) {
                graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restoreFrom, false));
            }
            JobClient job = env.executeAsync(graph);
            jobs.add(job);
            await("job running", () -> status(job) == JobStatus.RUNNING);
            return job;
        }

        /** Days 1 and 2 in full, the first half of day 3, with duplicates: days 1 and 2 close. */
        void sendFirstPart() throws Exception {
            List<Line> lines = new ArrayList<>();
            LocalDateTime day3Noon = DAY_1.plusDays(2).atTime(12, 0);
            for (LocalDateTime t = DAY_1.atStartOfDay(); t.isBefore(day3Noon); t = t.plusMinutes(MINUTES_BETWEEN_READINGS)) {
                for (String pump : PUMPS) {
                    lines.add(reading(pump, t, false));
                }
                if (t.getMinute() == 30 && t.getHour() % 5 == 0) {
                    lines.add(reading("ALPHA", t, false)); // a resend with other values: the first counts
                    lines.add(copyOf(lines.get(lines.size() - 3))); // an exact resend of BRAVO's reading
                }
            }
            send(lines);
            for (String pump : PUMPS) {
                awaitStatistics(pump, DAY_1.plusDays(1), true);
                awaitStatistics(pump, DAY_1.plusDays(2), false);
            }
            markedAt = System.currentTimeMillis();
        }

        /**
         * Readings too late for days 1 and 2, resends of day 3, the rest of day 3 with one reading
         * held back until day 3 is final (a late reading within the allowed lateness), and the
         * first six hours of day 4.
         */
        void sendSecondPart() throws Exception {
            List<Line> lines = new ArrayList<>();
            lines.add(new Line("ALPHA", FUTURE_READING, null, null));
            lines.add(reading("ALPHA", DAY_1.atTime(7, 3), true));
            lines.add(reading("BRAVO", DAY_1.plusDays(1).atTime(23, 57), true));
            LocalDateTime day3 = DAY_1.plusDays(2).atStartOfDay();
            lines.add(reading("CHARLIE", day3.plusHours(3), false)); // resend, other values
            lines.add(reading("ALPHA", day3.plusHours(11).plusMinutes(50), false)); // resend
            LocalDateTime heldBack = day3.plusHours(23).plusMinutes(50);
            for (LocalDateTime t = day3.plusHours(12); t.isBefore(day3.plusDays(1).plusMinutes(30));
                    t = t.plusMinutes(MINUTES_BETWEEN_READINGS)) {
                for (String pump : PUMPS) {
                    if (!(pump.equals("CHARLIE") && t.equals(heldBack))) {
                        lines.add(reading(pump, t, false));
                    }
                }
            }
            send(lines);
            for (String pump : PUMPS) {
                awaitStatistics(pump, DAY_1.plusDays(2), true);
            }
            // Alone, so that no other partition's readings can close day 3 before it arrives.
            send(List.of(reading("CHARLIE", heldBack, false)));
            awaitStatistics("CHARLIE", DAY_1.plusDays(2), true);
            List<Line> rest = new ArrayList<>();
            for (LocalDateTime t = day3.plusDays(1).plusMinutes(30); t.isBefore(day3.plusDays(1).plusHours(6));
                    t = t.plusMinutes(MINUTES_BETWEEN_READINGS)) {
                for (String pump : PUMPS) {
                    rest.add(reading(pump, t, false));
                }
            }
            send(rest);
            for (String pump : PUMPS) {
                awaitStatistics(pump, DAY_1.plusDays(2), true);
                awaitStatistics(pump, DAY_1.plusDays(3), false);
            }
        }

        /** Waits until a checkpoint of the job completes a second after {@link #markedAt}. */
        void awaitCheckpointAfterMark(JobID job) {
            await("a checkpoint after the first part", () -> {
                try (Stream<Path> files = Files.list(state.resolve("checkpoints").resolve(job.toHexString()))) {
                    return files.anyMatch(p -> p.getFileName().toString().startsWith("chk-")
                            && Files.exists(p.resolve("_metadata"))
                            && p.resolve("_metadata").toFile().lastModified() > markedAt + 1000);
                } catch (IOException e) {
                    return false;
                }
            });
        }

        Line reading(String pump, LocalDateTime time, boolean late) {
            Line line = TestReadings.reading(random, pump, time);
            String row = Bytes.toString(readingRowKey(pump, line.expected.eventTime));
            firstSent.putIfAbsent(row, line.expected);
            if (late) {
                tooLate.add(row);
            }
            return line;
        }

        Line copyOf(Line line) {
            return new Line(line.key, line.value, line.expected, null);
        }

        void send(List<Line> lines) throws Exception {
            Map<String, Object> config = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
                for (Line line : lines) {
                    producer.send(new ProducerRecord<>(topic, PUMPS.indexOf(line.key), line.key, line.value));
                }
                producer.flush();
            }
        }

        void awaitStatistics(String pump, LocalDate day, boolean finalResult) {
            long expected = expectedReadings(pump, day).size();
            await(pump + " " + day + (finalResult ? " final" : " early") + " with " + expected + " readings", () -> {
                StatisticsCodec.DailyStats row = statistics().get(Bytes.toString(statisticsRowKey(pump, day.toString())));
                return row != null && row.count() == expected && row.finalResult() == finalResult;
            });
        }

        List<SensorReading> expectedReadings(String pump, LocalDate day) {
            List<SensorReading> readings = new ArrayList<>();
            firstSent.forEach((row, r) -> {
                if (r.pumpId.equals(pump) && !tooLate.contains(row)
                        && java.time.Instant.ofEpochMilli(r.eventTime).atZone(ZoneOffset.UTC).toLocalDate().equals(day)) {
                    readings.add(r);
                }
            });
            return readings;
        }

        Map<String, StatisticsCodec.DailyStats> statistics() {
            try {
                return StoredRows.statistics(clusters.hbase(), table);
            } catch (java.io.UncheckedIOException e) {
                return Map.of();
            }
        }

        /** A bad line into every partition every 50 ms, until the test checks the result. */
        private void sendBadLines() {
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers());
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
                while (watching) {
                    for (int partition = 0; partition < PARTITIONS; partition++) {
                        producer.send(new ProducerRecord<>(topic, partition, "BROKEN", BAD_LINE));
                    }
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Every row with a cell of family stats, decoded, in one scan; a row that does not decode
         * (seen half written) is recorded as a regression.
         */
        Map<String, StatisticsCodec.DailyStats> statisticsChecked() {
            Map<String, StatisticsCodec.DailyStats> rows = new TreeMap<>();
            try (org.apache.hadoop.hbase.client.Table t = clusters.hbase().getTable(
                    org.apache.hadoop.hbase.TableName.valueOf(table));
                    org.apache.hadoop.hbase.client.ResultScanner scanner = t.getScanner(
                            new org.apache.hadoop.hbase.client.Scan().addFamily(STATS))) {
                for (org.apache.hadoop.hbase.client.Result result : scanner) {
                    String row = Bytes.toString(result.getRow());
                    java.util.Optional<StatisticsCodec.DailyStats> decoded;
                    try {
                        decoded = StatisticsCodec.STATISTICS.decode(result);
                    } catch (RuntimeException e) {
                        decoded = java.util.Optional.empty();
                    }
                    decoded.ifPresentOrElse(s -> rows.put(row, s),
                            () -> regressions.add(row + ": a statistics row without its count or final flag"));
                }
            } catch (IOException e) {
                return Map.of();
            }
            return rows;
        }

        /** Records every stored statistics row that went back in count, or from final to early. */
        private void watch() {
            Map<String, long[]> seen = new TreeMap<>();
            while (watching) {
                statisticsChecked().forEach((row, s) -> {
                    long count = s.count();
                    long fin = s.finalResult() ? 1 : 0;
                    long[] before = seen.put(row, new long[] {count, fin});
                    if (before != null && (count < before[0] || fin < before[1])) {
                        regressions.add(row + ": count " + before[0] + (before[1] == 1 ? " final" : " early")
                                + " -> " + count + (fin == 1 ? " final" : " early"));
                    }
                });
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void assertExact() throws Exception {
            watching = false;
            watcher.join(5_000);
            brokenSensor.join(5_000);
            assertThat(regressions).as("stored statistics that went back").isEmpty();

            assertThat(StoredRows.deadLetters(clusters.hbase(), options.get(JobOptions.DEAD_LETTER_TABLE)).values())
                    .as("the reading from 2099 is a dead letter").anySatisfy(letter ->
                            assertThat(letter.reason()).startsWith(SensorReadingParser.FUTURE_REASON));

            Map<String, StatisticsCodec.DailyStats> stats = statistics();
            List<String> expectedRows = new ArrayList<>();
            for (String pump : PUMPS) {
                for (int d = 0; d < 4; d++) {
                    LocalDate day = DAY_1.plusDays(d);
                    String row = Bytes.toString(statisticsRowKey(pump, day.toString()));
                    expectedRows.add(row);
                    StatisticsCodec.DailyStats s = stats.get(row);
                    List<SensorReading> readings = expectedReadings(pump, day);
                    assertThat(s).as("statistics of %s", row).isNotNull();
                    assertThat(s.count()).as("count of %s", row).isEqualTo(readings.size());
                    assertThat(s.finalResult()).as("final flag of %s", row).isEqualTo(d < 3);
                    for (Measure m : Measure.values()) {
                        double[] values = readings.stream().mapToDouble(m::of).toArray();
                        double[] minMaxAvg = s.minMaxAvg().get(m);
                        assertThat(minMaxAvg[0]).as("%s min of %s", m, row)
                                .isEqualTo(java.util.Arrays.stream(values).min().orElseThrow());
                        assertThat(minMaxAvg[1]).as("%s max of %s", m, row)
                                .isEqualTo(java.util.Arrays.stream(values).max().orElseThrow());
                        assertThat(minMaxAvg[2]).as("%s avg of %s", m, row)
                                .isCloseTo(java.util.Arrays.stream(values).average().orElseThrow(), within(1e-9));
                    }
                }
            }
            assertThat(stats.keySet()).containsExactlyInAnyOrderElementsOf(expectedRows);

            // Every reading stored once, with the values of the first one sent for its minute. The
            // readings sink flushes on its own timer, later than the statistics' while HBase is slow.
            await("every reading stored", () -> StoredRows.readings(clusters.hbase(), table).keySet()
                    .containsAll(firstSent.keySet()));
            Map<String, ReadingCodec.Reading> data = StoredRows.readings(clusters.hbase(), table);
            assertThat(data.keySet()).containsExactlyInAnyOrderElementsOf(firstSent.keySet());
            firstSent.forEach((row, r) -> {
                for (Measure m : Measure.values()) {
                    assertThat(data.get(row).get(m)).as("%s of %s", m, row).isEqualTo(m.of(r));
                }
            });
            // The readings too late for their day are marked, and only they.
            await("every late mark stored", () -> StoredRows.lateMarks(clusters.hbase(), table).keySet()
                    .containsAll(tooLate));
            assertThat(StoredRows.lateMarks(clusters.hbase(), table).keySet())
                    .containsExactlyInAnyOrderElementsOf(tooLate);
        }

        void await(String what, BooleanSupplier condition) {
            TestJobs.await(what, Duration.ofMinutes(2), condition, () -> "; statistics: " + summary());
        }

        private String summary() {
            Map<String, String> rows = new TreeMap<>();
            statistics().forEach((row, s) -> rows.put(row, s.count() + (s.finalResult() ? " final" : " early")));
            return rows.toString();
        }
    }

    /** The job's deserializer, but the first record that is the marker fails the source once. */
    static final class FailOnMarker implements KafkaRecordDeserializationSchema<ParsedRecord> {
        static final byte[] MARKER = "fail-once".getBytes(StandardCharsets.UTF_8);
        static volatile boolean failed;

        private final ReadingDeserializer delegate = new ReadingDeserializer(KafkaReadings.parser(JobOptions.defaults()));

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) throws IOException {
            if (!failed && java.util.Arrays.equals(record.value(), MARKER)) {
                failed = true;
                throw new IOException("Injected failure at " + record.topic() + "@" + record.offset());
            }
            delegate.deserialize(record, out);
        }

        @Override
        public TypeInformation<ParsedRecord> getProducedType() {
            return delegate.getProducedType();
        }
    }
}
