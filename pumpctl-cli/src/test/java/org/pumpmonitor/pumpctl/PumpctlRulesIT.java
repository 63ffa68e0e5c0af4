package org.pumpmonitor.pumpctl;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pumpmonitor.core.rules.AlarmRule;
import org.pumpmonitor.core.rules.AlarmRules;
import org.pumpmonitor.pumpctl.Cli.Result;
import org.pumpmonitor.testkit.KafkaTopics;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pumpmonitor.pumpctl.Cli.pumpctl;

/**
 * {@code pumpctl rules} and the rules topic of {@code pumpctl setup} on the real broker: what each
 * command writes is read back record by record, and what {@code list} shows is what a job that reads
 * the topic from its beginning applies. Each test has a topic of its own.
 */
@ExtendWith(SharedClusters.class)
class PumpctlRulesIT {

    private static final String BUILT_IN = "low-pressure: every pump, psi < 5 for 1 reading raises a critical episode; "
            + "psi >= 5.5 for 2 clears it; no early warning";

    private static Clusters clusters;
    private String topic;

    @BeforeAll
    static void clusters(Clusters shared) {
        clusters = shared;
    }

    @BeforeEach
    void rulesTopic() throws Exception {
        topic = SharedClusters.uniqueName("rules");
        KafkaTopics.create(clusters.kafkaBootstrapServers(), new NewTopic(topic, 1, (short) 1).configs(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    @Test
    void setByOptionsWritesTheRuleTheJobReadsAndSaysWhatItDoes() throws Exception {
        Result lowFlow = rules("set", "--id", "low-flow", "--measure", "flo", "--below", "500");
        assertThat(lowFlow.code()).as(lowFlow.err()).isZero();
        assertThat(lowFlow.out()).isEqualTo("set low-flow: every pump, flo < 500 for 1 reading raises a critical "
                + "episode; flo >= 500 for 1 clears it; warns when the trend of the last 30 min crosses it within 30 min\n");

        Result cohutta = rules("set", "--id", "cohutta-psi", "--pump", "COHUTTA", "--measure", "psi", "--below", "10",
                "--raise-after", "3", "--clear-after", "2", "--hysteresis", "1.5", "--severity", "warning",
                "--predict-minutes", "20", "--trend-minutes", "45");
        assertThat(cohutta.code()).as(cohutta.err()).isZero();
        assertThat(cohutta.out()).isEqualTo("set cohutta-psi: pump COHUTTA, psi < 10 for 3 readings in a row raises a "
                + "warning episode; psi >= 11.5 for 2 clears it; warns when the trend of the last 45 min crosses it within "
                + "20 min (for pump COHUTTA, it replaces the fleet's rules on psi "
                + "below)\n");

        List<ConsumerRecord<String, String>> written = records(topic);
        assertThat(written).extracting(ConsumerRecord::key).containsExactly("low-flow", "cohutta-psi");
        assertThat(written).map(this::ruleOf).containsExactly(
                AlarmRules.parse("{\"id\":\"low-flow\",\"measure\":\"flo\",\"below\":500}"),
                AlarmRules.parse("{\"id\":\"cohutta-psi\",\"pump\":\"COHUTTA\",\"measure\":\"psi\",\"below\":10,"
                        + "\"raiseAfter\":3,\"clearAfter\":2,\"hysteresis\":1.5,\"severity\":\"warning\","
                        + "\"predictMinutes\":20,\"trendMinutes\":45}"));
    }

    @Test
    void setOfTheBuiltInIdReplacesTheBuiltInRule() throws Exception {
        Result fleet = rules("set", "--id", "low-pressure", "--measure", "psi", "--below", "8");
        assertThat(fleet.out()).as(fleet.err()).endsWith(" (replaces the built-in rule)\n");
        Result onePump = rules("set", "--id", "low-pressure", "--pump", "COHUTTA", "--measure", "psi", "--below", "8");
        assertThat(onePump.out()).as(onePump.err()).contains("the other pumps have no low-pressure rule now");
        assertThat(records(topic)).hasSize(2);
    }

    @Test
    void setByFileWritesEveryRuleOfTheFileInItsOrder(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("rules.json"), """
                [{"id": "high-sediment", "measure": "sedPPM", "above": 4, "severity": "warning"},
                 {"id": "hz-cohutta", "pump": "COHUTTA", "measure": "hz", "above": 12, "raiseAfter": 2}]
                """);
        Result set = rules("set", "--file", file.toString());
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out().lines()).containsExactly(
                "set high-sediment: every pump, sedPPM > 4 for 1 reading raises a warning episode; sedPPM <= 4 for 1 clears it"
                        + "; warns when the trend of the last 30 min crosses it within 30 min",
                "set hz-cohutta: pump COHUTTA, hz > 12 for 2 readings in a row raises a critical episode; hz <= 12 for 1 "
                        + "clears it; warns when the trend of the last 30 min crosses it within 30 min (for pump COHUTTA, it replaces the fleet's rules on hz above)");
        assertThat(records(topic)).extracting(ConsumerRecord::key).containsExactly("high-sediment", "hz-cohutta");

        Path one = Files.writeString(dir.resolve("one.json"), "{\"id\": \"low-chlorine\", \"measure\": \"chlPPM\", \"below\": 0.5}");
        assertThat(rules("set", "--file", one.toString()).out())
                .startsWith("set low-chlorine: every pump, chlPPM < 0.5 for 1 reading");
        assertThat(records(topic)).extracting(ConsumerRecord::key).containsExactly("high-sediment", "hz-cohutta", "low-chlorine");
    }

    @Test
    void aFileWithABadRuleWritesNothingAndNamesTheRule(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("rules.json"), """
                [{"id": "high-sediment", "measure": "sedPPM", "above": 4},
                 {"id": "flux", "measure": "flux", "above": 12}]
                """);
        Result set = rules("set", "--file", file.toString());
        assertThat(set.code()).isEqualTo(1);
        assertThat(set.err()).isEqualTo("pumpctl rules set: " + file + ": rule 2: unknown measure 'flux' "
                + "(known: hz, disp, flo, sedPPM, psi, chlPPM); nothing written\n");
        assertThat(records(topic)).isEmpty();
    }

    /**
     * The newest record of each key wins, a tombstone removes, and a record that is no rule is
     * listed with its reason but never replaces the rule before it: as the job applies them.
     */
    @Test
    void listShowsWhatAJobReadingTheTopicFromItsBeginningApplies() throws Exception {
        send(topic, "r1", "{\"id\":\"r1\",\"measure\":\"flo\",\"below\":100}");                 // offset 0
        send(topic, "r2", "{\"id\":\"r2\",\"measure\":\"hz\",\"above\":12}");                    // 1
        send(topic, "r1", "{\"id\":\"r1\",\"measure\":\"flo\",\"below\":200}");                 // 2: replaces 0
        send(topic, "r3", "{\"id\":\"r3\",\"measure\":\"disp\",\"above\":3}");                   // 3
        send(topic, "r3", null);                                                                  // 4: deletes 3
        send(topic, "r2", "{\"id\":\"r2\",\"measure\":\"flux\",\"above\":12}");                  // 5: no rule
        send(topic, "x", "{\"id\":\"y\",\"measure\":\"psi\",\"below\":1}");                      // 6: no rule
        send(topic, "r4", "not json");                                                            // 7: no rule ...
        send(topic, "r4", "{\"id\":\"r4\",\"measure\":\"psi\",\"above\":200}");                  // 8: ... replaced

        Result list = rules("list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out().lines()).containsExactly(
                "r1: every pump, flo < 200 for 1 reading raises a critical episode; flo >= 200 for 1 clears it; warns when the trend of the last 30 min crosses it within 30 min",
                "r2: every pump, hz > 12 for 1 reading raises a critical episode; hz <= 12 for 1 clears it; warns when the trend of the last 30 min crosses it within 30 min",
                "r4: every pump, psi > 200 for 1 reading raises a critical episode; psi <= 200 for 1 clears it; warns when the trend of the last 30 min crosses it within 30 min",
                BUILT_IN + " [built in, with the job's default --alarm.* options]",
                "not a rule at offset 5, key 'r2': unknown measure 'flux' (known: hz, disp, flo, sedPPM, psi, chlPPM) "
                        + "[the job keeps the rule r2 before it; once the topic is compacted, a job started without "
                        + "state will not have it: set the rule again]",
                "not a rule at offset 6, key 'x': the record's key 'x' is not the rule's id 'y' [the job ignores it]");

        Result json = rules("list", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.out().lines().map(AlarmRules::parse)).containsExactly(
                AlarmRules.parse("{\"id\":\"r1\",\"measure\":\"flo\",\"below\":200}"),
                AlarmRules.parse("{\"id\":\"r2\",\"measure\":\"hz\",\"above\":12}"),
                AlarmRules.parse("{\"id\":\"r4\",\"measure\":\"psi\",\"above\":200}"));
        assertThat(json.err().lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("not a rule at offset "));
    }

    @Test
    void listOfAnEmptyTopicShowsTheBuiltInRuleAndATopicRuleOfItsIdReplacesIt() throws Exception {
        assertThat(rules("list").out().lines()).containsExactly(
                "no rules in topic " + topic, BUILT_IN + " [built in, with the job's default --alarm.* options]");
        rules("set", "--id", "low-pressure", "--measure", "psi", "--below", "8");
        assertThat(rules("list").out().lines()).containsExactly(
                "low-pressure: every pump, psi < 8 for 1 reading raises a critical episode; psi >= 8 for 1 clears it; warns when the trend of the last 30 min crosses it within 30 min",
                BUILT_IN + " [built in, with the job's default --alarm.* options; replaced by the topic's rule low-pressure]");
    }

    @Test
    void deleteWritesATombstoneAndSaysWhatAppliesInstead() throws Exception {
        rules("set", "--id", "low-flow", "--measure", "flo", "--below", "500");
        rules("set", "--id", "cohutta-psi", "--pump", "COHUTTA", "--measure", "psi", "--below", "2");
        rules("set", "--id", "low-pressure", "--measure", "psi", "--below", "8");

        Result lowFlow = rules("delete", "--id", "low-flow");
        assertThat(lowFlow.code()).as(lowFlow.err()).isZero();
        assertThat(lowFlow.out()).isEqualTo("deleted low-flow: the job stops applying it; an open episode of it is "
                + "CLEARED at the pump's next reading\n");
        ConsumerRecord<String, String> tombstone = records(topic).get(3);
        assertThat(tombstone.key()).isEqualTo("low-flow");
        assertThat(tombstone.value()).isNull();

        assertThat(rules("delete", "--id", "cohutta-psi").out()).isEqualTo("deleted cohutta-psi: the job stops applying "
                + "it; an open episode of it is CLEARED at the pump's next reading; for pump COHUTTA the fleet's "
                + "low-pressure applies again\n");
        assertThat(rules("delete", "--id", "low-pressure").out()).isEqualTo("deleted low-pressure: the built-in rule "
                + "applies again: " + BUILT_IN + " (with the job's default --alarm.* options)\n");
        assertThat(rules("list").out().lines()).containsExactly(
                "no rules in topic " + topic, BUILT_IN + " [built in, with the job's default --alarm.* options]");
        assertThat(records(topic)).hasSize(6);
    }

    @Test
    void deleteOfAnIdTheTopicDoesNotHoldWritesNothingAndSaysWhichItHolds() throws Exception {
        Result empty = rules("delete", "--id", "low-pressure");
        assertThat(empty.code()).isEqualTo(1);
        assertThat(empty.err()).isEqualTo("pumpctl rules delete: no rule 'low-pressure' in topic " + topic + " (the "
                + "built-in rule is the job's --alarm.* options, not a record; set a rule of this id to replace it); "
                + "it holds none\n");

        rules("set", "--id", "low-flow", "--measure", "flo", "--below", "500");
        rules("set", "--id", "gone", "--measure", "flo", "--below", "5");
        rules("delete", "--id", "gone");
        send(topic, "bad", "{}");
        Result unknown = rules("delete", "--id", "gone");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("pumpctl rules delete: no rule 'gone' in topic " + topic
                + "; it holds bad, low-flow\n");
        assertThat(records(topic)).hasSize(4);

        Result bad = rules("delete", "--id", "bad");
        assertThat(bad.out()).as(bad.err()).isEqualTo("deleted bad: it was no rule (the job ignored it); compaction removes it\n");
        assertThat(records(topic)).hasSize(5);
    }

    @Test
    void aMissingTopicIsOneClearLineAndNothingIsCreated() throws Exception {
        String missing = SharedClusters.uniqueName("no_rules");
        for (String[] command : List.of(new String[] {"list"}, new String[] {"delete", "--id", "x"},
                new String[] {"set", "--id", "x", "--measure", "psi", "--below", "1"})) {
            Result result = pumpctl(Stream.of(new String[] {"rules"}, command, new String[] {"--kafka.bootstrap-servers",
                    clusters.kafkaBootstrapServers(), "--kafka.rules-topic", missing}).flatMap(Stream::of).toArray(String[]::new));
            assertThat(result.code()).as(String.join(" ", command)).isEqualTo(1);
            assertThat(result.err()).isEqualTo("pumpctl rules " + command[0] + ": no topic " + missing + " on "
                    + clusters.kafkaBootstrapServers() + "; 'pumpctl setup' creates it (--kafka.rules-topic names another)\n");
        }
        try (Admin admin = clusters.kafkaAdmin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(missing);
        }
    }

    @Test
    void anUnreachableKafkaIsOneClearLineWithinSeconds() {
        for (String[] command : List.of(new String[] {"list"},
                new String[] {"set", "--id", "x", "--measure", "psi", "--below", "1"})) {
            long start = System.nanoTime();
            Result result = pumpctl(Stream.of(new String[] {"rules"}, command,
                    new String[] {"--kafka.bootstrap-servers", "127.0.0.1:1"}).flatMap(Stream::of).toArray(String[]::new));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(result.code()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("pumpctl rules " + command[0] + ": cannot reach Kafka at 127.0.0.1:1 within 10 s\n");
            assertThat(took).isLessThan(Duration.ofSeconds(15));
        }
    }

    /** setup makes the rules topic with one partition, compacted, and says what an existing one is. */
    @Test
    void setupCreatesTheRulesTopicCompactedWithOnePartition() throws Exception {
        String rulesTopic = SharedClusters.uniqueName("setup_rules");
        String name = SharedClusters.uniqueName("rules_setup");
        String[] setup = {"setup", "--kafka.bootstrap-servers", clusters.kafkaBootstrapServers(),
                "--hbase.zookeeper.quorum", clusters.zookeeperQuorum(), "--kafka.topic", name,
                "--kafka.alarm-topic", name + "_alarms", "--kafka.rules-topic", rulesTopic, "--partitions", "2",
                "--hbase.table.sensor", name, "--hbase.table.dead-letters", name + "_dead"};
        Result first = pumpctl(setup);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("created topic " + name + " with 2 partitions",
                "created topic " + rulesTopic + " with 1 partition, compacted (the alarm rules)");
        try (Admin admin = clusters.kafkaAdmin()) {
            TopicDescription description = admin.describeTopics(List.of(rulesTopic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(rulesTopic);
            assertThat(description.partitions()).hasSize(1);
            assertThat(cleanupPolicy(admin, rulesTopic)).isEqualTo("compact");
        }
        Result again = pumpctl(setup);
        assertThat(again.out()).as(again.err()).contains("topic " + rulesTopic + " already exists with 1 partition, compacted\n");

        String plain = SharedClusters.uniqueName("plain_rules");
        clusters.createTopic(plain, 1);
        setup[List.of(setup).indexOf("--kafka.rules-topic") + 1] = plain;
        Result notCompacted = pumpctl(setup);
        assertThat(notCompacted.code()).as(notCompacted.err()).isZero();
        assertThat(notCompacted.out()).contains("topic " + plain + " already exists with 1 partition, NOT compacted "
                + "(cleanup.policy=delete): the broker deletes old rules, and a job started without state misses them; "
                + "compact it: kafka-configs.sh --bootstrap-server " + clusters.kafkaBootstrapServers()
                + " --alter --entity-type topics --entity-name " + plain + " --add-config cleanup.policy=compact");
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    }

    /** {@code pumpctl rules ARGS} on this test's topic. */
    private Result rules(String... args) {
        List<String> command = new ArrayList<>(List.of("rules"));
        command.addAll(List.of(args));
        command.addAll(List.of("--kafka.bootstrap-servers", clusters.kafkaBootstrapServers(), "--kafka.rules-topic", topic));
        return pumpctl(command.toArray(String[]::new));
    }

    private AlarmRule ruleOf(ConsumerRecord<String, String> record) {
        return AlarmRules.fromRecord(record.key().getBytes(), record.value().getBytes());
    }

    private static void send(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Every record of the topic's one partition, in order. */
    private static List<ConsumerRecord<String, String>> records(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition, Duration.ofSeconds(30)) < end) {
                assertThat(System.nanoTime()).as("read " + topic + " to offset " + end + " within 30 s").isLessThan(deadline);
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }
}
