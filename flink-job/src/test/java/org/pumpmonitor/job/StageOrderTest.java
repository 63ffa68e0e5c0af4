package org.pumpmonitor.job;

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
 * The job's packages follow the data: source, rules (the second source, of the alarm rules),
 * admission, alarms, stats, sinks. A stage may use
 * the ones before it, never one after it; the job's top package wires them all.
 */
class StageOrderTest {

    static final List<String> STAGES = List.of("source", "rules", "admission", "alarms", "stats", "sinks");
    private static final Path SOURCES = Path.of("src/main/java/org/pumpmonitor/job");
    private static final Pattern JOB_IMPORT = Pattern.compile("^import (?:static )?org\\.pumpmonitor\\.job\\.(\\w+)\\.", Pattern.MULTILINE);

    @Test
    void noStageUsesALaterOne() throws IOException {
        List<String> backwards = new ArrayList<>();
        for (int stage = 0; stage < STAGES.size(); stage++) {
            try (Stream<Path> files = Files.list(SOURCES.resolve(STAGES.get(stage)))) {
                for (Path file : files.toList()) {
                    Matcher imports = JOB_IMPORT.matcher(Files.readString(file));
                    while (imports.find()) {
                        int used = STAGES.indexOf(imports.group(1));
                        if (used > stage || used < 0) {
                            backwards.add(file.getFileName() + " (" + STAGES.get(stage) + ") uses " + imports.group(1));
                        }
                    }
                }
            }
        }
        assertThat(backwards).isEmpty();
    }

    @Test
    void everyPackageIsAStageOrTheWiring() throws IOException {
        try (Stream<Path> packages = Files.list(SOURCES)) {
            assertThat(packages.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(STAGES);
        }
    }
}
