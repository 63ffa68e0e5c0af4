package org.pumpmonitor.core.hbase;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.ipc.NettyRpcClientConfigHelper;
import org.pumpmonitor.core.options.JobOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The HBase client configuration the job's options describe. */
public final class HBaseClientConfig {

    private HBaseClientConfig() {}

    /**
     * The job's client configuration: the {@code --hbase.site} file if any, then the job's
     * options, then every {@code --hbase.property.*}. Timeouts and retries are bounded (the
     * client's own defaults retry for up to 20 minutes, which turns an outage into a silent stall
     * and a cancellation into a TaskManager that Flink kills), and each connection gets an
     * event-loop group of its own that closes with it (the client's default is a static group that
     * no connection closes, and that outlives the job: see the job's CheckpointSafeHBaseSink).
     */
    public static Configuration configuration(JobOptions options) {
        Configuration conf = HBaseConfiguration.create();
        String site = options.get(JobOptions.HBASE_SITE);
        if (!site.isBlank()) {
            Path file = Paths.get(site);
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("--" + JobOptions.HBASE_SITE.name + ": cannot read " + file.toAbsolutePath());
            }
            conf.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
        }
        conf.set(HConstants.ZOOKEEPER_QUORUM, options.get(JobOptions.HBASE_ZOOKEEPER_QUORUM));
        conf.set(HConstants.ZOOKEEPER_ZNODE_PARENT, options.get(JobOptions.HBASE_ZNODE_PARENT));
        int operationTimeout = (int) options.get(JobOptions.HBASE_OPERATION_TIMEOUT).toMillis();
        int rpcTimeout = (int) options.get(JobOptions.HBASE_RPC_TIMEOUT).toMillis();
        conf.setInt(HConstants.HBASE_CLIENT_OPERATION_TIMEOUT, operationTimeout);
        conf.setInt(HConstants.HBASE_CLIENT_META_OPERATION_TIMEOUT, operationTimeout);
        conf.setInt(HConstants.HBASE_RPC_TIMEOUT_KEY, rpcTimeout);
        conf.setInt(HConstants.HBASE_RPC_READ_TIMEOUT_KEY, rpcTimeout);
        conf.setInt(HConstants.HBASE_RPC_WRITE_TIMEOUT_KEY, rpcTimeout);
        conf.setInt(HConstants.HBASE_CLIENT_RETRIES_NUMBER, options.get(JobOptions.HBASE_RETRIES));
        // ZooKeeper look-ups (where hbase:meta is) retry once a second; keep them within the bound too.
        conf.setInt("zookeeper.recovery.retry", Math.max(1, operationTimeout / 1000 / 2));
        conf.setInt("zookeeper.recovery.retry.intervalmill", 1000);
        NettyRpcClientConfigHelper.createEventLoopPerClient(conf);
        // A BufferedMutator's thread pool is not shut down with it (HBase 2.2 marks the
        // connection's default pool as not its own); its idle threads would keep a finished job's
        // class loader, some 22 MB of metaspace, alive for the default 60 s. Back-to-back jobs on
        // one TaskManager then run it out of metaspace.
        conf.setLong("hbase.htable.threads.keepalivetime", 1);
        // The client checks every cell of every Put against this size before buffering it: 17 %
        // of the readings sink's time in a profile. The job's cells are small and bounded (a dead
        // letter keeps at most its Kafka record), and the server enforces its own limit
        // (hbase.server.keyvalue.maxsize) on what it is sent; 0 turns the client's check off.
        conf.setInt("hbase.client.keyvalue.maxsize", 0);
        options.properties(JobOptions.HBASE_PROPERTY_PREFIX).forEach(conf::set);
        return conf;
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
