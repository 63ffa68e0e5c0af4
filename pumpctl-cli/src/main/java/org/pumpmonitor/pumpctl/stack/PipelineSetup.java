package org.pumpmonitor.pumpctl.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.pumpmonitor.core.hbase.HBaseClientConfig;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.PumpctlException;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The topics and the tables of a pipeline: set up by {@code setup}, {@code demo} and the
 * benchmarks, and removed again by the benchmarks, whose runs each have their own.
 */
public final class PipelineSetup {

    private final PrintStream out;
    private final PrintStream err;

    /** @param console where it says what it did */
    public PipelineSetup(Console console) {
        this.out = console.out();
        this.err = console.err();
    }

    /** The topic (and the job's default alarm and rules topics) and the tables, each created unless it exists. */
    public void setUp(String bootstrapServers, String topic, int partitions, String zookeeper,
                      String sensorTable, String deadLetterTable) throws Exception {
        setUp(bootstrapServers, topic, partitions, zookeeper, sensorTable, deadLetterTable,
                JobOptions.KAFKA_ALARM_TOPIC.defaultValue);
    }

    /** The same, and the topic the job writes its alarm events to. */
    public void setUp(String bootstrapServers, String topic, int partitions, String zookeeper,
                      String sensorTable, String deadLetterTable, String alarmTopic) throws Exception {
        setUp(bootstrapServers, topic, partitions, zookeeper, sensorTable, deadLetterTable, alarmTopic,
                JobOptions.KAFKA_RULES_TOPIC.defaultValue, new byte[0][]);
    }

    /**
     * The same, and the job's rules topic, with a new sensor table pre-split at these points
     * ({@link org.pumpmonitor.core.hbase.RegionSplits}). A topic or table that exists is left as it
     * is, and what it has is said.
     */
    public void setUp(String bootstrapServers, String topic, int partitions, String zookeeper,
                      String sensorTable, String deadLetterTable, String alarmTopic, String rulesTopic,
                      byte[][] sensorSplits) throws Exception {
        createTopic(bootstrapServers, topic, partitions);
        createTopic(bootstrapServers, alarmTopic, partitions);
        createRulesTopic(bootstrapServers, rulesTopic);
        PumpTables tables = new PumpTables(sensorTable, deadLetterTable, sensorSplits);
        org.apache.hadoop.conf.Configuration hbase = HBaseClientConfig.configuration(zookeeper);
        List<String> done = tables.createAll(hbase);
        done.forEach(out::println);
        if (done.isEmpty()) {
            out.println("tables " + String.join(", ", tables.names()) + " already exist");
        }
        if (sensorSplits.length > 0 && done.stream().noneMatch(d -> d.startsWith("created table " + sensorTable + " "))) {
            int regions = PumpTables.withAdmin(hbase, tables::sensorRegions);
            if (regions != sensorSplits.length + 1) {
                out.println("table " + sensorTable + " has " + regions + " region(s), not the " + (sensorSplits.length + 1)
                        + " asked: regions apply to a new table; split an existing one in the HBase shell "
                        + "(split '" + sensorTable + "', 'PUMP|'), see docs/operations.md");
            }
        }
    }

    private void createTopic(String bootstrapServers, String topic, int partitions) throws Exception {
        withAdmin(bootstrapServers, admin -> {
            if (created(admin, bootstrapServers, new NewTopic(topic, partitions, (short) 1))) {
                out.println("created topic " + topic + " with " + partitions + " partitions");
                return;
            }
            int existing = partitions(admin, topic);
            out.println("topic " + topic + " already exists with " + existing + " partitions"
                    + (existing == partitions ? "" : " (not changed to " + partitions + ": adding partitions "
                    + "moves pumps to other partitions, see docs/operations.md)"));
        });
    }

    /**
     * The job's alarm rules: compacted, so that the topic keeps the newest record of every rule for
     * as long as it exists (a job started without state reads them all), and one partition, so that
     * the job takes the changes in the order they were written.
     */
    private void createRulesTopic(String bootstrapServers, String topic) throws Exception {
        withAdmin(bootstrapServers, admin -> {
            NewTopic rules = new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            if (created(admin, bootstrapServers, rules)) {
                out.println("created topic " + topic + " with 1 partition, compacted (the alarm rules)");
                return;
            }
            int existing = partitions(admin, topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            ConfigEntry policy = admin.describeConfigs(List.of(resource)).all().get(15, TimeUnit.SECONDS)
                    .get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String cleanup = policy == null ? "" : policy.value();
            out.println("topic " + topic + " already exists with " + existing + " partition" + (existing == 1 ? "" : "s")
                    + (List.of(cleanup.split(",")).contains(TopicConfig.CLEANUP_POLICY_COMPACT) ? ", compacted"
                    : ", NOT compacted (cleanup.policy=" + cleanup + "): the broker deletes old rules, and a job "
                    + "started without state misses them; compact it: kafka-configs.sh --bootstrap-server "
                    + bootstrapServers + " --alter --entity-type topics --entity-name " + topic
                    + " --add-config cleanup.policy=compact"));
        });
    }

    private interface AdminWork {
        void run(Admin admin) throws Exception;
    }

    private static void withAdmin(String bootstrapServers, AdminWork work) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            work.run(admin);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new PumpctlException("cannot reach Kafka at " + bootstrapServers + " within 15 s");
        }
    }

    /** Creates the topic; false if it exists. */
    private static boolean created(Admin admin, String bootstrapServers, NewTopic topic) throws Exception {
        try {
            admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new PumpctlException("cannot create topic " + topic.name() + " on " + bootstrapServers + ": "
                        + e.getCause().getMessage());
            }
            return false;
        }
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS)
                .get(topic).partitions().size();
    }

    /** Drops the tables, where they exist. */
    public void dropTables(Connection hbase, PumpTables tables) throws IOException {
        try (org.apache.hadoop.hbase.client.Admin admin = hbase.getAdmin()) {
            for (String name : tables.names()) {
                TableName table = TableName.valueOf(name);
                if (admin.tableExists(table)) {
                    admin.disableTable(table);
                    admin.deleteTable(table);
                }
            }
        }
    }

    /** Deletes the topic; says so where it cannot. */
    public void deleteTopic(String bootstrapServers, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("could not delete topic " + topic + ": " + e.getMessage());
        }
    }
}
