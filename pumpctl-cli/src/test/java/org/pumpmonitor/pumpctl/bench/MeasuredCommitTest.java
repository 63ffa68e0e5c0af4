package org.pumpmonitor.pumpctl.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pumpmonitor.core.process.ChildProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MeasuredCommitTest {

    @Test
    void namesTheCommitAndSaysWhenTrackedFilesDifferFromIt(@TempDir Path checkout) throws Exception {
        Files.writeString(checkout.resolve("Job.java"), "class Job {}\n");
        git(checkout, "init", "-q");
        git(checkout, "add", "Job.java");
        git(checkout, "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-q", "-m", "job");
        String head = git(checkout, "rev-parse", "--short=12", "HEAD").strip();

        assertThat(MeasuredCommit.of(checkout)).isEqualTo(head);

        Files.writeString(checkout.resolve("untracked.txt"), "not part of the build\n");
        assertThat(MeasuredCommit.of(checkout)).isEqualTo(head);

        Files.writeString(checkout.resolve("Job.java"), "class Job { int changed; }\n");
        assertThat(MeasuredCommit.of(checkout)).isEqualTo(head + "+changes");
    }

    @Test
    void isUnknownOutsideACheckout(@TempDir Path directory) {
        assertThat(MeasuredCommit.of(directory.resolve("not-a-checkout"))).isEqualTo(MeasuredCommit.UNKNOWN);
    }

    @Test
    void everyLineOfFiguresCarriesItsCommit(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("bench/results.csv");
        FiguresCsv.append(csv, "0123456789ab", "drain", 1, Map.of("readings", 500000));
        FiguresCsv.appendTable(csv, "0123456789ab+changes", List.of("\"Benchmark\",\"Score\"", "\"Parser.bytes\",8636399"));

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("# time,commit,benchmark,pass,readings");
        assertThat(lines.get(1)).matches("[0-9TZ:.-]+,0123456789ab,drain,1,500000");
        assertThat(lines.get(2)).isEqualTo("# time,commit,\"Benchmark\",\"Score\"");
        assertThat(lines.get(3)).matches("[0-9TZ:.-]+,0123456789ab\\+changes,\"Parser.bytes\",8636399");
    }

    private static String git(Path checkout, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", checkout.toString()));
        command.addAll(List.of(arguments));
        ChildProcess.Result result = ChildProcess.run(command, Duration.ofSeconds(20));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }
}
