package org.pumpmonitor.pumpctl.read;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The two ways pumpctl reads a table: the scan loop every read of rows goes through (a scan's rows,
 * one at a time), and whether rows exist.
 */
final class TableReads {

    private final Connection hbase;

    TableReads(Connection hbase) {
        this.hbase = hbase;
    }

    /** Hands the scan's rows to {@code row}, in the scan's order, until it answers false or the rows end. */
    void scan(TableName table, Scan scan, Predicate<Result> row) throws IOException {
        try (Table t = hbase.getTable(table); ResultScanner scanner = t.getScanner(scan)) {
            for (Result result : scanner) {
                if (!row.test(result)) {
                    return;
                }
            }
        }
    }

    /** The scan's first row, if it has one. */
    Optional<Result> first(TableName table, Scan scan) throws IOException {
        Result[] first = new Result[1];
        scan(table, scan, result -> {
            first[0] = result;
            return false;
        });
        return Optional.ofNullable(first[0]);
    }

    /** Whether each row exists, asked 1,000 at a time (a larger multi-get strains a small HBase). */
    boolean[] exist(TableName table, List<Get> rows) throws IOException {
        boolean[] exist = new boolean[rows.size()];
        try (Table t = hbase.getTable(table)) {
            for (int from = 0; from < rows.size(); from += 1000) {
                boolean[] chunk = t.exists(rows.subList(from, Math.min(rows.size(), from + 1000)));
                System.arraycopy(chunk, 0, exist, from, chunk.length);
            }
        }
        return exist;
    }
}
