package org.pumpmonitor.pumpctl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pumpctl's packages in the order they build on each other: what a command prints to (console), the
 * job's metrics, the local stack, a stack's addresses and set-up, Flink, what HBase holds (read), the
 * queries, the alarm rules, the dashboard, the benchmarks, the demo. A package may use the ones before it, never one
 * after it, nor the top package (the command line), which wires them all.
 */
class PackageOrderTest {

    static final List<String> ORDER = List.of(
            "console", "metrics", "local", "stack", "flink", "read", "query", "rules", "dashboard", "bench", "demo");
    private static final Path SOURCES = Path.of("src/main/java/org/pumpmonitor/pumpctl");
    /** A use of a pumpctl package, by import or by full name; a capital after the dot is the top package's class. */
    private static final Pattern USE = Pattern.compile("\\borg\\.pumpmonitor\\.pumpctl\\.(\\w+)");

    @Test
    void noPackageUsesALaterOneOrTheTopPackage() throws IOException {
        List<String> backwards = new ArrayList<>();
        for (int at = 0; at < ORDER.size(); at++) {
            String pkg = ORDER.get(at);
            try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
                for (Path file : files.toList()) {
                    String text = Files.readString(file).replaceFirst("(?m)^package .*$", "");
                    Matcher uses = USE.matcher(text);
                    while (uses.find()) {
                        String used = uses.group(1);
                        int usedAt = ORDER.indexOf(used);
                        if (usedAt > at || usedAt < 0) {
                            backwards.add(pkg + "/" + file.getFileName() + " uses "
                                    + (usedAt < 0 ? "the top package's " + used : used));
                        }
                    }
                }
            }
        }
        assertThat(backwards).isEmpty();
    }

    @Test
    void everyPackageHasItsPlaceInTheOrder() throws IOException {
        try (Stream<Path> packages = Files.list(SOURCES)) {
            assertThat(packages.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(ORDER);
        }
    }
}
