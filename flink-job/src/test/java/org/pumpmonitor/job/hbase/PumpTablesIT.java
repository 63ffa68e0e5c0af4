package org.pumpmonitor.job.hbase;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pumpmonitor.job.PumpMonitorJob;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(SharedClusters.class)
class PumpTablesIT {

    @Test
    void theJobRefusesToStartWithoutItsTablesAndSaysHowToCreateThem(Clusters clusters) {
        String sensor = SharedClusters.uniqueName("absent_sensor");
        assertThatThrownBy(() -> PumpMonitorJob.main(new String[] {
                    "--hbase.zookeeper.quorum", clusters.zookeeperQuorum(), "--hbase.table.sensor", sensor}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HBase is missing table '" + sensor + "', table 'dead_letters'")
                .hasMessageContaining(CreateTables.class.getName())
                .hasMessageContaining("create '" + sensor + "', {NAME => 'data', VERSIONS => 1}");
    }

    @Test
    void aMissingFamilyIsNamedAndCreateAddsIt(Clusters clusters) throws Exception {
        String sensor = SharedClusters.uniqueName("old_sensor");
        String deadLetters = SharedClusters.uniqueName("old_dead_letters");
        PumpTables tables = new PumpTables(sensor, deadLetters);
        try (Admin admin = clusters.hbase().getAdmin()) {
            admin.createTable(TableDescriptorBuilder.newBuilder(TableName.valueOf(sensor))
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.of("data"))
                    .build());
            assertThatThrownBy(() -> tables.verify(admin))
                    .hasMessageContaining("column family 'alert' of table '" + sensor + "'")
                    .hasMessageContaining("table '" + deadLetters + "'");

            assertThat(tables.create(admin, PumpTables.MAX_VERSIONS))
                    .contains("added family alert to table " + sensor, "created table " + deadLetters);
            tables.verify(admin);
            assertThat(tables.create(admin, PumpTables.MAX_VERSIONS)).isEmpty();
        }
    }

    @Test
    void anUnreachableHBaseFailsNamingTheQuorum() {
        assertThatThrownBy(() -> PumpTables.withAdmin(
                        HBaseConnections.configuration("127.0.0.1:1", "/hbase"),
                        admin -> admin.tableExists(TableName.valueOf("sensor"))))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Cannot reach HBase through ZooKeeper at 127.0.0.1:1");
    }
}
