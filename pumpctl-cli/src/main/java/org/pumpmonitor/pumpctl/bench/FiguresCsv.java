package org.pumpmonitor.pumpctl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CSV file the benchmarks append their figures to: a line per pass, after a header line naming
 * them, each with the time and the commit it measured ({@link MeasuredCommit}).
 */
final class FiguresCsv {

    private FiguresCsv() {
    }

    static void append(Path file, String commit, String benchmark, int pass, Map<String, Object> figures)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        List<String> header = new ArrayList<>(List.of("time", "commit", "benchmark", "pass"));
        List<String> values = new ArrayList<>(List.of(Instant.now().toString(), commit, benchmark,
                Integer.toString(pass)));
        figures.forEach((k, v) -> {
            header.add(k);
            values.add(String.valueOf(v));
        });
        // One header line per benchmark kind: the file mixes kinds, the header says what follows.
        String lines = "# " + String.join(",", header) + "\n" + String.join(",", values) + "\n";
        Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Appends a table in CSV (a header line, then rows) with the time and the commit before each line. */
    static void appendTable(Path file, String commit, List<String> table) throws IOException {
        if (table.isEmpty()) {
            return;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        String time = Instant.now().toString();
        StringBuilder lines = new StringBuilder("# time,commit,").append(table.get(0)).append('\n');
        for (String row : table.subList(1, table.size())) {
            lines.append(time).append(',').append(commit).append(',').append(row).append('\n');
        }
        Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
