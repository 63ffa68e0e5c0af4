package org.pumpmonitor.pumpctl;

import org.pumpmonitor.simulator.Reading;
import org.pumpmonitor.simulator.SensorCsv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/** What the end-to-end tests share: pumpctl run in-process, and comparisons of what was sent with what is stored. */
final class Cli {

    private Cli() {}

    record Result(int code, String out, String err) {}

    /** Runs {@code ./pumpctl args} in this JVM and captures what it prints. */
    static Result pumpctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Pumpctl.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The reading the job stores for a line the simulator sent, or null for a dead letter: lines
     * whose fields parse here but not in the job (a bad pump id, NaN, infinity) are dead letters.
     */
    static Reading storedReading(String line) {
        Reading r = SensorCsv.parse(line);
        return r != null && r.pump().matches("[A-Z]+") && Double.isFinite(r.psi()) && Double.isFinite(r.flo())
                ? r : null;
    }

    /** A reading's pump and time as {@code pumpctl query} prints them: {@code PUMP@2014-03-10T00:01:00Z}. */
    static String key(Reading r) {
        return r.pump() + "@" + r.time().atOffset(ZoneOffset.UTC).toInstant();
    }

    /** The entries that are in only one of the two maps, or differ. */
    static <V> Map<String, String> difference(Map<String, V> actual, Map<String, V> expected) {
        Map<String, String> difference = new TreeMap<>();
        actual.forEach((k, v) -> {
            if (!v.equals(expected.get(k))) {
                difference.put(k, "stored " + v + ", expected " + expected.get(k));
            }
        });
        expected.forEach((k, v) -> {
            if (!actual.containsKey(k)) {
                difference.put(k, "missing, expected " + v);
            }
        });
        return difference;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
