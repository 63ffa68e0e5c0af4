package org.pumpmonitor.pumpctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pumpmonitor.job.hbase.AlarmMutations;
import org.pumpmonitor.job.hbase.DeadLetterMutations;
import org.pumpmonitor.job.hbase.EpisodeMutations;
import org.pumpmonitor.job.model.AlarmEvent;
import org.pumpmonitor.job.hbase.HBaseConnections;
import org.pumpmonitor.job.hbase.LateReadingMutations;
import org.pumpmonitor.job.hbase.PumpTables;
import org.pumpmonitor.job.hbase.ReadingMutations;
import org.pumpmonitor.job.hbase.StatisticsMutations;
import org.pumpmonitor.job.model.DailyStatistics;
import org.pumpmonitor.job.model.DeadLetter;
import org.pumpmonitor.job.model.KafkaRecord;
import org.pumpmonitor.job.model.Measure;
import org.pumpmonitor.job.model.PressureAlarm;
import org.pumpmonitor.job.model.SensorReading;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's JSON API and pages on the real HBase mini cluster, with rows written by the
 * job's own converters; the pages rendered by headless Chromium (Debian's chromium, which
 * .ci/run installs), with screenshots under target/dashboard/.
 */
@ExtendWith(SharedClusters.class)
class DashboardIT {

    /** The dashboard's "now": replays and tests fix it with ?now=. */
    private static final Instant NOW = Instant.parse("2014-03-10T12:00:00Z");
    private static final String SENSOR = SharedClusters.uniqueName("dash_sensor");
    private static final String DEAD = SharedClusters.uniqueName("dash_dead");
    private static final Path SHOTS = Path.of("target/dashboard");

    private static Dashboard dashboard;
    private static String url;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Pump 0012 (an id that looks like a number): 12 hours of readings, one a minute, healthy.
     * Pump MOJO: the same, with its last 5 readings under 5 psi (alarms), a day of statistics
     * before, and one late reading. Pump SILENT: readings until two hours before now.
     */
    @BeforeAll
    static void start(Clusters clusters) throws Exception {
        new PumpTables(SENSOR, DEAD).createAll(clusters.hbaseConfiguration());
        List<Mutation> rows = new ArrayList<>();
        Instant dayStart = Instant.parse("2014-03-10T00:00:00Z");
        for (String pump : List.of("0012", "MOJO", "SILENT")) {
            Instant end = pump.equals("SILENT") ? NOW.minus(Duration.ofHours(2)) : NOW;
            for (Instant t = dayStart; t.isBefore(end); t = t.plusSeconds(60)) {
                boolean low = pump.equals("MOJO") && !t.isBefore(NOW.minusSeconds(300));
                double psi = low ? 3.5 : 80 + (t.getEpochSecond() / 60) % 7;
                SensorReading r = new SensorReading(pump, t.toEpochMilli(), 10.2, 1.7, 880, 1.5, psi, 1.9);
                rows.add(new ReadingMutations().convertToMutation(r));
                if (low) {
                    rows.add(new AlarmMutations().convertToMutation(new PressureAlarm(pump, t.toEpochMilli(), psi, 5.0)));
                }
            }
            rows.add(new StatisticsMutations().convertToMutation(day(pump, "2014-03-09", 1440, true)));
            rows.add(new StatisticsMutations().convertToMutation(day(pump, "2014-03-10", 720, false)));
        }
        // Episodes, as the job stores them: MOJO's open since 11:55; a cleared one of 0012 in the morning.
        AlarmEvent open = AlarmEvent.of("MOJO", AlarmEvent.RAISED, NOW.minusSeconds(300).toEpochMilli(), 3.5);
        open.start = open.time;
        open.minPsi = 3.5;
        open.minPsiTime = open.time;
        open.readings = 1;
        rows.add(new EpisodeMutations().convertToMutation(open));
        AlarmEvent cleared = AlarmEvent.of("0012", AlarmEvent.CLEARED, Instant.parse("2014-03-10T08:10:00Z").toEpochMilli(), 80);
        cleared.start = Instant.parse("2014-03-10T08:00:00Z").toEpochMilli();
        cleared.end = Instant.parse("2014-03-10T08:09:00Z").toEpochMilli();
        cleared.minPsi = 1.5;
        cleared.minPsiTime = Instant.parse("2014-03-10T08:03:00Z").toEpochMilli();
        cleared.readings = 9;
        rows.add(new EpisodeMutations().convertToMutation(cleared));
        SensorReading late = new SensorReading("MOJO", Instant.parse("2014-03-10T03:00:30Z").toEpochMilli(),
                10, 1, 800, 1, 70, 2);
        rows.add(new ReadingMutations().convertToMutation(late));
        rows.add(new LateReadingMutations(ZoneId.of("UTC")).convertToMutation(late));
        try (Table table = clusters.hbase().getTable(TableName.valueOf(SENSOR))) {
            table.put(rows.stream().map(m -> (Put) m).toList());
        }
        try (Table table = clusters.hbase().getTable(TableName.valueOf(DEAD))) {
            for (int i = 0; i < 3; i++) {
                KafkaRecord record = new KafkaRecord("pump-sensor", 0, 100 + i, NOW.toEpochMilli() + i,
                        ("bad line " + i).getBytes(StandardCharsets.UTF_8));
                table.put((Put) new DeadLetterMutations().convertToMutation(DeadLetter.of(record, "reason " + i)));
            }
        }
        dashboard = new Dashboard(clusters.hbase(), SENSOR, DEAD, Duration.ofMinutes(10));
        url = "http://127.0.0.1:" + dashboard.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    private static DailyStatistics day(String pump, String day, long count, boolean finalResult) {
        DailyStatistics s = new DailyStatistics();
        s.pumpId = pump;
        s.day = day;
        s.windowStart = Instant.parse(day + "T00:00:00Z").toEpochMilli();
        s.windowEnd = s.windowStart + 86_400_000L;
        s.count = count;
        s.finalResult = finalResult;
        int n = Measure.values().length;
        s.min = new double[n];
        s.max = new double[n];
        s.avg = new double[n];
        java.util.Arrays.fill(s.min, 1.25);
        java.util.Arrays.fill(s.max, 86.5);
        java.util.Arrays.fill(s.avg, 42.75);
        return s;
    }

    @Test
    void theOverviewListsEveryPumpWithItsStateTypedByTheSchema() throws Exception {
        JsonNode body = get("/api/pumps?now=" + NOW, 200);
        assertThat(body.get("now").asText()).isEqualTo(NOW.toString());
        JsonNode pumps = body.get("pumps");
        assertThat(pumps).extracting(p -> p.get("pump").asText()).containsExactly("0012", "MOJO", "SILENT");
        JsonNode first = pumps.get(0);
        assertThat(first.get("pump").isTextual()).as("pump ids stay strings").isTrue();
        assertThat(first.get("silent").asBoolean()).isFalse();
        assertThat(first.get("inAlarm").asBoolean()).isFalse();
        assertThat(first.get("lastReading").asText()).isEqualTo("2014-03-10T11:59:00Z");
        assertThat(first.get("newestDay").get("day").asText()).isEqualTo("2014-03-10");
        assertThat(first.get("newestDay").get("count").isIntegralNumber()).isTrue();
        assertThat(first.get("newestDay").get("final").isBoolean()).isTrue();
        JsonNode mojo = pumps.get(1);
        assertThat(mojo.get("inAlarm").asBoolean()).isTrue();
        assertThat(mojo.get("alarmsLastHour").asInt()).isEqualTo(5);
        assertThat(mojo.get("psi").asDouble()).isEqualTo(3.5);
        assertThat(mojo.get("openEpisode").get("start").asText()).isEqualTo("2014-03-10T11:55:00Z");
        assertThat(first.get("openEpisode").isNull()).as("0012's episode is cleared").isTrue();
        JsonNode silent = pumps.get(2);
        assertThat(silent.get("silent").asBoolean()).isTrue();
        assertThat(silent.get("lastReading").asText()).isEqualTo("2014-03-10T09:59:00Z");
    }

    @Test
    void onePumpsReadingsAlarmsStatisticsAndLateReadingsOverATimeRange() throws Exception {
        JsonNode readings = get("/api/pumps/MOJO/readings?from=2014-03-10T06:00&to=2014-03-10T07:00", 200);
        assertThat(readings.get("rows")).hasSize(60)
                .allSatisfy(r -> assertThat(r.get("pump").asText()).isEqualTo("MOJO"));
        assertThat(readings.get("rows").get(0).get("time").asText()).isEqualTo("2014-03-10T06:00:00Z");
        assertThat(readings.get("rows").get(0).get("psi").isDouble()).isTrue();
        // By default, the 24 hours up to the pump's last reading: the whole day so far, plus the late one.
        assertThat(get("/api/pumps/0012/readings", 200).get("rows")).hasSize(720);
        assertThat(get("/api/pumps/MOJO/readings?limit=10", 200).get("rows")).hasSize(10);
        assertThat(get("/api/pumps/MOJO/alarms", 200).get("rows")).hasSize(5)
                .allSatisfy(a -> assertThat(a.get("threshold").asDouble()).isEqualTo(5.0));
        assertThat(get("/api/pumps/MOJO/stats", 200).get("rows")).extracting(s -> s.get("day").asText())
                .containsExactly("2014-03-09", "2014-03-10");
        assertThat(get("/api/pumps/MOJO/stats?from=2014-03-10", 200).get("rows")).hasSize(1);
        assertThat(get("/api/pumps/MOJO/late-readings", 200).get("rows")).singleElement()
                .satisfies(l -> assertThat(l.get("missed_day").asText()).isEqualTo("2014-03-10"));
        assertThat(get("/api/pumps/0012/late-readings", 200).get("rows")).isEmpty();
        JsonNode episode = get("/api/pumps/0012/episodes", 200).get("rows").get(0);
        assertThat(episode.get("state").asText()).isEqualTo("cleared");
        assertThat(episode.get("end").asText()).isEqualTo("2014-03-10T08:09:00Z");
        assertThat(episode.get("min_psi").asDouble()).isEqualTo(1.5);
        assertThat(episode.get("readings").asLong()).isEqualTo(9);
        assertThat(get("/api/pumps/MOJO/episodes?from=2014-03-10T11:00", 200).get("rows")).singleElement()
                .satisfies(e -> assertThat(e.get("state").asText()).isEqualTo("open"));
    }

    @Test
    void theNewestDeadLettersComeFirst() throws Exception {
        JsonNode letters = get("/api/dead-letters?limit=2", 200).get("rows");
        assertThat(letters).extracting(l -> l.get("reason").asText()).containsExactly("reason 2", "reason 1");
        assertThat(letters.get(0).get("offset").asLong()).isEqualTo(102);
    }

    @Test
    void badRequestsGetAClearFourHundredAndNeverAFullScan() throws Exception {
        assertThat(get("/api/pumps/NOPE/readings", 404).get("error").asText()).isEqualTo("no pump 'NOPE'");
        assertThat(get("/api/pumps/MOJO/readings?from=yesterday", 400).get("error").asText())
                .startsWith("from: 'yesterday' is not a day or a time");
        assertThat(get("/api/pumps/MOJO/readings?from=2014-01-01&to=2014-03-10", 400).get("error").asText())
                .startsWith("a range of at most 31 days");
        assertThat(get("/api/pumps/MOJO/readings?from=2014-03-10T08:00&to=2014-03-10T07:00", 400).get("error").asText())
                .contains("must be before");
        assertThat(get("/api/pumps/MOJO/readings?limit=0", 400).get("error").asText()).startsWith("limit:");
        assertThat(get("/api/dead-letters?limit=5000", 400).get("error").asText()).startsWith("limit:");
        assertThat(get("/api/pumps/A%7CB/readings", 400).get("error").asText()).contains("is not a pump id");
    }

    @Test
    void anUnreachableHBaseIsAFiveHundredThreeAndTheServerStaysUp() throws Exception {
        try (Connection dead = ConnectionFactory.createConnection(
                HBaseConnections.failFast(HBaseConnections.configuration("127.0.0.1:1")));
                Dashboard broken = new Dashboard(dead, SENSOR, DEAD, Duration.ofMinutes(10))) {
            String brokenUrl = "http://127.0.0.1:" + broken.start("127.0.0.1", 0);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(brokenUrl + "/api/pumps"))
                    .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(response.body()).get("error").asText()).startsWith("HBase is unreachable");
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(brokenUrl + "/index.html")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    /** What a person sees: the pages rendered by a real browser from the API's data. */
    @Test
    void theBrowserRendersTheOverviewAndAPumpsPage() throws Exception {
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null, "no chromium on this machine (.ci/run installs Debian's)");
        Files.createDirectories(SHOTS);

        String overview = render(chromium, url + "/index.html?now=" + NOW, SHOTS.resolve("overview.png"), 420);
        assertThat(overview).contains("0012", "MOJO", "SILENT", "2014-03-10T11:59:00Z");
        assertThat(overview).containsPattern("<tr class=\"pump-row silent\" data-pump=\"SILENT\">")
                .containsPattern("<tr class=\"pump-row in-alarm\" data-pump=\"MOJO\">")
                .contains("<span class=\"badge in-alarm\">in alarm</span>", "<span class=\"badge silent\">silent</span>")
                .contains("reason 2", "episode since 2014-03-10T11:55:00Z");
        assertThat(overview).doesNotContain("HBase cannot be reached");

        String pump = render(chromium, url + "/pump.html?pump=MOJO", SHOTS.resolve("pump-MOJO.png"), 1500);
        assertThat(pump.split("class=\"alarm-marker\"", -1)).as("alarm markers").hasSize(5 + 1);
        assertThat(pump.split("class=\"stats-row\"", -1)).as("statistics rows").hasSize(2 + 1);
        assertThat(pump).contains("class=\"late-row\"", "2014-03-10T03:00:30Z", "<canvas",
                "<tr class=\"episode-row open\">");
        assertThat(SHOTS.resolve("overview.png")).isNotEmptyFile();
        assertThat(SHOTS.resolve("pump-MOJO.png")).isNotEmptyFile();
    }

    private static String chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    /** The page's DOM after its scripts ran and its API calls answered; a screenshot beside. */
    private static String render(String chromium, String page, Path screenshot, int height) throws Exception {
        List<String> common = List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1300," + height,
                "--virtual-time-budget=8000");
        List<String> shot = new ArrayList<>(common);
        shot.addAll(List.of("--screenshot=" + screenshot.toAbsolutePath(), page));
        run(shot);
        List<String> dom = new ArrayList<>(common);
        dom.addAll(List.of("--dump-dom", page));
        return run(dom);
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}
