package org.pumpmonitor.pumpctl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The CSV file the benchmarks append their figures to: a line per pass, after a header line naming them. */
final class FiguresCsv {

    private FiguresCsv() {
    }

    static void append(Path file, String benchmark, int pass, Map<String, Object> figures) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        List<String> header = new ArrayList<>(List.of("time", "benchmark", "pass"));
        List<String> values = new ArrayList<>(List.of(Instant.now().toString(), benchmark, Integer.toString(pass)));
        figures.forEach((k, v) -> {
            header.add(k);
            values.add(String.valueOf(v));
        });
        // One header line per benchmark kind: the file mixes kinds, the header says what follows.
        String lines = "# " + String.join(",", header) + "\n" + String.join(",", values) + "\n";
        Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
