package org.pumpmonitor.pumpctl.local;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.pumpmonitor.core.hbase.HBaseClientConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HBase, standalone: master, region server and ZooKeeper (127.0.0.1:2181) in one process, a server
 * of the release line in {@code pumpctl-cli/runtimes/hbase}.
 */
final class LocalHBase extends LocalService {

    @Override
    List<String> command(StackFiles stack, Path home, Path log) throws Exception {
        Path conf = home.resolve("conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("hbase-site.xml"), LocalConfigFiles.text("hbase-site.xml", Map.of(
                "home", home.toString(), "rootdir", home.resolve("data").toUri().toString())));
        Files.writeString(conf.resolve("log4j.properties"), LocalConfigFiles.text("hbase-log4j.properties", Map.of()));
        List<String> command = new ArrayList<>(LocalConfigFiles.jvmOptions("hbase-jvm.options"));
        command.addAll(List.of("-Dhbase.log.dir=" + home.resolve("logs"), "-cp", conf + ":" + stack.classpath("hbase"),
                "org.apache.hadoop.hbase.master.HMaster", "start"));
        return command;
    }

    @Override
    boolean ready() throws Exception {
        org.apache.hadoop.conf.Configuration conf = HBaseClientConfig.configuration(LocalAddresses.ZOOKEEPER);
        conf.setInt("hbase.client.retries.number", 1);
        conf.setInt("zookeeper.recovery.retry", 0);
        try (Connection connection = ConnectionFactory.createConnection(conf); Admin admin = connection.getAdmin()) {
            return admin.isTableAvailable(TableName.META_TABLE_NAME)
                    && admin.getClusterMetrics().getLiveServerMetrics().size() > 0;
        }
    }
}
