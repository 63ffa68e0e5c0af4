package org.pumpmonitor.pumpctl.dashboard;

import org.pumpmonitor.job.source.KafkaReadings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.PipelineSinks;
import org.pumpmonitor.job.PumpMonitorJob;
import org.pumpmonitor.job.PumpMonitorPipeline;
import org.pumpmonitor.core.hbase.PumpRows;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.simulator.Reading;
import org.pumpmonitor.simulator.SensorCsv;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24, item 10, as a new user meets it: the job runs (on a MiniCluster, with the product's
 * Kafka source and HBase sinks and its default options), ten new pumps send readings, and the
 * dashboard must list each pump within seconds of its first reading being stored, long before the
 * first early statistics (60 s).
 */
@ExtendWith(SharedClusters.class)
class DashboardFollowsTheJobIT {

    private static final int PUMPS = 10;
    /** Within a few seconds of it reaching HBase, as issue 11 asked. */
    private static final Duration WITHIN = Duration.ofSeconds(5);

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aNewPumpShowsWithinSecondsOfItsFirstStoredReading(Clusters clusters) throws Exception {
        String name = SharedClusters.uniqueName("live");
        clusters.createTopic(name, 2);
        JobOptions options = JobOptions.defaults().with(Map.of(
                "kafka.bootstrap-servers", clusters.kafkaBootstrapServers(),
                "kafka.topic", name,
                "kafka.group-id", name,
                "hbase.zookeeper.quorum", clusters.zookeeperQuorum(),
                "hbase.table.sensor", name + "_sensor",
                "hbase.table.dead-letters", name + "_dead_letters"));
        String sensor = options.get(JobOptions.SENSOR_TABLE);
        new PumpTables(sensor, options.get(JobOptions.DEAD_LETTER_TABLE)).createAll(clusters.hbaseConfiguration());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
        PumpMonitorJob.configure(env, options);
        new PumpMonitorPipeline(options).build(env, KafkaReadings.source(options).build(), PipelineSinks.hbase(options));
        JobClient job = env.executeAsync("dashboard follows the job");
        try (Dashboard dashboard = new Dashboard(clusters.hbase(), sensor, options.get(JobOptions.DEAD_LETTER_TABLE),
                Duration.ofMinutes(10))) {
            String url = "http://127.0.0.1:" + dashboard.start("127.0.0.1", 0);
            send(clusters, name);

            // When each pump's first reading was readable in HBase, and when the overview first listed it.
            Map<String, Long> stored = new TreeMap<>();
            Map<String, Long> listed = new TreeMap<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (listed.size() < PUMPS || stored.size() < PUMPS) {
                long now = System.nanoTime();
                storedPumps(clusters, sensor).forEach(p -> stored.putIfAbsent(p, now));
                listedPumps(url).forEach(p -> listed.putIfAbsent(p, now));
                boolean late = stored.entrySet().stream().anyMatch(s -> !listed.containsKey(s.getKey())
                        && now - s.getValue() > WITHIN.toNanos());
                if (late || now > deadline) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(stored).as("pumps with a stored reading").hasSize(PUMPS);
            Map<String, Duration> delays = new TreeMap<>();
            stored.forEach((pump, at) -> delays.put(pump,
                    listed.containsKey(pump) ? Duration.ofNanos(listed.get(pump) - at) : null));
            System.out.println("From a pump's first stored reading to the overview listing it: " + delays);
            assertThat(delays).as("from a pump's first stored reading to the overview listing it (null: not listed "
                    + "within " + WITHIN.toSeconds() + " s)").allSatisfy((pump, delay) ->
                    assertThat(delay).isNotNull().isLessThanOrEqualTo(WITHIN.plusMillis(200)));

            // And a person opening the page sees them.
            var chromium = Chromium.find(Path.of("target/dashboard/chromium-live"));
            if (chromium.isPresent()) {
                String page = chromium.get().render(url + "/index.html", Path.of("target/dashboard/live.png"), 600);
                assertThat(page.split("class=\"pump-row", -1)).as("pump rows on the page").hasSize(PUMPS + 1);
            }
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    /** Five minutes of readings of ten new pumps, up to the current minute (UTC, the job's default zone). */
    private static void send(Clusters clusters, String topic) throws Exception {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int minute = 4; minute >= 0; minute--) {
                for (int p = 0; p < PUMPS; p++) {
                    String pump = "NEW" + p;
                    Reading reading = new Reading(pump, now.minusMinutes(minute), 10.2, 1.7, 880, 1.5, 80 + p, 1.9);
                    producer.send(new ProducerRecord<>(topic, pump, SensorCsv.format(reading)));
                }
            }
            producer.flush();
        }
    }

    /** The pumps that have a reading in table sensor. */
    private static Set<String> storedPumps(Clusters clusters, String sensor) throws Exception {
        Set<String> pumps = new HashSet<>();
        try (Table table = clusters.hbase().getTable(TableName.valueOf(sensor));
                ResultScanner scanner = table.getScanner(new Scan().addFamily(PumpSchema.DATA)
                        .setFilter(new FirstKeyOnlyFilter()))) {
            scanner.forEach(r -> PumpRows.sensorKey(r.getRow()).ifPresent(k -> pumps.add(k.pump())));
        }
        return pumps;
    }

    private static Set<String> listedPumps(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/pumps"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Set<String> pumps = new HashSet<>();
        for (JsonNode pump : JSON.readTree(response.body()).get("pumps")) {
            pumps.add(pump.get("pump").asText());
        }
        return pumps;
    }
}
