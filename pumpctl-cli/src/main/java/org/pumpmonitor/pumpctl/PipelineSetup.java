package org.pumpmonitor.pumpctl;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.pumpmonitor.core.hbase.HBaseClientConfig;
import org.pumpmonitor.core.hbase.PumpTables;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.pumpmonitor.pumpctl.Pumpctl.out;

/** The topic and the tables of a pipeline, shared by {@code setup}, {@code demo} and the benchmarks. */
final class PipelineSetup {

    private PipelineSetup() {
    }

    /** The topic and the tables, each created unless it exists; says what it did. */
    static void setUp(String bootstrapServers, String topic, int partitions, String zookeeper,
                      String sensorTable, String deadLetterTable) throws Exception {
        setUp(bootstrapServers, topic, partitions, zookeeper, sensorTable, deadLetterTable,
                org.pumpmonitor.core.options.JobOptions.KAFKA_ALARM_TOPIC.defaultValue);
    }

    /** The same, and the topic the job writes its alarm events to. */
    static void setUp(String bootstrapServers, String topic, int partitions, String zookeeper,
                      String sensorTable, String deadLetterTable, String alarmTopic) throws Exception {
        createTopic(bootstrapServers, topic, partitions);
        createTopic(bootstrapServers, alarmTopic, partitions);
        PumpTables tables = new PumpTables(sensorTable, deadLetterTable);
        List<String> done = tables.createAll(HBaseClientConfig.configuration(zookeeper));
        done.forEach(out::println);
        if (done.isEmpty()) {
            out.println("tables " + String.join(", ", tables.names()) + " already exist");
        }
    }

    static void createTopic(String bootstrapServers, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(15, TimeUnit.SECONDS);
            out.println("created topic " + topic + " with " + partitions + " partitions");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new PumpctlException("cannot create topic " + topic + " on " + bootstrapServers + ": "
                        + e.getCause().getMessage());
            }
            out.println("topic " + topic + " already exists");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new PumpctlException("cannot reach Kafka at " + bootstrapServers + " within 15 s");
        }
    }
}
