package org.pumpmonitor.pumpctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.EpisodeCodec;
import org.pumpmonitor.core.hbase.HBaseClientConfig;
import org.pumpmonitor.core.hbase.LateMarkCodec;
import org.pumpmonitor.core.hbase.PumpRows;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.pumpctl.Cli.Result;
import org.pumpmonitor.pumpctl.flink.FlinkRest;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import org.pumpmonitor.pumpctl.local.Service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.pumpctl.Cli.concat;
import static org.pumpmonitor.pumpctl.local.StackFiles.deleteRecursively;
import static org.pumpmonitor.pumpctl.Cli.difference;
import static org.pumpmonitor.pumpctl.Cli.pumpctl;

/**
 * Issue 21: the job on two TaskManagers of the local stack, with a topic of 12 partitions and a
 * sensor table pre-split in 4 regions, under a steady simulator load with duplicates, late readings,
 * low pressure and bad lines. While the load runs the job is stopped with a savepoint and resumed at
 * parallelism 2, stopped again and resumed at 4, then one TaskManager is killed with SIGKILL and
 * started again. Afterwards every reading, alarm, late mark, dead letter, episode, alarm event
 * (read-committed, each once) and day of statistics is what {@link SentTraffic} works out from what
 * was sent.
 */
class ScaleOutIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String DIR = "pumpctl-cli/target/it-scale";
    private static final String TOPIC = "scale-sensor";
    private static final String ALARM_TOPIC = "scale-alarms";
    private static final String SENSOR = "scale_sensor";
    private static final String DEAD = "scale_dead";
    /** 24 pumps, 3 days of readings (103,680, sent at 600/s: about 3 minutes of load). */
    private static final String[] LOAD = {"--pumps", "24", "--start", "2014-03-10T00:00", "--duration", "72 h",
        "--low-pressure", "40", "--malformed", "15", "--duplicates", "300", "--late", "400", "--late-by", "3 h",
        "--seed", "21", "--kafka.topic", TOPIC};
    private static final String[] JOB = {"--", "--kafka.topic", TOPIC, "--kafka.group-id", "scale",
        "--kafka.alarm-topic", ALARM_TOPIC, "--hbase.table.sensor", SENSOR, "--hbase.table.dead-letters", DEAD,
        "--checkpoint.interval", "2 s", "--stats.early-firing-interval", "2 s"};

    private static final FlinkRest FLINK = new FlinkRest(LocalAddresses.FLINK_URL);

    @BeforeAll
    static void up() {
        System.setProperty("pumpctl.root", ROOT.toString());
        pumpctl("local", "down", "--dir", DIR);
        try {
            deleteRecursively(ROOT.resolve(DIR));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Result up = pumpctl("local", "up", "--taskmanagers", "2", "--dir", DIR);
        assertThat(up.code()).as(up.err() + up.out()).isZero();
    }

    @AfterAll
    static void down() {
        Cli.stopStack(ROOT, DIR);
    }

    @Test
    void rescaledAndATaskManagerKilledEverythingStoredIsWhatWasSent() throws Exception {
        Result status = pumpctl("local", "status", "--dir", DIR);
        assertThat(status.out()).containsPattern("flink-taskmanager +running").containsPattern("flink-taskmanager-2 +running");
        assertThat(FLINK.get("/taskmanagers").path("taskmanagers")).extracting(tm -> tm.path("id").asText())
                .map(id -> id.substring(0, id.lastIndexOf('_')))
                .containsExactlyInAnyOrder("flink-taskmanager", "flink-taskmanager-2");

        List<String> sent = pumpctl(concat(new String[] {"simulate", "--dry-run", "--quiet"}, LOAD)).out().lines().toList();
        SentTraffic expected = new SentTraffic(sent);
        Path pumps = ROOT.resolve(DIR).resolve("pumps.csv");
        Files.write(pumps, expected.readings.keySet().stream().map(k -> k.substring(0, k.indexOf('@'))).distinct().toList());
        Result setup = pumpctl("setup", "--kafka.topic", TOPIC, "--kafka.alarm-topic", ALARM_TOPIC,
                "--hbase.table.sensor", SENSOR, "--hbase.table.dead-letters", DEAD,
                "--partitions", "12", "--regions", "4", "--split-pumps", pumps.toString());
        assertThat(setup.out()).as(setup.err()).contains("created topic " + TOPIC + " with 12 partitions")
                .contains("created table " + SENSOR + " in 4 regions");

        String job = submit(4, false);
        CompletableFuture<Result> load = CompletableFuture.supplyAsync(
                () -> pumpctl(concat(new String[] {"simulate", "--quiet", "--rate", "600"}, LOAD)));

        job = stopAndResume(job, 2);
        job = stopAndResume(job, 4);

        // A TaskManager lost as in a crash, and started again: the job restarts from its last checkpoint.
        awaitProgress(job, 10_000);
        awaitCheckpoint(job);
        assertThat(pumpctl("local", "down", "flink-taskmanager-2", "--kill", "--dir", DIR).out()).contains("killed");
        Result again = pumpctl("local", "up", "--dir", DIR);
        assertThat(again.out()).as(again.err()).containsPattern("flink-taskmanager-2 +ready");
        String restarted = job;
        await("the job restarted after the TaskManager was lost", Duration.ofMinutes(2), () -> restarts(restarted) > 0);
        FLINK.awaitTasksRunning(job, Duration.ofMinutes(2));
        assertThat(load.isDone()).as("the load still runs after the kill (else the test proves less)").isFalse();

        Result sentResult = load.get(5, TimeUnit.MINUTES);
        assertThat(sentResult.code()).as(sentResult.err()).isZero();
        assertThat(sentResult.err() + sentResult.out()).contains("sent " + sent.size());

        // Until it all matches, or 3 minutes: then the assertions below say what differs.
        poll(Duration.ofMinutes(3),
                () -> stored().readings.size() >= expected.readings.size()
                        && stored().days.equals(expected.days) && alarmEvents().equals(new ArrayList<>(expected.alarmEvents)));

        Stored stored = stored();
        assertThat(difference(stored.readings, expected.readings)).as("readings").isEmpty();
        assertThat(difference(stored.alarms, expected.alarms)).as("alarms").isEmpty();
        assertThat(expected.lateMarks).as("the load has readings too late for their day").hasSizeGreaterThan(5);
        assertThat(stored.lateMarks).as("late marks").isEqualTo(expected.lateMarks);
        assertThat(difference(stored.days, expected.days)).as("statistics").isEmpty();
        assertThat(difference(stored.episodes, expected.episodes)).as("episodes").isEmpty();
        assertThat(alarmEvents()).as("alarm events, read committed, each once")
                .containsExactlyElementsOf(expected.alarmEvents);
        assertThat(deadLetters()).as("dead letters").isEqualTo(expected.deadLetters).isPositive();
    }

    /** Submits the job (resuming from the newest savepoint of its group when asked); waits until it runs. */
    private static String submit(int parallelism, boolean resume) throws Exception {
        Result submit = pumpctl(concat(new String[] {"submit", "--parallelism", Integer.toString(parallelism)}, JOB));
        assertThat(submit.code()).as(submit.err()).isZero();
        if (resume) {
            assertThat(submit.err()).contains("resuming from ");
        }
        String job = submit.out().strip();
        FLINK.awaitTasksRunning(job, Duration.ofMinutes(2));
        int running = 0;
        for (JsonNode vertex : FLINK.get("/jobs/" + job).path("vertices")) {
            running = Math.max(running, vertex.path("parallelism").asInt());
        }
        assertThat(running).as("the job's parallelism").isEqualTo(parallelism);
        // taskmanager.load-balance.mode SLOTS (flink-conf/): the slots are spread over the TaskManagers.
        List<Integer> used = new ArrayList<>();
        FLINK.get("/taskmanagers").path("taskmanagers").forEach(tm ->
                used.add(tm.path("slotsNumber").asInt() - tm.path("freeSlots").asInt()));
        assertThat(used).as("slots in use on each TaskManager").hasSize(2)
                .allMatch(n -> n == parallelism / 2);
        return job;
    }

    private static String stopAndResume(String job, int parallelism) throws Exception {
        awaitProgress(job, 15_000);
        awaitCheckpoint(job);
        Result stop = pumpctl("stop", job);
        assertThat(stop.code()).as(stop.err() + stop.out()).isZero();
        assertThat(stop.out()).contains("savepoint-");
        return submit(parallelism, true);
    }

    /**
     * Waits until this job has read so many records from Kafka, so that the state a stop or a kill
     * puts at risk holds part of the load (a lost savepoint then shows in the statistics).
     */
    private static void awaitProgress(String job, long records) throws Exception {
        await(job + " has read " + records + " records", Duration.ofMinutes(2), () -> {
            try {
                for (JsonNode vertex : FLINK.get("/jobs/" + job).path("vertices")) {
                    if (vertex.path("name").asText().startsWith("Source")) {
                        return vertex.path("metrics").path("write-records").asLong() >= records;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** Waits for a checkpoint completed after this call: the job has made progress that a restart keeps. */
    private static void awaitCheckpoint(String job) throws Exception {
        long before = FLINK.get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong();
        await("a checkpoint of " + job, Duration.ofMinutes(1), () -> {
            try {
                return FLINK.get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong() > before;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static long restarts(String job) {
        try {
            return FLINK.get("/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries").size();
        } catch (Exception e) {
            return 0;
        }
    }

    /** What the sensor table holds, decoded by the job's codecs. */
    private record Stored(Map<String, Double> readings, Map<String, Double> alarms, Set<String> lateMarks,
                          Map<String, SentTraffic.Day> days, Map<String, String> episodes) {
    }

    private static Stored stored() {
        Stored stored = new Stored(new TreeMap<>(), new TreeMap<>(), new TreeSet<>(), new TreeMap<>(), new TreeMap<>());
        try (Connection hbase = ConnectionFactory.createConnection(HBaseClientConfig.configuration(LocalAddresses.ZOOKEEPER));
                Table table = hbase.getTable(TableName.valueOf(SENSOR));
                ResultScanner rows = table.getScanner(new Scan().setCaching(2000))) {
            for (org.apache.hadoop.hbase.client.Result row : rows) {
                PumpRows.SensorKey key = PumpRows.sensorKey(row.getRow()).orElseThrow();
                if (key.isReading()) {
                    String k = key.pump() + "@" + key.time();
                    ReadingCodec.READINGS.decode(row).ifPresent(r -> stored.readings.put(k, r.measures().get(Measure.PSI)));
                    AlarmCodec.ALARMS.decode(row).ifPresent(a -> stored.alarms.put(k, a.psi()));
                    LateMarkCodec.LATE_MARKS.decode(row).ifPresent(l -> stored.lateMarks.add(k));
                    EpisodeCodec.EPISODES.decode(row).ifPresent(e -> stored.episodes.put(k, e.open() ? "open" : "cleared"));
                } else {
                    StatisticsCodec.STATISTICS.decode(row).ifPresent(s -> stored.days.put(s.pump() + "@" + s.day(),
                            new SentTraffic.Day(s.count(), s.minMaxAvg().get(Measure.PSI)[0],
                                    s.minMaxAvg().get(Measure.PSI)[1])));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return stored;
    }

    private static long deadLetters() throws Exception {
        long count = 0;
        try (Connection hbase = ConnectionFactory.createConnection(HBaseClientConfig.configuration(LocalAddresses.ZOOKEEPER));
                Table table = hbase.getTable(TableName.valueOf(DEAD));
                ResultScanner rows = table.getScanner(new Scan())) {
            for (org.apache.hadoop.hbase.client.Result ignored : rows) {
                count++;
            }
        }
        return count;
    }

    /** Every committed alarm event of the topic, as {@code PUMP TYPE start}, in order, duplicates kept. */
    private static List<String> alarmEvents() {
        ObjectMapper json = new ObjectMapper();
        List<String> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalAddresses.KAFKA_BOOTSTRAP,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(ALARM_TOPIC).stream()
                    .map(p -> new TopicPartition(ALARM_TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event = json.readTree(record.value());
                    events.add(event.path("pump").asText() + " " + event.path("type").asText() + " "
                            + event.path("start").asText(event.path("time").asText()));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        events.sort(null);
        return events;
    }

    private static boolean poll(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(500);
        }
        return true;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(500);
        }
    }
}
