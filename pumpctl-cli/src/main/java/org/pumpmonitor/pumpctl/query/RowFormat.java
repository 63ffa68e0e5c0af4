package org.pumpmonitor.pumpctl.query;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How rows are printed: an aligned table, CSV with a header line, or a JSON array. */
public enum RowFormat {
    TABLE, CSV, JSON;

    public void print(List<Map<String, Object>> rows, PrintStream out) throws IOException {
        switch (this) {
            // Values typed by the schema (the codecs): a pump id such as 0012 stays a string.
            case JSON -> out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
            case CSV -> {
                if (!rows.isEmpty()) {
                    out.println(String.join(",", rows.get(0).keySet()));
                }
                for (Map<String, Object> row : rows) {
                    out.println(String.join(",", row.values().stream().map(v -> csv(text(v))).toList()));
                }
            }
            case TABLE -> printTable(rows, out);
        }
    }

    /** A value as text; nothing for none (an open episode's end). */
    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\""
                : value;
    }

    private static void printTable(List<Map<String, Object>> rows, PrintStream out) {
        if (rows.isEmpty()) {
            out.println("(no rows)");
            return;
        }
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).length();
            for (Map<String, Object> row : rows) {
                widths[i] = Math.max(widths[i], text(row.get(columns.get(i))).length());
            }
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            header.append(String.format("%-" + widths[i] + "s  ", columns.get(i)));
        }
        out.println(header.toString().stripTrailing());
        for (Map<String, Object> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                line.append(String.format("%-" + widths[i] + "s  ", text(row.get(columns.get(i)))));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
