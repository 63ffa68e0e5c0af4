package org.pumpmonitor.pumpctl.stack;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.pumpmonitor.core.hbase.HBaseClientConfig;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import picocli.CommandLine.Option;

/**
 * Options of the commands that read or set up a pipeline's data: the Kafka brokers and HBase
 * quorum of its stack (by default the local stack's) and its tables, spelt as the job spells them.
 */
public final class StackAddresses {
    @Option(names = "--kafka.bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = LocalAddresses.KAFKA_BOOTSTRAP,
            description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    public String bootstrapServers;

    @Option(names = "--hbase.zookeeper.quorum", paramLabel = "HOST:PORT", defaultValue = LocalAddresses.ZOOKEEPER,
            description = "HBase's ZooKeeper quorum (default: ${DEFAULT-VALUE}).")
    public String zookeeper;

    @Option(names = "--hbase.table.sensor", defaultValue = "sensor", description = "HBase table of readings (default: ${DEFAULT-VALUE}).")
    public String sensorTable;

    @Option(names = "--hbase.table.dead-letters", defaultValue = "dead_letters", description = "HBase table of dead letters (default: ${DEFAULT-VALUE}).")
    public String deadLetterTable;

    private final Console console;

    StackAddresses(Console console) {
        this.console = console;
    }

    // The spellings before pumpctl took the job's: still read, with a warning.
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", hidden = true)
    void deprecatedBootstrapServers(String value) {
        bootstrapServers = console.deprecated("--bootstrap-servers", "--kafka.bootstrap-servers", value);
    }

    @Option(names = "--zookeeper", paramLabel = "HOST:PORT", hidden = true)
    void deprecatedZookeeper(String value) {
        zookeeper = console.deprecated("--zookeeper", "--hbase.zookeeper.quorum", value);
    }

    @Option(names = "--sensor-table", hidden = true)
    void deprecatedSensorTable(String value) {
        sensorTable = console.deprecated("--sensor-table", "--hbase.table.sensor", value);
    }

    @Option(names = "--dead-letter-table", hidden = true)
    void deprecatedDeadLetterTable(String value) {
        deadLetterTable = console.deprecated("--dead-letter-table", "--hbase.table.dead-letters", value);
    }

    /** A connection to the HBase of the quorum that fails fast where there is none. */
    public Connection hbase() throws Exception {
        return hbase(zookeeper);
    }

    /** A connection to the HBase of a quorum that fails fast where there is none. */
    public static Connection hbase(String zookeeper) throws Exception {
        Configuration conf = HBaseClientConfig.failFast(HBaseClientConfig.configuration(zookeeper));
        return ConnectionFactory.createConnection(conf);
    }
}
