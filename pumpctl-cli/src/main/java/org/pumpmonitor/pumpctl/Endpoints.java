package org.pumpmonitor.pumpctl;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.pumpmonitor.core.hbase.HBaseClientConfig;
import picocli.CommandLine.Option;

/** Options naming the clusters to talk to. */
final class Endpoints {
    @Option(names = "--kafka.bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = LocalCluster.KAFKA_BOOTSTRAP,
            description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--hbase.zookeeper.quorum", paramLabel = "HOST:PORT", defaultValue = LocalCluster.ZOOKEEPER,
            description = "HBase's ZooKeeper quorum (default: ${DEFAULT-VALUE}).")
    String zookeeper;

    @Option(names = "--hbase.table.sensor", defaultValue = "sensor", description = "HBase table of readings (default: ${DEFAULT-VALUE}).")
    String sensorTable;

    @Option(names = "--hbase.table.dead-letters", defaultValue = "dead_letters", description = "HBase table of dead letters (default: ${DEFAULT-VALUE}).")
    String deadLetterTable;

    // The spellings before pumpctl took the job's: still read, with a warning.
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", hidden = true)
    void deprecatedBootstrapServers(String value) {
        bootstrapServers = Pumpctl.deprecated("--bootstrap-servers", "--kafka.bootstrap-servers", value);
    }

    @Option(names = "--zookeeper", paramLabel = "HOST:PORT", hidden = true)
    void deprecatedZookeeper(String value) {
        zookeeper = Pumpctl.deprecated("--zookeeper", "--hbase.zookeeper.quorum", value);
    }

    @Option(names = "--sensor-table", hidden = true)
    void deprecatedSensorTable(String value) {
        sensorTable = Pumpctl.deprecated("--sensor-table", "--hbase.table.sensor", value);
    }

    @Option(names = "--dead-letter-table", hidden = true)
    void deprecatedDeadLetterTable(String value) {
        deadLetterTable = Pumpctl.deprecated("--dead-letter-table", "--hbase.table.dead-letters", value);
    }

    Connection hbase() throws Exception {
        Configuration conf = HBaseClientConfig.failFast(HBaseClientConfig.configuration(zookeeper));
        return ConnectionFactory.createConnection(conf);
    }
}
