package org.pumpmonitor.job;

import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.DeadLetterCodec;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;
import org.pumpmonitor.job.testing.StoredRows;
import org.pumpmonitor.job.source.KafkaReadings;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.CheckpointSafeHBaseSink;
import org.pumpmonitor.job.sinks.PipelineSinks;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pumpmonitor.core.hbase.PumpRows;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.core.model.DeadLetter;
import org.pumpmonitor.job.source.ParsedRecord;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.job.source.ReadingDeserializer;
import org.pumpmonitor.job.stats.CalendarDayWindows;
import org.pumpmonitor.testkit.HBaseContents;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;
import org.pumpmonitor.job.testing.TestJobs;
import org.pumpmonitor.job.testing.TestReadings;
import org.pumpmonitor.job.testing.TestReadings.Line;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.pumpmonitor.core.hbase.PumpSchema.*;

/**
 * The whole job on a Flink MiniCluster, reading a real Kafka broker and writing a real HBase;
 * HBase's contents are compared with what the test data says they must be.
 */
@ExtendWith(SharedClusters.class)
class PumpMonitorJobIT {

    private static final int PARTITIONS = 4;
    private static final int PARALLELISM = 2;

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(PARALLELISM)
                    .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                    .build());

    private static String topic;
    private static List<Line> lines;
    /** Kafka coordinates ("partition@offset") of every bad line, with the line. */
    private static Map<String, Line> badLinesByCoordinates;

    @BeforeAll
    static void produceTestData(Clusters clusters) throws Exception {
        topic = SharedClusters.uniqueName("readings");
        clusters.createTopic(topic, PARTITIONS);
        lines = TestReadings.generate(42, 6, 3, 5);
        badLinesByCoordinates = new HashMap<>();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Line line : lines) {
                sent.add(producer.send(new ProducerRecord<>(topic, line.key, line.value)));
            }
            producer.flush();
            for (int i = 0; i < lines.size(); i++) {
                RecordMetadata metadata = sent.get(i).get();
                if (lines.get(i).expected == null) {
                    badLinesByCoordinates.put(metadata.partition() + "@" + metadata.offset(), lines.get(i));
                }
            }
        }
    }

    @Test
    void storesEveryReadingAlarmDailyStatisticAndDeadLetter(Clusters clusters) throws Exception {
        JobOptions options = optionsFor(clusters, SharedClusters.uniqueName("clean"));
        JobExecutionResult result = run(clusters, options, new ReadingDeserializer(KafkaReadings.parser(JobOptions.defaults())));

        assertStoredStateIsExpected(clusters, options);

        List<SensorReading> readings = expectedReadings();
        long alarms = readings.stream().filter(r -> r.psi < 5.0).count();
        assertThat(counter(result, "readingsParsed")).isEqualTo(readings.size());
        assertThat(counter(result, "alarmsRaised")).isEqualTo(alarms);
        assertThat(counter(result, "deadLetters")).isEqualTo(badLinesByCoordinates.size());
        assertThat(counter(result, "lateReadings")).isZero();
        // How long HBase kept the sinks waiting: every sink times its periodic flushes (an alarm
        // sink's come every 20 ms), and says when the next comes: within its interval's bounds.
        assertThat(METRICS.findMetrics(result.getJobID(), CheckpointSafeHBaseSink.PERIODIC_FLUSH_MICROS).values()
                .stream().filter(m -> m instanceof Histogram).mapToLong(m -> ((Histogram) m).getCount()).sum())
                .isPositive();
        List<Long> delays = METRICS.findMetrics(result.getJobID(), CheckpointSafeHBaseSink.NEXT_FLUSH_DELAY_MILLIS)
                .values().stream().filter(m -> m instanceof Gauge).map(m -> (Long) ((Gauge<?>) m).getValue()).toList();
        assertThat(delays).isNotEmpty().allSatisfy(delay -> assertThat(delay).isBetween(20L, 1_000L));
    }

    @Test
    void aFailureMidStreamLeavesExactlyTheStateOfAFailureFreeRun(Clusters clusters) throws Exception {
        JobOptions clean = optionsFor(clusters, SharedClusters.uniqueName("reference"));
        run(clusters, clean, new ReadingDeserializer(KafkaReadings.parser(JobOptions.defaults())));

        JobOptions failing = optionsFor(clusters, SharedClusters.uniqueName("failover"));
        FailOnceDeserializer.reset(lines.size() * 2 / 3);
        run(clusters, failing, new FailOnceDeserializer());

        assertThat(FailOnceDeserializer.failed).as("the injected failure happened").isTrue();
        assertThat(FailOnceDeserializer.records.get())
                .as("records were read again after the restart")
                .isGreaterThan(lines.size());
        assertStoredStateIsExpected(clusters, failing);
        for (JobOptions.Option<String> table : List.of(JobOptions.SENSOR_TABLE, JobOptions.DEAD_LETTER_TABLE)) {
            assertThat(HBaseContents.dump(clusters.hbase(), failing.get(table)))
                    .as("table %s after a failure", table)
                    .isEqualTo(HBaseContents.dump(clusters.hbase(), clean.get(table)));
        }
    }

    private void assertStoredStateIsExpected(Clusters clusters, JobOptions options) throws Exception {
        String sensor = options.get(JobOptions.SENSOR_TABLE);
        List<SensorReading> readings = expectedReadings();

        // Readings: one row each, every measure as generated, versioned by event time.
        Map<String, ReadingCodec.Reading> data = StoredRows.readings(clusters.hbase(), sensor);
        assertThat(data).hasSize(readings.size());
        for (SensorReading r : readings) {
            ReadingCodec.Reading row = data.get(Bytes.toString(readingRowKey(r.pumpId, r.eventTime)));
            assertThat(row).as("row of %s", r).isNotNull();
            for (Measure m : Measure.values()) {
                assertThat(row.get(m)).as("%s of %s", m, r).isEqualTo(m.of(r));
            }
        }

        // Alarms: exactly the low-pressure readings, each in a row that still has its reading.
        Map<String, AlarmCodec.Alarm> alerts = StoredRows.alarms(clusters.hbase(), sensor);
        Map<String, Double> expectedAlarms = new TreeMap<>();
        readings.stream().filter(r -> r.psi < 5.0)
                .forEach(r -> expectedAlarms.put(Bytes.toString(readingRowKey(r.pumpId, r.eventTime)), r.psi));
        assertThat(expectedAlarms).hasSizeGreaterThan(50);
        assertThat(alerts.keySet()).containsExactlyElementsOf(expectedAlarms.keySet());
        expectedAlarms.forEach((row, psi) -> {
            assertThat(alerts.get(row).psi()).isEqualTo(psi);
            assertThat(alerts.get(row).threshold()).isEqualTo(5.0);
            assertThat(data).as("reading of alarm %s", row).containsKey(row);
        });

        // Daily statistics: one final row per pump and day, with values computed here.
        Map<String, StatisticsCodec.DailyStats> stats = StoredRows.statistics(clusters.hbase(), sensor);
        Map<String, List<SensorReading>> byPumpDay = new TreeMap<>();
        for (SensorReading r : readings) {
            String day = Instant.ofEpochMilli(r.eventTime).atZone(ZoneOffset.UTC).toLocalDate().toString();
            byPumpDay.computeIfAbsent(Bytes.toString(statisticsRowKey(r.pumpId, day)), k -> new ArrayList<>()).add(r);
        }
        assertThat(stats.keySet()).containsExactlyElementsOf(byPumpDay.keySet());
        byPumpDay.forEach((row, dayReadings) -> {
            StatisticsCodec.DailyStats s = stats.get(row);
            assertThat(s.count()).as("count of %s", row).isEqualTo(dayReadings.size());
            assertThat(s.finalResult()).as("final flag of %s", row).isTrue();
            for (Measure m : Measure.values()) {
                double[] values = dayReadings.stream().mapToDouble(m::of).toArray();
                assertThat(s.minMaxAvg().get(m)[0]).isEqualTo(Arrays.stream(values).min().orElseThrow());
                assertThat(s.minMaxAvg().get(m)[1]).isEqualTo(Arrays.stream(values).max().orElseThrow());
                assertThat(s.minMaxAvg().get(m)[2])
                        .as("%s average of %s", m, row)
                        .isCloseTo(Arrays.stream(values).average().orElseThrow(), within(1e-9));
            }
        });

        // Nothing was too late.
        assertThat(StoredRows.lateMarks(clusters.hbase(), sensor)).isEmpty();

        // Every cell exactly once, with the version its record determines.
        for (Cell cell : HBaseContents.allCells(clusters.hbase(), sensor)) {
            String row = Bytes.toString(CellUtil.cloneRow(cell));
            String family = Bytes.toString(CellUtil.cloneFamily(cell));
            PumpRows.SensorKey key = PumpRows.sensorKey(CellUtil.cloneRow(cell)).orElseThrow();
            assertThat(key.isReading()).as("row %s of family %s", row, family).isEqualTo(!family.equals("stats"));
            if (family.equals("episode")) {
                // Raised: the start (the row's time); cleared: the clearing time, later.
                assertThat(cell.getTimestamp()).as("version of %s", row).isGreaterThanOrEqualTo(key.time().toEpochMilli());
            } else if (family.equals("stats")) {
                long dayEnd = key.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                long count = stats.get(row).count();
                assertThat(cell.getTimestamp()).as("version of %s", row).isEqualTo(statisticsVersion(dayEnd, count, true));
            } else {
                assertThat(cell.getTimestamp()).as("version of %s", row).isEqualTo(key.time().toEpochMilli());
            }
        }
        int cellsPerStatsRow = 6 + 3 * Measure.values().length;
        int cellsPerReadingRow = 1; // data:m, the six measures
        // Episode rows of the built-in rule: 14 cells, open or cleared (`end` is "" while open; one version each).
        long episodeCells = StoredRows.episodes(clusters.hbase(), sensor).values().stream()
                .mapToLong(episode -> 14).sum();
        assertThat(HBaseContents.allCells(clusters.hbase(), sensor))
                .as("no extra versions")
                .hasSize(readings.size() * cellsPerReadingRow + expectedAlarms.size() * 2
                        + byPumpDay.size() * cellsPerStatsRow + (int) episodeCells);

        // Dead letters: one row per bad record, keyed by its Kafka coordinates.
        String deadLetterTable = options.get(JobOptions.DEAD_LETTER_TABLE);
        Map<String, DeadLetterCodec.StoredDeadLetter> letters = StoredRows.deadLetters(clusters.hbase(), deadLetterTable);
        assertThat(letters).hasSize(badLinesByCoordinates.size());
        badLinesByCoordinates.forEach((coordinates, line) -> {
            String[] parts = coordinates.split("@");
            String row = Bytes.toString(deadLetterRowKey(topic, Integer.parseInt(parts[0]), Long.parseLong(parts[1])));
            DeadLetterCodec.StoredDeadLetter letter = letters.get(row);
            assertThat(letter).as("dead letter %s", row).isNotNull();
            assertThat(letter.reason()).startsWith(line.expectedReason);
            assertThat(letter.raw())
                    .isEqualTo(Arrays.copyOf(line.value, Math.min(line.value.length, DeadLetter.MAX_RAW_BYTES)));
            assertThat(letter.rawSize()).isEqualTo(line.value.length);
        });
        assertThat(HBaseContents.allCells(clusters.hbase(), deadLetterTable)).hasSize(badLinesByCoordinates.size() * 7);
    }

    private static List<SensorReading> expectedReadings() {
        List<SensorReading> readings = new ArrayList<>();
        lines.stream().filter(l -> l.expected != null).forEach(l -> readings.add(l.expected));
        return readings;
    }

    private static JobOptions optionsFor(Clusters clusters, String name) throws Exception {
        JobOptions options = TestJobs.options(clusters, topic, name, Map.of(
                "hbase.sink.flush-interval", "100 ms",
                "checkpoint.interval", "200 ms",
                "stats.early-firing-interval", "50 ms",
                "restart.max-delay", "1 s"));
        // A bounded run reads the rules up to the topic's end too: the topic must exist (no rules in it).
        clusters.createTopic(options.get(JobOptions.KAFKA_RULES_TOPIC), 1);
        try (Admin admin = clusters.hbase().getAdmin()) {
            // More versions than the product keeps, so that a non-idempotent write would show.
            new PumpTables(options.get(JobOptions.SENSOR_TABLE), options.get(JobOptions.DEAD_LETTER_TABLE))
                    .create(admin, 10);
        }
        return options;
    }

    private static JobExecutionResult run(
            Clusters clusters, JobOptions options, KafkaRecordDeserializationSchema<ParsedRecord> deserializer)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        PumpMonitorJob.configure(env, options);
        new PumpMonitorPipeline(options).build(
                env,
                KafkaReadings.source(options)
                        .setDeserializer(deserializer)
                        .setBounded(OffsetsInitializer.latest())
                        .build(),
                PipelineSinks.hbase(options));
        JobClient job = env.executeAsync(options.get(JobOptions.JOB_NAME));
        return job.getJobExecutionResult().get(5, TimeUnit.MINUTES);
    }

    private static long counter(JobExecutionResult result, String name) {
        // findMetrics matches parts of identifiers, and operator names are parts of them too.
        return METRICS.findMetrics(result.getJobID(), name).entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + name) && e.getValue() instanceof Counter)
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }

    /** The job's deserializer, but the source fails once after a number of records. */
    static final class FailOnceDeserializer implements KafkaRecordDeserializationSchema<ParsedRecord> {
        static volatile boolean failed;
        static final AtomicLong records = new AtomicLong();
        static volatile long failAfter;

        private final ReadingDeserializer delegate = new ReadingDeserializer(KafkaReadings.parser(JobOptions.defaults()));

        static void reset(long after) {
            failed = false;
            records.set(0);
            failAfter = after;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out)
                throws java.io.IOException {
            if (records.incrementAndGet() > failAfter && !failed) {
                failed = true;
                throw new java.io.IOException("Injected failure after " + failAfter + " records");
            }
            delegate.deserialize(record, out);
        }

        @Override
        public TypeInformation<ParsedRecord> getProducedType() {
            return delegate.getProducedType();
        }
    }
}
