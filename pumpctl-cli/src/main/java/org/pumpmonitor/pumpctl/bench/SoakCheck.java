package org.pumpmonitor.pumpctl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.pumpctl.read.Kind;
import org.pumpmonitor.pumpctl.read.Query;
import org.pumpmonitor.pumpctl.read.StoredData;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The soak's verdict on what is stored: HBase and the read-committed alarm events compared with the
 * {@link SoakExpectation} of what was sent. Every difference is a line; none means exact.
 */
final class SoakCheck {

    /** Lines of detail kept per kind of difference, so that a broken run stays readable. */
    private static final int DETAIL = 50;

    private final SoakExpectation expected;
    private final Connection hbase;
    private final String sensorTable;
    private final String deadLetterTable;
    private final String bootstrapServers;
    private final String alarmTopic;
    private final List<String> differences = new ArrayList<>();
    private final Map<String, Integer> shown = new HashMap<>();

    SoakCheck(SoakExpectation expected, Connection hbase, String sensorTable, String deadLetterTable,
              String bootstrapServers, String alarmTopic) {
        this.expected = expected;
        this.hbase = hbase;
        this.sensorTable = sensorTable;
        this.deadLetterTable = deadLetterTable;
        this.bootstrapServers = bootstrapServers;
        this.alarmTopic = alarmTopic;
    }

    /** Every difference between what is stored and what must be; empty when exact. */
    List<String> differences() throws Exception {
        differences.clear();
        shown.clear();
        StoredData stored = new StoredData(hbase, sensorTable, deadLetterTable);
        // What is stored, per pump, in the digests of the expectation's own shape.
        Map<String, SoakExpectation.Pump> byPump = new TreeMap<>();
        stored.forEach(Query.every(Kind.READINGS), row -> {
            Map<String, Object> c = row.columns();
            String pump = (String) c.get("pump");
            double[] values = new double[6];
            Measure[] measures = Measure.values();
            for (int i = 0; i < 6; i++) {
                values[i] = ((Number) c.get(measures[i].column())).doubleValue();
            }
            SoakExpectation.Pump s = byPump.computeIfAbsent(pump, p -> new SoakExpectation.Pump());
            s.readings++;
            s.readingDigest += SoakExpectation.readingHash(pump, row.time().toEpochMilli(), values);
        });
        stored.forEach(Query.every(Kind.ALARMS), row -> {
            String pump = (String) row.columns().get("pump");
            SoakExpectation.Pump s = byPump.computeIfAbsent(pump, p -> new SoakExpectation.Pump());
            s.alarms++;
            s.alarmDigest += SoakExpectation.valueHash(pump, row.time().toEpochMilli(),
                    ((Number) row.columns().get("psi")).doubleValue());
        });
        stored.forEach(Query.every(Kind.LATE_READINGS), row -> {
            String pump = (String) row.columns().get("pump");
            SoakExpectation.Pump s = byPump.computeIfAbsent(pump, p -> new SoakExpectation.Pump());
            s.lateMarks++;
            s.lateDigest += SoakExpectation.valueHash(pump, row.time().toEpochMilli(), 0);
        });
        TreeSet<String> allPumps = new TreeSet<>(byPump.keySet());
        allPumps.addAll(expected.pumps.keySet());
        for (String pump : allPumps) {
            SoakExpectation.Pump e = expected.pumps.getOrDefault(pump, new SoakExpectation.Pump());
            SoakExpectation.Pump s = byPump.getOrDefault(pump, new SoakExpectation.Pump());
            if (e.readings != s.readings || e.readingDigest != s.readingDigest) {
                readingDetail(stored, pump, e, s);
            }
            if (e.alarms != s.alarms || e.alarmDigest != s.alarmDigest) {
                differ("alarms", "%s: %d alarms stored, %d due%s", pump, s.alarms, e.alarms,
                        e.alarms == s.alarms ? " (other minutes or psi)" : "");
            }
            if (e.lateMarks != s.lateMarks || e.lateDigest != s.lateDigest) {
                differ("late marks", "%s: %d late marks stored, %d due%s", pump, s.lateMarks, e.lateMarks,
                        e.lateMarks == s.lateMarks ? " (other minutes)" : "");
            }
        }
        long deadLetters = stored.count(Kind.DEAD_LETTERS);
        if (deadLetters != expected.deadLetters) {
            differ("dead letters", "%d dead letters stored, %d lines sent that do not parse", deadLetters,
                    expected.deadLetters);
        }
        statistics(stored);
        episodes(stored);
        alarmEvents();
        summarize();
        return List.copyOf(differences);
    }

    private void readingDetail(StoredData stored, String pump, SoakExpectation.Pump e, SoakExpectation.Pump s) throws IOException {
        if (shown.getOrDefault("readings", 0) >= DETAIL) {
            differ("readings", "%s: %d readings stored, %d sent", pump, s.readings, e.readings);
            return;
        }
        java.util.BitSet storedMinutes = new java.util.BitSet();
        stored.forEach(Query.first(Kind.READINGS, pump, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"),
                Integer.MAX_VALUE), row -> storedMinutes.set(expected.minuteIndex(row.time().toEpochMilli())));
        java.util.BitSet missing = (java.util.BitSet) e.minutes.clone();
        missing.andNot(storedMinutes);
        java.util.BitSet extra = (java.util.BitSet) storedMinutes.clone();
        extra.andNot(e.minutes);
        differ("readings", "%s: %d readings stored, %d sent; missing %s; not sent %s%s", pump, s.readings,
                e.readings, minutes(missing), minutes(extra),
                missing.isEmpty() && extra.isEmpty() ? "; the same minutes with other values" : "");
    }

    private String minutes(java.util.BitSet set) {
        List<String> times = new ArrayList<>();
        for (int i = set.nextSetBit(0); i >= 0 && times.size() < 5; i = set.nextSetBit(i + 1)) {
            times.add(expected.timeOf(i).toString());
        }
        return set.isEmpty() ? "none" : set.cardinality() + " " + times + (set.cardinality() > 5 ? "..." : "");
    }

    /** Each pump-day's count, minimum, maximum and average of every measure; final where the day is long closed. */
    private void statistics(StoredData stored) throws IOException {
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        stored.forEach(Query.every(Kind.STATISTICS), row ->
                rows.put(row.columns().get("pump") + "@" + row.columns().get("day"), row.columns()));
        long closedBefore = expected.newestEventTime - SoakExpectation.OUT_OF_ORDERNESS
                - SoakExpectation.ALLOWED_LATENESS - Duration.ofHours(1).toMillis();
        Measure[] measures = Measure.values();
        expected.pumps.forEach((pump, p) -> p.days.forEach((day, d) -> {
            Map<String, Object> row = rows.remove(pump + "@" + day);
            if (row == null) {
                differ("statistics", "%s@%s: no statistics stored, %d readings count", pump, day, d.count);
                return;
            }
            List<String> off = new ArrayList<>();
            if (((Number) row.get("count")).longValue() != d.count) {
                off.add("count " + row.get("count") + " (due " + d.count + ")");
            }
            for (int i = 0; i < 6; i++) {
                String m = measures[i].column();
                double min = ((Number) row.get(m + "_min")).doubleValue();
                double max = ((Number) row.get(m + "_max")).doubleValue();
                double avg = ((Number) row.get(m + "_avg")).doubleValue();
                double due = d.sum[i] / d.count;
                if (min != d.min[i] || max != d.max[i] || Math.abs(avg - due) > 1e-9 * Math.max(1, Math.abs(due))) {
                    off.add(String.format("%s min/max/avg %s/%s/%s (due %s/%s/%s)", m, min, max, avg,
                            d.min[i], d.max[i], due));
                }
            }
            long dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            if (dayEnd < closedBefore && !Boolean.TRUE.equals(row.get("final"))) {
                off.add("not final, although the day closed long before the newest reading");
            }
            if (!off.isEmpty()) {
                differ("statistics", "%s@%s: %s", pump, day, String.join("; ", off));
            }
        }));
        rows.keySet().forEach(k -> differ("statistics", "%s: statistics stored for a day no reading counts in", k));
    }

    /** Episodes of the built-in rule, each once, open or cleared as the readings say. */
    private void episodes(StoredData stored) throws IOException {
        Map<String, String> rows = new TreeMap<>();
        stored.forEach(Query.every(Kind.EPISODES), row -> {
            Map<String, Object> c = row.columns();
            if (rows.put(c.get("pump") + "@" + c.get("start") + " " + c.get("rule"), String.valueOf(c.get("state"))) != null) {
                differ("episodes", "%s@%s: stored twice", c.get("pump"), c.get("start"));
            }
        });
        Map<String, String> due = new TreeMap<>();
        expected.pumps.forEach((pump, p) -> p.episodesOpen.forEach((start, open) ->
                due.put(pump + "@" + Instant.ofEpochMilli(start) + " low-pressure", open ? "open" : "cleared")));
        compare("episodes", rows, due);
    }

    private void compare(String what, Map<String, String> stored, Map<String, String> due) {
        TreeSet<String> keys = new TreeSet<>(stored.keySet());
        keys.addAll(due.keySet());
        for (String key : keys) {
            if (!Objects.equals(stored.get(key), due.get(key))) {
                differ(what, "%s: stored %s, due %s", key, stored.getOrDefault(key, "nothing"),
                        due.getOrDefault(key, "nothing"));
            }
        }
    }

    /** The alarm events a read-committed consumer sees, each once, in order per pump. */
    private void alarmEvents() {
        Map<String, List<String>> seen = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(alarmTopic).stream()
                    .map(p -> new TopicPartition(alarmTopic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    differ("alarm events", "could not read the alarm events to their end within 5 minutes");
                    return;
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    JsonNode event = json.readTree(r.value());
                    seen.computeIfAbsent(event.path("pump").asText(), p -> new ArrayList<>())
                            .add(event.path("type").asText() + " " + event.path("start").asText(event.path("time").asText()));
                }
            }
        } catch (Exception e) {
            differ("alarm events", "could not read topic %s: %s", alarmTopic, e.getMessage());
            return;
        }
        TreeSet<String> pumps = new TreeSet<>(seen.keySet());
        expected.pumps.forEach((pump, p) -> {
            if (!p.events.isEmpty()) {
                pumps.add(pump);
            }
        });
        for (String pump : pumps) {
            List<String> got = seen.getOrDefault(pump, List.of());
            List<String> due = expected.pumps.containsKey(pump) ? expected.pumps.get(pump).events : List.of();
            if (!got.equals(due)) {
                int i = 0;
                while (i < Math.min(got.size(), due.size()) && got.get(i).equals(due.get(i))) {
                    i++;
                }
                differ("alarm events", "%s: %d events read, %d due; the first difference at #%d: read %s, due %s",
                        pump, got.size(), due.size(), i + 1, i < got.size() ? got.get(i) : "nothing",
                        i < due.size() ? due.get(i) : "nothing");
            }
        }
    }

    private void differ(String kind, String format, Object... args) {
        int n = shown.merge(kind, 1, Integer::sum);
        if (n <= DETAIL) {
            differences.add(kind + ": " + String.format(format, args));
        }
    }

    private void summarize() {
        shown.forEach((kind, n) -> {
            if (n > DETAIL) {
                differences.add(kind + ": " + (n - DETAIL) + " more differences not shown");
            }
        });
    }
}
