package org.pumpmonitor.testkit;

import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Every cell of a table, every version, as a sorted map from {@code row/family:qualifier@timestamp} to value. */
public final class HBaseContents {

    private HBaseContents() {}

    public static TreeMap<String, String> dump(Connection hbase, String table) throws IOException {
        TreeMap<String, String> cells = new TreeMap<>();
        for (Cell cell : allCells(hbase, table)) {
            cells.put(coordinates(cell), Bytes.toStringBinary(CellUtil.cloneValue(cell)));
        }
        return cells;
    }

    public static List<Cell> allCells(Connection hbase, String table) throws IOException {
        List<Cell> cells = new ArrayList<>();
        try (Table t = hbase.getTable(TableName.valueOf(table));
                ResultScanner scanner = t.getScanner(new Scan().readAllVersions())) {
            for (Result result : scanner) {
                cells.addAll(result.listCells());
            }
        }
        return cells;
    }

    private static String coordinates(Cell cell) {
        return Bytes.toStringBinary(CellUtil.cloneRow(cell)) + "/"
                + Bytes.toString(CellUtil.cloneFamily(cell)) + ":"
                + Bytes.toString(CellUtil.cloneQualifier(cell)) + "@" + cell.getTimestamp();
    }
}
