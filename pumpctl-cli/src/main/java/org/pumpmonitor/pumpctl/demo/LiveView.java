package org.pumpmonitor.pumpctl.demo;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.pumpmonitor.pumpctl.read.Kind;
import org.pumpmonitor.pumpctl.read.Query;
import org.pumpmonitor.pumpctl.read.StoredData;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the demo shows once a second: how many readings were sent (the topic's end offsets),
 * whether the job has read them all (its consumer group's committed offsets), what is stored of
 * each kind, and the newest alarms.
 */
record LiveView(long sent, boolean caughtUp, long readings, long alarms, long days, long deadLetters,
                List<String> newestAlarms) {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    static LiveView read(Admin kafka, String topic, String group, StoredData stored) throws Exception {
        long sent = 0;
        boolean caughtUp = true;
        try {
            Map<TopicPartition, OffsetSpec> latest = kafka.describeTopics(List.of(topic)).allTopicNames()
                    .get(5, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = kafka.listOffsets(latest).all().get(5, TimeUnit.SECONDS).entrySet()
                    .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                sent += end.getValue();
                OffsetAndMetadata done = committed.get(end.getKey());
                caughtUp &= end.getValue() == 0 || (done != null && done.offset() >= end.getValue());
            }
        } catch (Exception e) {
            caughtUp = false;
        }
        TreeMap<String, String> alarms = new TreeMap<>();
        for (Map<String, Object> alarm : stored.rows(Query.every(Kind.ALARMS))) {
            alarms.put(alarm.get("time") + " " + alarm.get("pump"), String.valueOf(alarm.get("psi")));
        }
        List<String> newest = alarms.descendingMap().entrySet().stream().limit(3)
                .map(e -> e.getKey() + " psi " + e.getValue()).toList();
        return new LiveView(sent, caughtUp, stored.count(Kind.READINGS), alarms.size(), stored.count(Kind.STATISTICS),
                stored.count(Kind.DEAD_LETTERS), newest);
    }

    void print(PrintStream out) {
        out.printf("%s  sent %d | stored: readings %d, alarms %d, days of statistics %d, dead letters %d%s%n",
                LocalTime.now().format(CLOCK), sent, readings, alarms, days, deadLetters,
                newestAlarms.isEmpty() ? "" : " | newest alarms: " + String.join("; ", newestAlarms));
    }
}
