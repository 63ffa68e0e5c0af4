package org.pumpmonitor.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pumpmonitor.core.hbase.CreateTables;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the job checks before it starts. */
@ExtendWith(SharedClusters.class)
class PumpMonitorJobStartIT {

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

}
