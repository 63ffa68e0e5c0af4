package org.pumpmonitor.job.hbase;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.pumpmonitor.job.JobOptions;

/** The HBase client configuration the job's options describe. */
public final class HBaseConnections {

    private HBaseConnections() {}

    public static Configuration configuration(JobOptions options) {
        return configuration(
                options.get(JobOptions.HBASE_ZOOKEEPER_QUORUM), options.get(JobOptions.HBASE_ZNODE_PARENT));
    }

    /** With HBase's default root znode. */
    public static Configuration configuration(String zookeeperQuorum) {
        return configuration(zookeeperQuorum, JobOptions.HBASE_ZNODE_PARENT.defaultValue);
    }

    public static Configuration configuration(String zookeeperQuorum, String znodeParent) {
        Configuration conf = HBaseConfiguration.create();
        conf.set(HConstants.ZOOKEEPER_QUORUM, zookeeperQuorum);
        conf.set(HConstants.ZOOKEEPER_ZNODE_PARENT, znodeParent);
        return conf;
    }

    /**
     * The same, but giving up within about fifteen seconds: for checks and set-up that a person
     * waits for, where the client's default of retrying for minutes looks like a hang.
     */
    public static Configuration failFast(Configuration base) {
        Configuration conf = new Configuration(base);
        conf.setInt(HConstants.HBASE_CLIENT_RETRIES_NUMBER, 3);
        conf.setInt(HConstants.HBASE_CLIENT_PAUSE, 500);
        conf.setInt(HConstants.HBASE_CLIENT_OPERATION_TIMEOUT, 15_000);
        conf.setInt(HConstants.HBASE_RPC_TIMEOUT_KEY, 10_000);
        conf.setInt("zookeeper.recovery.retry", 1);
        conf.setInt("zookeeper.recovery.retry.intervalmill", 500);
        conf.setInt(HConstants.ZK_SESSION_TIMEOUT, 5_000);
        return conf;
    }
}
