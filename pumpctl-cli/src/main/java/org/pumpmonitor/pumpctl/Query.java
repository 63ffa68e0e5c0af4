package org.pumpmonitor.pumpctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.pumpmonitor.job.hbase.PumpSchema;
import org.pumpmonitor.job.model.Measure;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads readings, alarms, daily statistics or dead letters from HBase and decodes them by the
 * schema in {@link PumpSchema}; the column names are the HBase qualifiers.
 */
public final class Query {

    /** What to read. */
    public enum Kind { READINGS, ALARMS, STATS, DEAD_LETTERS }

    /** How to print it. */
    public enum Format { TABLE, CSV, JSON }

    private final Connection hbase;
    private final String sensorTable;
    private final String deadLetterTable;

    public Query(Connection hbase, String sensorTable, String deadLetterTable) {
        this.hbase = hbase;
        this.sensorTable = sensorTable;
        this.deadLetterTable = deadLetterTable;
    }

    /**
     * @param from inclusive lower bound of the time (readings, alarms) or day (stats), ISO text; null for none
     * @param to exclusive upper bound, likewise
     */
    public List<Map<String, String>> rows(Kind kind, String pump, String from, String to, int limit)
            throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        byte[] family = switch (kind) {
            case READINGS -> PumpSchema.DATA;
            case ALARMS -> PumpSchema.ALERT;
            case STATS -> PumpSchema.STATS;
            case DEAD_LETTERS -> PumpSchema.ERROR;
        };
        Scan scan = new Scan().addFamily(family);
        if (pump != null && kind != Kind.DEAD_LETTERS) {
            scan.setRowPrefixFilter(PumpSchema.pumpPrefix(pump));
        }
        String table = kind == Kind.DEAD_LETTERS ? deadLetterTable : sensorTable;
        try (Table t = hbase.getTable(TableName.valueOf(table)); ResultScanner scanner = t.getScanner(scan)) {
            for (Result result : scanner) {
                String row = Bytes.toString(result.getRow());
                if (kind != Kind.DEAD_LETTERS && row.indexOf(PumpSchema.KEY_SEPARATOR) < 1) {
                    continue; // not a row of the job's (another writer shares the table)
                }
                String key = row.substring(row.indexOf(PumpSchema.KEY_SEPARATOR) + 1);
                boolean statsRow = key.length() == 10;
                if ((kind == Kind.STATS) != statsRow && kind != Kind.DEAD_LETTERS) {
                    continue;
                }
                if ((from != null && key.compareTo(from) < 0) || (to != null && key.compareTo(to) >= 0)) {
                    continue;
                }
                rows.add(decode(kind, row, result, family));
                if (rows.size() >= limit) {
                    break;
                }
            }
        }
        return rows;
    }

    private static Map<String, String> decode(Kind kind, String row, Result result, byte[] family) {
        Map<String, String> columns = new LinkedHashMap<>();
        String pump = row.substring(0, Math.max(0, row.indexOf(PumpSchema.KEY_SEPARATOR)));
        switch (kind) {
            case READINGS -> {
                // The row key holds the pump and the time (rows of older versions repeat them in cells).
                columns.put("pump", pump);
                columns.put("time", row.substring(row.indexOf(PumpSchema.KEY_SEPARATOR) + 1));
                for (Measure m : Measure.values()) {
                    columns.put(m.column(), text(result, family, PumpSchema.measure(m)));
                }
            }
            case ALARMS -> {
                columns.put("pump", pump);
                columns.put("time", row.substring(row.indexOf(PumpSchema.KEY_SEPARATOR) + 1));
                columns.put("psi", text(result, family, PumpSchema.PSI));
                columns.put("threshold", text(result, family, PumpSchema.THRESHOLD));
            }
            case STATS -> {
                for (byte[] q : List.of(PumpSchema.PUMP, PumpSchema.DAY, PumpSchema.COUNT, PumpSchema.FINAL)) {
                    columns.put(Bytes.toString(q), text(result, family, q));
                }
                for (Measure m : Measure.values()) {
                    columns.put(Bytes.toString(PumpSchema.min(m)), text(result, family, PumpSchema.min(m)));
                    columns.put(Bytes.toString(PumpSchema.max(m)), text(result, family, PumpSchema.max(m)));
                    columns.put(Bytes.toString(PumpSchema.avg(m)), text(result, family, PumpSchema.avg(m)));
                }
            }
            case DEAD_LETTERS -> {
                for (byte[] q : List.of(PumpSchema.TOPIC, PumpSchema.PARTITION, PumpSchema.OFFSET,
                        PumpSchema.KAFKA_TIMESTAMP, PumpSchema.REASON, PumpSchema.RAW_SIZE)) {
                    columns.put(Bytes.toString(q), text(result, family, q));
                }
                byte[] raw = result.getValue(family, PumpSchema.RAW);
                columns.put("raw", raw == null ? "" : abbreviate(Bytes.toStringBinary(raw), 120));
            }
        }
        return columns;
    }

    private static String text(Result result, byte[] family, byte[] qualifier) {
        byte[] value = result.getValue(family, qualifier);
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    public static void print(List<Map<String, String>> rows, Format format, PrintStream out) throws IOException {
        switch (format) {
            case JSON -> {
                ObjectMapper json = new ObjectMapper();
                ArrayNode array = json.createArrayNode();
                for (Map<String, String> row : rows) {
                    ObjectNode object = array.addObject();
                    row.forEach((k, v) -> putTyped(object, k, v));
                }
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            }
            case CSV -> {
                if (!rows.isEmpty()) {
                    out.println(String.join(",", rows.get(0).keySet()));
                }
                for (Map<String, String> row : rows) {
                    out.println(String.join(",", row.values().stream().map(Query::csv).toList()));
                }
            }
            case TABLE -> printTable(rows, out);
        }
    }

    /** Numbers and booleans as JSON numbers and booleans; everything else as strings. */
    private static void putTyped(ObjectNode object, String key, String value) {
        if (value.equals("true") || value.equals("false")) {
            object.put(key, Boolean.parseBoolean(value));
        } else if (value.matches("-?\\d+") && value.length() < 19) {
            object.put(key, Long.parseLong(value));
        } else if (value.matches("-?\\d+\\.\\d+(E-?\\d+)?")) {
            object.put(key, Double.parseDouble(value));
        } else {
            object.put(key, value);
        }
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\""
                : value;
    }

    private static void printTable(List<Map<String, String>> rows, PrintStream out) {
        if (rows.isEmpty()) {
            out.println("(no rows)");
            return;
        }
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).length();
            for (Map<String, String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(columns.get(i)).length());
            }
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            header.append(String.format("%-" + widths[i] + "s  ", columns.get(i)));
        }
        out.println(header.toString().stripTrailing());
        for (Map<String, String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                line.append(String.format("%-" + widths[i] + "s  ", row.get(columns.get(i))));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
