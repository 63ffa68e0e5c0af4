package org.pumpmonitor.pumpctl.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
 * The topic and the tables of a pipeline: set up by {@code setup}, {@code demo} and the
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

    /** The topic (and the job's default alarm topic) and the tables, each created unless it exists. */
    public void setUp(String bootstrapServers, String topic, int partitions, String zookeeper,
                      String sensorTable, String deadLetterTable) throws Exception {
        setUp(bootstrapServers, topic, partitions, zookeeper, sensorTable, deadLetterTable,
                JobOptions.KAFKA_ALARM_TOPIC.defaultValue);
    }

    /** The same, and the topic the job writes its alarm events to. */
    public void setUp(String bootstrapServers, String topic, int partitions, String zookeeper,
                      String sensorTable, String deadLetterTable, String alarmTopic) throws Exception {
        setUp(bootstrapServers, topic, partitions, zookeeper, sensorTable, deadLetterTable, alarmTopic, new byte[0][]);
    }

    /**
     * The same, with a new sensor table pre-split at these points ({@link org.pumpmonitor.core.hbase.RegionSplits}).
     * A topic or table that exists is left as it is, and what it has is said.
     */
    public void setUp(String bootstrapServers, String topic, int partitions, String zookeeper,
                      String sensorTable, String deadLetterTable, String alarmTopic, byte[][] sensorSplits)
            throws Exception {
        createTopic(bootstrapServers, topic, partitions);
        createTopic(bootstrapServers, alarmTopic, partitions);
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
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(15, TimeUnit.SECONDS);
                out.println("created topic " + topic + " with " + partitions + " partitions");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new PumpctlException("cannot create topic " + topic + " on " + bootstrapServers + ": "
                            + e.getCause().getMessage());
                }
                int existing = admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS)
                        .get(topic).partitions().size();
                out.println("topic " + topic + " already exists with " + existing + " partitions"
                        + (existing == partitions ? "" : " (not changed to " + partitions + ": adding partitions "
                        + "moves pumps to other partitions, see docs/operations.md)"));
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new PumpctlException("cannot reach Kafka at " + bootstrapServers + " within 15 s");
        }
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
