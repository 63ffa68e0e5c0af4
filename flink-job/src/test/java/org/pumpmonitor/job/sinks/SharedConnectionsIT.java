package org.pumpmonitor.job.sinks;

import org.apache.flink.connector.hbase.util.HBaseConfigurationUtil;
import org.apache.flink.streaming.api.operators.StreamSink;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pumpmonitor.core.hbase.FamilyCodec;
import org.pumpmonitor.core.hbase.PumpIndexCodec;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.testkit.HBaseContents;
import org.pumpmonitor.testkit.SharedClusters;
import org.pumpmonitor.testkit.SharedClusters.Clusters;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The job's HBase sinks share one connection per client configuration, on a real HBase. */
@ExtendWith(SharedClusters.class)
class SharedConnectionsIT {

    private static final SensorReading READING =
            new SensorReading("MOJO", 1_394_452_800_000L, 10, 1.7, 880, 1.5, 85, 1.9);

    @Test
    void viewsOfOneConfigurationShareAConnectionThatClosesWithTheLastOfThem(Clusters clusters) throws Exception {
        byte[] conf = HBaseConfigurationUtil.serializeConfiguration(new Configuration(clusters.hbaseConfiguration()));
        int before = SharedConnections.open();

        Connection first = SharedConnections.acquire(conf);
        Connection second = SharedConnections.acquire(conf.clone());
        assertThat(SharedConnections.open()).isEqualTo(before + 1);

        first.close();
        first.close();
        assertThat(first.isClosed()).isTrue();
        assertThat(second.isClosed()).as("closing one view, twice, lets go of it once").isFalse();
        try (Admin admin = second.getAdmin()) {
            assertThat(admin.tableExists(TableName.valueOf("hbase:meta"))).isTrue();
        }

        second.close();
        assertThat(SharedConnections.open()).isEqualTo(before);
        Connection third = SharedConnections.acquire(conf);
        assertThat(third.isClosed()).as("a new connection after the last view closed").isFalse();
        third.close();
    }

    @Test
    void theSinksOfOneConfigurationWriteThroughOneConnection(Clusters clusters) throws Exception {
        String sensor = SharedClusters.uniqueName("shared_sensor");
        String index = PumpSchema.pumpIndexTable(sensor);
        new PumpTables(sensor, sensor + "_dead").createAll(clusters.hbaseConfiguration());
        Configuration conf = new Configuration(clusters.hbaseConfiguration());
        Configuration other = new Configuration(conf);
        other.setInt("hbase.client.pause", 123);
        int before = SharedConnections.open();

        List<OneInputStreamOperatorTestHarness<SensorReading, Object>> sinks = new ArrayList<>();
        try {
            sinks.add(open(sensor, conf, ReadingCodec.READINGS));
            sinks.add(open(index, conf, PumpIndexCodec.READINGS));
            sinks.add(open(sensor, conf, ReadingCodec.READINGS));
            assertThat(SharedConnections.open()).as("three sinks, one configuration").isEqualTo(before + 1);
            sinks.add(open(index, other, PumpIndexCodec.READINGS));
            assertThat(SharedConnections.open()).as("and one of another").isEqualTo(before + 2);

            for (var sink : sinks) {
                sink.processElement(READING, 0);
                sink.snapshot(1, 0);
            }
            assertThat(HBaseContents.dump(clusters.hbase(), sensor)).isNotEmpty();
            assertThat(HBaseContents.dump(clusters.hbase(), index)).isNotEmpty();

            sinks.remove(0).close();
            sinks.get(0).processElement(READING, 1);
            sinks.get(0).snapshot(2, 1);
            assertThat(SharedConnections.open()).as("still used by the others").isEqualTo(before + 2);
        } finally {
            for (var sink : sinks) {
                sink.close();
            }
        }
        assertThat(SharedConnections.open()).as("all closed").isEqualTo(before);
    }

    private static OneInputStreamOperatorTestHarness<SensorReading, Object> open(
            String table, Configuration conf, FamilyCodec<SensorReading, ?> codec) throws Exception {
        CheckpointSafeHBaseSink<SensorReading> sink =
                new CheckpointSafeHBaseSink<>(table, conf, new CodecConverter<>(codec), 1 << 20, 100, 0);
        OneInputStreamOperatorTestHarness<SensorReading, Object> harness =
                new OneInputStreamOperatorTestHarness<>(new StreamSink<>(sink));
        harness.open();
        return harness;
    }
}
