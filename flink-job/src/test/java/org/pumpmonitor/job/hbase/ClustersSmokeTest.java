package org.pumpmonitor.job.hbase;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pumpmonitor.job.testing.SharedClusters;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedClusters.class)
class ClustersSmokeTest {
    @Test
    void clustersStart(SharedClusters.Clusters clusters) throws Exception {
        String topic = SharedClusters.uniqueName("smoke");
        clusters.createTopic(topic, 1);
        try (Admin admin = clusters.hbase().getAdmin()) {
            new PumpTables(topic, topic + "_dl").create(admin, 1);
            assertThat(admin.tableExists(TableName.valueOf(topic))).isTrue();
        }
    }
}
