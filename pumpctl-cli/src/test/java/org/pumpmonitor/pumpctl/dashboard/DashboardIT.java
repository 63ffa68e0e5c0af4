package org.pumpmonitor.pumpctl.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pumpmonitor.core.hbase.HBaseClientConfig;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.pumpctl.read.JobRows;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's JSON API and pages on the real HBase mini cluster, with rows written by the
 * job's own converters ({@link JobRows}); the pages rendered by headless Chromium, with
 * screenshots under target/dashboard/. What each request reads is observed on the region
 * servers ({@link RegionReads}).
 */
@ExtendWith(SharedClusters.class)
class DashboardIT {

    /** The dashboard's "now": replays and tests fix it with ?now=. */
    private static final Instant NOW = Instant.parse("2014-03-10T12:00:00Z");
    private static final String SENSOR = SharedClusters.uniqueName("dash_sensor");
    private static final String DEAD = SharedClusters.uniqueName("dash_dead");
    /** A year and more of one pump's history. */
    private static final String HISTORY = SharedClusters.uniqueName("dash_history");
    private static final String HISTORY_DEAD = SharedClusters.uniqueName("dash_history_dead");
    private static final Path SHOTS = Path.of("target/dashboard");
    /** Dead letters of an older partition: more than the old read of the table's last 10,000 rows. */
    private static final int OLD_LETTERS = 10_000;

    private static Connection hbase;
    private static Dashboard dashboard;
    private static Dashboard history;
    private static String url;
    private static String historyUrl;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Pump 0012 (an id that looks like a number): 12 hours of readings, one a minute, healthy.
     * Pump MOJO: the same, with its last 5 readings under 5 psi (alarms), a day of statistics
     * before, and one late reading. Pump SILENT: readings until two hours before now. Pump ONSET:
     * at the onset of an alarm (the alarm is stored, its reading not yet). Pump NEWBIE: two readings
     * and nothing else yet. Dead letters: the newest in partition 0, older ones in partition 1 and
     * in another topic. In the history tables: pump VETERAN with 400 days of statistics and 1,200
     * episodes, and CORRUPT, whose row holds what no converter writes.
     */
    @BeforeAll
    static void start(Clusters clusters) throws Exception {
        hbase = clusters.hbase();
        new PumpTables(SENSOR, DEAD).createAll(clusters.hbaseConfiguration());
        new PumpTables(HISTORY, HISTORY_DEAD).createAll(clusters.hbaseConfiguration());
        JobRows rows = new JobRows(SENSOR, DEAD);
        Instant dayStart = Instant.parse("2014-03-10T00:00:00Z");
        for (String pump : List.of("0012", "MOJO", "SILENT")) {
            Instant end = pump.equals("SILENT") ? NOW.minus(Duration.ofHours(2)) : NOW;
            for (Instant t = dayStart; t.isBefore(end); t = t.plusSeconds(60)) {
                boolean low = pump.equals("MOJO") && !t.isBefore(NOW.minusSeconds(300));
                double psi = low ? 3.5 : 80 + (t.getEpochSecond() / 60) % 7;
                rows.reading(pump, t, psi);
                if (low) {
                    rows.alarm(pump, t, psi);
                }
            }
            rows.stats(pump, "2014-03-09", 1440, true).stats(pump, "2014-03-10", 720, false);
        }
        // Episodes, as the job stores them: MOJO's open since 11:55; a cleared one of 0012 in the morning.
        rows.openEpisode("MOJO", NOW.minusSeconds(300), 3.5);
        rows.clearedEpisode("0012", Instant.parse("2014-03-10T08:00:00Z"), Instant.parse("2014-03-10T08:09:00Z"),
                1.5, 9);
        // An episode of another alarm rule, cleared, and an early warning still up, of 0012.
        rows.episode(ruleEpisode("0012", Instant.parse("2014-03-10T09:00:00Z"), Instant.parse("2014-03-10T09:05:00Z")));
        rows.prediction(warning("0012", Instant.parse("2014-03-10T10:00:00Z"), Instant.parse("2014-03-10T10:20:00Z")));
        SensorReading late = new SensorReading("MOJO", Instant.parse("2014-03-10T03:00:30Z").toEpochMilli(),
                10, 1, 800, 1, 70, 2);
        rows.reading(late).late(late);
        // At an alarm's onset: the alarm sink flushes every 20 ms, the readings sink every second.
        for (Instant t = NOW.minus(Duration.ofHours(1)); t.isBefore(NOW.minusSeconds(60)); t = t.plusSeconds(60)) {
            rows.reading("ONSET", t, 80);
        }
        rows.stats("ONSET", "2014-03-10", 59, false).alarm("ONSET", NOW.minusSeconds(60), 2.5);
        rows.reading("NEWBIE", NOW.minusSeconds(120), 81).reading("NEWBIE", NOW.minusSeconds(60), 82);
        for (int i = 0; i < 3; i++) {
            rows.deadLetter("pump-sensor", 0, 100 + i, NOW.plusMillis(i), "reason " + i);
        }
        for (int i = 0; i < OLD_LETTERS; i++) {
            rows.deadLetter("pump-sensor", 1, i, NOW.minus(Duration.ofDays(1)).plusSeconds(i), "older " + i);
        }
        rows.deadLetter("other-topic", 0, 7, NOW.minus(Duration.ofDays(2)), "other topic");
        rows.writeTo(hbase);

        JobRows year = new JobRows(HISTORY, HISTORY_DEAD);
        LocalDate today = LocalDate.of(2014, 3, 10);
        for (LocalDate day = today.minusDays(399); !day.isAfter(today); day = day.plusDays(1)) {
            year.stats("VETERAN", day.toString(), day.equals(today) ? 720 : 1440, !day.equals(today));
        }
        for (int i = 1200; i >= 1; i--) {
            Instant start = NOW.minus(Duration.ofHours(8L * i));
            year.clearedEpisode("VETERAN", start, start.plusSeconds(540), 2.0, 9);
        }
        year.openEpisode("VETERAN", NOW.minus(Duration.ofMinutes(30)), 3.0);
        for (Instant t = NOW.minus(Duration.ofHours(2)); t.isBefore(NOW); t = t.plusSeconds(60)) {
            boolean low = !t.isBefore(NOW.minus(Duration.ofMinutes(30))) && t.isBefore(NOW.minus(Duration.ofMinutes(25)));
            year.reading("VETERAN", t, low ? 3.0 : 75);
            if (low) {
                year.alarm("VETERAN", t, 3.0);
            }
        }
        year.writeTo(hbase);
        try (Table table = hbase.getTable(TableName.valueOf(HISTORY))) {
            Put corrupt = new Put(PumpSchema.readingRowKey("CORRUPT", NOW.minusSeconds(60).toEpochMilli()));
            for (Measure m : Measure.values()) {
                corrupt.addColumn(PumpSchema.DATA, PumpSchema.measure(m), PumpSchema.text("n/a"));
            }
            table.put(corrupt);
        }

        // Alarm rules: one for every pump on flow, MOJO's own on psi (replacing the built-in rule for MOJO).
        String rulesTopic = SharedClusters.uniqueName("dash_rules");
        clusters.createTopic(rulesTopic, 1);
        org.pumpmonitor.pumpctl.rules.RulesTopic rules =
                new org.pumpmonitor.pumpctl.rules.RulesTopic(clusters.kafkaBootstrapServers(), rulesTopic);
        rules.write(java.util.List.of(
                org.pumpmonitor.pumpctl.rules.RulesTopic.Change.set(org.pumpmonitor.core.rules.AlarmRules.parse(
                        "{\"id\":\"low-flow\",\"measure\":\"flo\",\"below\":500}")),
                org.pumpmonitor.pumpctl.rules.RulesTopic.Change.set(org.pumpmonitor.core.rules.AlarmRules.parse(
                        "{\"id\":\"mojo-psi\",\"pump\":\"MOJO\",\"measure\":\"psi\",\"below\":3,"
                                + "\"severity\":\"warning\"}"))));
        dashboard = new Dashboard(hbase, SENSOR, DEAD, Duration.ofMinutes(10), rules);
        url = "http://127.0.0.1:" + dashboard.start("127.0.0.1", 0);
        history = new Dashboard(hbase, HISTORY, HISTORY_DEAD, Duration.ofMinutes(10));
        historyUrl = "http://127.0.0.1:" + history.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
        if (history != null) {
            history.close();
        }
    }

    @Test
    void theOverviewListsEveryPumpWithItsStateTypedByTheSchema() throws Exception {
        JsonNode body = get("/api/pumps?now=" + NOW, 200);
        assertThat(body.get("now").asText()).isEqualTo(NOW.toString());
        JsonNode pumps = body.get("pumps");
        assertThat(pumps).extracting(p -> p.get("pump").asText())
                .containsExactly("0012", "MOJO", "NEWBIE", "ONSET", "SILENT");
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
        JsonNode silent = pumps.get(4);
        assertThat(silent.get("silent").asBoolean()).isTrue();
        assertThat(silent.get("lastReading").asText()).isEqualTo("2014-03-10T09:59:00Z");
    }

    /** Issue 24, item 10: a pump shows from its first stored reading, before it has any statistics. */
    @Test
    void aNewPumpIsListedFromItsFirstStoredReading() throws Exception {
        JsonNode newbie = pump(get("/api/pumps?now=" + NOW, 200), "NEWBIE");
        assertThat(newbie).as("NEWBIE in the overview").isNotNull();
        assertThat(newbie.get("lastReading").asText()).isEqualTo("2014-03-10T11:59:00Z");
        assertThat(newbie.get("psi").asDouble()).isEqualTo(82);
        assertThat(newbie.get("silent").asBoolean()).isFalse();
        assertThat(newbie.get("newestDay").isNull()).as("no statistics yet").isTrue();
    }

    /** Issue 24, item 9: the alarm's row is stored and its reading's not yet: the pump is in alarm. */
    @Test
    void atAnAlarmsOnsetThePumpIsInAlarmNotSilent() throws Exception {
        JsonNode onset = pump(get("/api/pumps?now=" + NOW, 200), "ONSET");
        assertThat(onset.get("inAlarm").asBoolean()).as("in alarm: " + onset).isTrue();
        assertThat(onset.get("silent").asBoolean()).as("silent: " + onset).isFalse();
        assertThat(onset.get("lastReading").asText()).isEqualTo("2014-03-10T11:59:00Z");
        assertThat(onset.get("psi").asDouble()).isEqualTo(2.5);
        assertThat(onset.get("alarmsLastHour").asInt()).isEqualTo(1);
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
        JsonNode rows = get("/api/pumps/0012/episodes", 200).get("rows");
        assertThat(rows).extracting(r -> r.get("rule").asText() + " " + r.get("kind").asText() + " " + r.get("state").asText()
                + " " + r.get("start").asText()).containsExactly(
                "low-pressure episode cleared 2014-03-10T08:00:00Z",
                "hot-motor episode cleared 2014-03-10T09:00:00Z",
                "hot-motor prediction predicted 2014-03-10T10:00:00Z");
        assertThat(rows.get(1).get("peak").asDouble()).isEqualTo(75.0);
        assertThat(rows.get(1).get("severity").asText()).isEqualTo("warning");
        assertThat(rows.get(2).get("predicted_time").asText()).isEqualTo("2014-03-10T10:20:00Z");
    }

    private static org.pumpmonitor.core.model.AlarmEvent ruleEpisode(String pump, Instant start, Instant end) {
        org.pumpmonitor.core.model.AlarmEvent e = org.pumpmonitor.core.model.AlarmEvent.of(pump,
                org.pumpmonitor.core.model.AlarmEventType.CLEARED, end.toEpochMilli(), 80);
        e.start = start.toEpochMilli();
        e.end = end.toEpochMilli();
        e.readings = 5;
        e.rule = "hot-motor";
        e.measure = "hz";
        e.condition = "above";
        e.threshold = 60;
        e.severity = "warning";
        e.value = 55;
        e.peak = 75;
        e.peakTime = start.plusSeconds(60).toEpochMilli();
        return e;
    }

    private static org.pumpmonitor.core.model.AlarmEvent warning(String pump, Instant at, Instant crossing) {
        org.pumpmonitor.core.model.AlarmEvent e = org.pumpmonitor.core.model.AlarmEvent.of(pump,
                org.pumpmonitor.core.model.AlarmEventType.PREDICTED, at.toEpochMilli(), 80);
        e.start = at.toEpochMilli();
        e.rule = "hot-motor";
        e.measure = "hz";
        e.condition = "above";
        e.threshold = 60;
        e.severity = "warning";
        e.value = 58;
        e.predictedTime = crossing.toEpochMilli();
        e.slopePerMinute = 0.1;
        return e;
    }

    @Test
    void aPumpsPageListsTheRulesThatApplyToIt() throws Exception {
        assertThat(get("/api/pumps/MOJO/rules", 200).get("rules"))
                .extracting(r -> r.get("id").asText() + " " + r.get("severity").asText() + " " + r.get("builtIn").asBoolean())
                .containsExactly("low-flow critical false", "mojo-psi warning false");
        assertThat(get("/api/pumps/0012/rules", 200).get("rules"))
                .extracting(r -> r.get("id").asText() + " " + r.get("builtIn").asBoolean())
                .containsExactly("low-flow false", "low-pressure true");
        assertThat(get("/api/pumps/0012/rules", 200).get("rules").get(1).get("text").asText())
                .startsWith("low-pressure: every pump, psi < 5 ").endsWith("(built in, with the job's default --alarm.* options)");
        assertThat(get(historyUrl, "/api/pumps/VETERAN/rules", 404).get("error").asText())
                .isEqualTo("this dashboard reads no rules topic");
    }

    /** Issue 24, item 9: with more rows than the limit, the newest are answered, oldest first. */
    @Test
    void aLimitKeepsTheNewestRowsInTimeOrder() throws Exception {
        assertThat(get("/api/pumps/MOJO/readings?limit=3", 200).get("rows"))
                .extracting(r -> r.get("time").asText())
                .containsExactly("2014-03-10T11:57:00Z", "2014-03-10T11:58:00Z", "2014-03-10T11:59:00Z");
        assertThat(get("/api/pumps/MOJO/alarms?limit=2", 200).get("rows"))
                .extracting(r -> r.get("time").asText())
                .containsExactly("2014-03-10T11:58:00Z", "2014-03-10T11:59:00Z");
    }

    /** Issue 24, item 9: after a year, a pump's page still shows its current days and its open episode. */
    @Test
    void afterAYearAPumpsPageShowsItsNewestDaysAndItsOpenEpisode() throws Exception {
        JsonNode stats = get(historyUrl, "/api/pumps/VETERAN/stats", 200).get("rows");
        assertThat(stats).hasSize(366);
        assertThat(stats.get(0).get("day").asText()).isEqualTo("2013-03-10");
        assertThat(stats.get(365).get("day").asText()).isEqualTo("2014-03-10");
        assertThat(get(historyUrl, "/api/pumps/VETERAN/stats?limit=2", 200).get("rows"))
                .extracting(s -> s.get("day").asText()).containsExactly("2014-03-09", "2014-03-10");
        JsonNode episodes = get(historyUrl, "/api/pumps/VETERAN/episodes", 200).get("rows");
        assertThat(episodes).hasSize(1000);
        assertThat(episodes.get(999).get("state").asText()).isEqualTo("open");
        assertThat(episodes.get(999).get("start").asText()).isEqualTo("2014-03-10T11:30:00Z");
        assertThat(episodes.get(998).get("start").asText()).isEqualTo("2014-03-10T04:00:00Z");

        JsonNode veteran = pump(get(historyUrl, "/api/pumps?now=" + NOW, 200), "VETERAN");
        assertThat(veteran.get("newestDay").get("day").asText()).isEqualTo("2014-03-10");
        assertThat(veteran.get("openEpisode").get("start").asText()).isEqualTo("2014-03-10T11:30:00Z");
        assertThat(veteran.get("alarmsLastHour").asInt()).isEqualTo(5);
    }

    /** Issue 24, item 9: the newest dead letters of every partition, not the table's last rows. */
    @Test
    void theNewestDeadLettersComeFirstWhateverTheirPartition() throws Exception {
        JsonNode letters = get("/api/dead-letters?limit=5", 200).get("rows");
        assertThat(letters).extracting(l -> l.get("reason").asText())
                .containsExactly("reason 2", "reason 1", "reason 0", "older 9999", "older 9998");
        assertThat(letters.get(0).get("offset").asLong()).isEqualTo(102);
        assertThat(letters.get(0).get("partition").asInt()).isZero();
        assertThat(get("/api/dead-letters?limit=1000", 200).get("rows")).hasSize(1000);
        assertThat(get(historyUrl, "/api/dead-letters", 200).get("rows")).isEmpty();
    }

    @Test
    void badRequestsGetAClearFourHundred() throws Exception {
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

    /**
     * Issue 24, items 11 and 13: no request reads more rows than its answer needs, as the region
     * servers count them, over every table. The tables hold 400 days of statistics, 1,200 episodes
     * and 10,000 dead letters, so that a scan of a whole family or table would show.
     */
    @Test
    void noRequestReadsMoreRowsThanItsAnswerNeeds() throws Exception {
        // The overview: a row per pump, and the alarms of the last hour (MOJO 5, ONSET 1; VETERAN 5).
        assertReadAtMost(5 + 6, () -> get("/api/pumps?now=" + NOW, 200));
        assertReadAtMost(2 + 5, () -> get(historyUrl, "/api/pumps?now=" + NOW, 200));
        // The newest 20 dead letters: at most 20 of each of the three topic partitions, and one more each to find them.
        assertReadAtMost(3 * 21, () -> get("/api/dead-letters?limit=20", 200));
        // One pump's hour of readings, its newest days, its newest episodes; and bad requests.
        assertReadAtMost(60 + 2, () -> get("/api/pumps/MOJO/readings?from=2014-03-10T06:00&to=2014-03-10T07:00", 200));
        assertReadAtMost(7 + 2, () -> get(historyUrl, "/api/pumps/VETERAN/stats?limit=7", 200));
        assertReadAtMost(3 + 2, () -> get(historyUrl, "/api/pumps/VETERAN/episodes?limit=3", 200));
        assertReadAtMost(3, () -> {
            get("/api/pumps/NOPE/readings", 404);
            get("/api/pumps/MOJO/readings?from=2014-01-01&to=2014-03-10", 400);
            get("/api/pumps/MOJO/readings?limit=0", 400);
        });
    }

    /** The counts the test above relies on: a scan of a whole family shows in them. */
    @Test
    void aScanOfAWholeFamilyShowsInTheRegionServersCounts() throws Exception {
        Map<String, Long> reads = new RegionReads(hbase).during(() -> {
            try (Table table = hbase.getTable(TableName.valueOf(HISTORY));
                    ResultScanner scanner = table.getScanner(new Scan().addFamily(PumpSchema.STATS))) {
                scanner.forEach(r -> { });
            }
        });
        assertThat(reads.get(HISTORY)).isGreaterThanOrEqualTo(400);
    }

    private static void assertReadAtMost(long rows, RegionReads.ThrowingRunnable request) throws Exception {
        Map<String, Long> reads = new RegionReads(hbase).during(request);
        assertThat(RegionReads.total(reads)).as("rows read: %s", reads).isLessThanOrEqualTo(rows);
    }

    /** Issue 24, item 12: an unexpected failure is a 500 that tells nothing of the server's insides. */
    @Test
    void anUnexpectedFailureIsAFiveHundredWithoutTheServersInsides() throws Exception {
        String error = get(historyUrl, "/api/pumps/CORRUPT/readings", 500).get("error").asText();
        assertThat(error).startsWith("internal error").doesNotContain("java.", "Exception", "n/a");
        assertThat(get(historyUrl, "/api/pumps/VETERAN/stats?limit=1", 200).get("rows")).hasSize(1);
    }

    /** Tables set up before the pump index: the overview says what to run. */
    @Test
    void withoutThePumpIndexTheOverviewSaysToRunSetup() throws Exception {
        String sensor = SharedClusters.uniqueName("dash_before_index");
        try (Admin admin = hbase.getAdmin()) {
            admin.createTable(PumpSchema.sensorTable(TableName.valueOf(sensor), PumpTables.MAX_VERSIONS));
        }
        try (Dashboard old = new Dashboard(hbase, sensor, DEAD, Duration.ofMinutes(10))) {
            String oldUrl = "http://127.0.0.1:" + old.start("127.0.0.1", 0);
            assertThat(get(oldUrl, "/api/pumps", 503).get("error").asText())
                    .startsWith("HBase has no table '" + sensor + "_pumps'").contains("pumpctl setup");
        }
    }

    @Test
    void anUnreachableHBaseIsAFiveHundredThreeAndTheServerStaysUp() throws Exception {
        try (Connection dead = ConnectionFactory.createConnection(
                HBaseClientConfig.failFast(HBaseClientConfig.configuration("127.0.0.1:1")));
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
        Chromium chromium = chromium();
        Files.createDirectories(SHOTS);

        String overview = chromium.render(url + "/index.html?now=" + NOW, SHOTS.resolve("overview.png"), 420);
        assertThat(overview).contains("0012", "MOJO", "SILENT", "NEWBIE", "2014-03-10T11:59:00Z");
        assertThat(overview).containsPattern("<tr class=\"pump-row silent\" data-pump=\"SILENT\">")
                .containsPattern("<tr class=\"pump-row in-alarm\" data-pump=\"MOJO\">")
                .containsPattern("<tr class=\"pump-row in-alarm\" data-pump=\"ONSET\">")
                .contains("<span class=\"badge in-alarm\">in alarm</span>", "<span class=\"badge silent\">silent</span>")
                .contains("reason 2", "episode since 2014-03-10T11:55:00Z");
        assertThat(overview).doesNotContain("HBase is unreachable", "internal error");

        String pump = chromium.render(url + "/pump.html?pump=MOJO", SHOTS.resolve("pump-MOJO.png"), 1500);
        assertThat(pump.split("class=\"alarm-marker\"", -1)).as("alarm markers").hasSize(5 + 1);
        assertThat(pump.split("class=\"stats-row\"", -1)).as("statistics rows").hasSize(2 + 1);
        assertThat(pump).contains("class=\"late-row\"", "2014-03-10T03:00:30Z", "<canvas",
                "<tr class=\"episode-row open\">");
        assertThat(SHOTS.resolve("overview.png")).isNotEmptyFile();
        assertThat(SHOTS.resolve("pump-MOJO.png")).isNotEmptyFile();
    }

    /**
     * Issue 24, item 11: the page asks for its next refresh only once the previous one answered,
     * however long the answer takes (here 3.5 s, longer than the 3 s between refreshes).
     */
    @Test
    void thePageNeverHasTwoRefreshesInFlight() throws Exception {
        Chromium chromium = chromium();
        try (SlowOverviewProxy proxy = new SlowOverviewProxy(url, Duration.ofMillis(3500))) {
            chromium.keepOpenUntil(proxy.url() + "/index.html?now=" + NOW, () -> proxy.answered() >= 3, 90);
            assertThat(proxy.mostInFlight()).as("overview requests in flight at once").isEqualTo(1);
            // The page waits its 3 s after each answer (here the browser would otherwise send queued ones at once).
            assertThat(proxy.shortestPause()).as("pause between an answer and the next request")
                    .isGreaterThan(Duration.ofMillis(2500));
        }
    }

    private static Chromium chromium() {
        var chromium = Chromium.find(SHOTS.resolve("chromium"));
        Assumptions.assumeTrue(chromium.isPresent(), "no chromium on this machine (.ci/run installs Debian's)");
        return chromium.get();
    }

    private static JsonNode pump(JsonNode overview, String name) {
        for (JsonNode p : overview.get("pumps")) {
            if (p.get("pump").asText().equals(name)) {
                return p;
            }
        }
        List<String> pumps = new ArrayList<>();
        overview.get("pumps").forEach(p -> pumps.add(p.get("pump").asText()));
        throw new AssertionError(name + " is not in the overview: " + pumps);
    }

    private static JsonNode get(String path, int status) throws Exception {
        return get(url, path, status);
    }

    private static JsonNode get(String base, String path, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}
