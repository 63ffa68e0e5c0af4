package org.pumpmonitor.pumpctl.dashboard;

import org.apache.hadoop.hbase.RegionMetrics;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.RegionInfo;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows HBase's region servers have read from the tables of the user namespaces, as they count
 * them (read requests, and rows a filter dropped after reading them), asked of each region server
 * directly: what a request read, observed from outside the code under test.
 */
final class RegionReads {

    private final Connection hbase;

    RegionReads(Connection hbase) {
        this.hbase = hbase;
    }

    /** Rows read so far, per table. */
    Map<String, Long> now() throws IOException {
        Map<String, Long> reads = new TreeMap<>();
        try (Admin admin = hbase.getAdmin()) {
            for (ServerName server : admin.getRegionServers()) {
                for (RegionMetrics region : admin.getRegionMetrics(server)) {
                    String table = RegionInfo.getTable(region.getRegionName()).getNameAsString();
                    if (!table.startsWith("hbase:")) {
                        reads.merge(table, region.getReadRequestCount() + region.getFilteredReadRequestCount(), Long::sum);
                    }
                }
            }
        }
        return reads;
    }

    /** Rows read while {@code action} ran, per table that was read. */
    Map<String, Long> during(ThrowingRunnable action) throws Exception {
        Map<String, Long> before = now();
        action.run();
        Map<String, Long> delta = new TreeMap<>();
        now().forEach((table, rows) -> {
            long read = rows - before.getOrDefault(table, 0L);
            if (read > 0) {
                delta.put(table, read);
            }
        });
        return delta;
    }

    /** Rows read in all while {@code action} ran; a message names the tables. */
    static long total(Map<String, Long> reads) {
        return reads.values().stream().mapToLong(Long::longValue).sum();
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
