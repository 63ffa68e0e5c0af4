package org.pumpmonitor.core.hbase;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(SharedClusters.class)
class PumpTablesIT {

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

    /** Issue 24, item 10: a stack set up before the pump index gets it from the same set-up step. */
    @Test
    void tablesOfAnEarlierSetUpGainThePumpIndex(Clusters clusters) throws Exception {
        String sensor = SharedClusters.uniqueName("before_index_sensor");
        String deadLetters = SharedClusters.uniqueName("before_index_dead_letters");
        PumpTables tables = new PumpTables(sensor, deadLetters);
        try (Admin admin = clusters.hbase().getAdmin()) {
            admin.createTable(PumpSchema.sensorTable(TableName.valueOf(sensor), PumpTables.MAX_VERSIONS));
            admin.createTable(PumpSchema.deadLetterTable(TableName.valueOf(deadLetters), PumpTables.MAX_VERSIONS));
            assertThatThrownBy(() -> tables.verify(admin))
                    .hasMessageStartingWith("HBase is missing table '" + sensor + "_pumps'.")
                    .hasMessageContaining("create '" + sensor + "_pumps', {NAME => 'data', VERSIONS => 1}, "
                            + "{NAME => 'alert', VERSIONS => 1}, {NAME => 'episode', VERSIONS => 1}, {NAME => 'stats', VERSIONS => 1}");

            assertThat(tables.create(admin, PumpTables.MAX_VERSIONS)).containsExactly("created table " + sensor + "_pumps");
            tables.verify(admin);
            assertThat(tables.create(admin, PumpTables.MAX_VERSIONS)).isEmpty();
            assertThat(tables.names()).containsExactly(sensor, deadLetters, sensor + "_pumps");
        }
    }

    @Test
    void anUnreachableHBaseFailsNamingTheQuorum() {
        assertThatThrownBy(() -> PumpTables.withAdmin(
                        HBaseClientConfig.configuration("127.0.0.1:1", "/hbase"),
                        admin -> admin.tableExists(TableName.valueOf("sensor"))))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Cannot reach HBase through ZooKeeper at 127.0.0.1:1");
    }

    /** Issue 21: the sensor table pre-split over pump ids; set-up again leaves it as it is. */
    @Test
    void aNewSensorTableIsCreatedInTheRegionsAsked(Clusters clusters) throws Exception {
        String sensor = SharedClusters.uniqueName("split_sensor");
        PumpTables tables = new PumpTables(sensor, sensor + "_dead", RegionSplits.overAlphabet(4));
        try (Admin admin = clusters.hbase().getAdmin()) {
            assertThat(tables.create(admin, PumpTables.MAX_VERSIONS))
                    .contains("created table " + sensor + " in 4 regions, split at 9, I, R");
            assertThat(tables.sensorRegions(admin)).isEqualTo(4);
            assertThat(admin.getRegions(TableName.valueOf(sensor)).stream()
                    .map(r -> org.apache.hadoop.hbase.util.Bytes.toString(r.getStartKey())))
                    .containsExactly("", "9", "I", "R");
            assertThat(new PumpTables(sensor, sensor + "_dead", RegionSplits.overAlphabet(8))
                    .create(admin, PumpTables.MAX_VERSIONS)).isEmpty();
            assertThat(tables.sensorRegions(admin)).isEqualTo(4);
        }
    }
}
