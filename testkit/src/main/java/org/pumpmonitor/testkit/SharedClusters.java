package org.pumpmonitor.testkit;

import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.StartMiniClusterOption;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real Kafka broker (KRaft) and one real HBase mini cluster (with its ZooKeeper, without
 * HDFS) for the whole test run, on loopback; started by the first test class that asks for them
 * and stopped when the run ends. Tests get them as a parameter and use names of their own
 * ({@link #uniqueName}) so that they stay independent.
 */
public final class SharedClusters implements BeforeAllCallback, ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(SharedClusters.class);
    private static final AtomicInteger NAMES = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        clusters(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Clusters.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return clusters(context);
    }

    private static Clusters clusters(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Clusters.class, key -> Clusters.start(), Clusters.class);
    }

    /** A name no other test of this run uses, for topics, tables and consumer groups. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + NAMES.incrementAndGet();
    }

    /** The running clusters. */
    /** The job's default topic of alarm events, which every job on the shared broker writes to. */
    public static final String ALARM_TOPIC = "pump-alarms";

    public static final class Clusters implements ExtensionContext.Store.CloseableResource {
        private final KafkaClusterTestKit kafka;
        private final HBaseTestingUtility hbase;
        private final Connection hbaseConnection;

        private Clusters(KafkaClusterTestKit kafka, HBaseTestingUtility hbase, Connection hbaseConnection) {
            this.kafka = kafka;
            this.hbase = hbase;
            this.hbaseConnection = hbaseConnection;
        }

        static Clusters start() {
            long started = System.nanoTime();
            KafkaClusterTestKit kafka = null;
            HBaseTestingUtility hbase = null;
            try {
                kafka = startKafka();
                long kafkaReady = System.nanoTime();
                hbase = startHBase();
                Connection connection = ConnectionFactory.createConnection(hbase.getConfiguration());
                Clusters clusters = new Clusters(kafka, hbase, connection);
                // The job's alarm topic by default, as `pumpctl setup` creates it.
                clusters.createTopic(ALARM_TOPIC, 3);
                LOG.info("Kafka ready in {} ms, HBase in {} ms",
                        (kafkaReady - started) / 1_000_000, (System.nanoTime() - kafkaReady) / 1_000_000);
                return clusters;
            } catch (Exception e) {
                closeQuietly(kafka, hbase);
                throw new IllegalStateException("Could not start the test clusters", e);
            }
        }

        private static KafkaClusterTestKit startKafka() throws Exception {
            return startKafkaBroker(Map.of());
        }

        /**
         * A one-node KRaft broker on loopback configured as the shared one, with some settings
         * changed: for a test that needs a broker of its own. The caller closes it.
         */
        public static KafkaClusterTestKit startKafkaBroker(Map<String, String> settings) throws Exception {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    // As `pumpctl local up` and docker/ configure it: the job's alarm transactions last up to 2 h.
                    .setConfigProp("transaction.max.timeout.ms", String.valueOf(24 * 3_600_000))
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    // Room for the 1 MB line the job must turn into a dead letter.
                    .setConfigProp("message.max.bytes", String.valueOf(2 * 1024 * 1024));
            settings.forEach(builder::setConfigProp);
            KafkaClusterTestKit kafka = builder.build();
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            return kafka;
        }

        private static HBaseTestingUtility startHBase() throws Exception {
            HBaseTestingUtility hbase = new HBaseTestingUtility();
            Configuration conf = hbase.getConfiguration();
            // The web UIs need log4j 1 classes that are not on the classpath.
            conf.setInt("hbase.master.info.port", -1);
            conf.setInt("hbase.regionserver.info.port", -1);
            // The WAL lives on the local file system, which has no hflush.
            conf.setBoolean("hbase.unsafe.stream.capability.enforce", false);
            conf.set("hbase.zookeeper.quorum", "127.0.0.1");
            hbase.startMiniZKCluster();
            hbase.startMiniHBaseCluster(StartMiniClusterOption.builder()
                    .numMasters(1).numRegionServers(1).numDataNodes(0).build());
            return hbase;
        }

        public String kafkaBootstrapServers() {
            return kafka.bootstrapServers();
        }

        /** host:port of HBase's ZooKeeper, as the job's --hbase.zookeeper.quorum. */
        public String zookeeperQuorum() {
            return "127.0.0.1:" + hbase.getZkCluster().getClientPort();
        }

        public Configuration hbaseConfiguration() {
            return hbase.getConfiguration();
        }

        /** A shared connection; do not close it. */
        public Connection hbase() {
            return hbaseConnection;
        }

        public Admin kafkaAdmin() {
            return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers()));
        }

        /** Creates the topic and returns once the broker leads each of its partitions. */
        public void createTopic(String topic, int partitions) throws Exception {
            KafkaTopics.create(kafkaBootstrapServers(), new NewTopic(topic, partitions, (short) 1));
        }

        @Override
        public void close() throws Exception {
            try {
                hbaseConnection.close();
            } finally {
                closeQuietly(kafka, hbase);
            }
        }

        private static void closeQuietly(KafkaClusterTestKit kafka, HBaseTestingUtility hbase) {
            if (hbase != null) {
                try {
                    hbase.shutdownMiniCluster();
                } catch (Exception e) {
                    LOG.warn("Stopping HBase failed", e);
                }
            }
            if (kafka != null) {
                try {
                    kafka.close();
                } catch (Exception e) {
                    LOG.warn("Stopping Kafka failed", e);
                }
            }
        }
    }
}
