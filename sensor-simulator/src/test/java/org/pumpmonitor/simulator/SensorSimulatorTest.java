package org.pumpmonitor.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line, without Kafka. */
class SensorSimulatorTest {

    @TempDir
    Path dir;

    @Test
    void helpListsEveryOptionWithItsDefault() {
        Run run = run("--help");
        assertThat(run.exitCode).isZero();
        CommandLine.Model.CommandSpec spec = new CommandLine(SensorSimulator.class).getCommandSpec();
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            if (option.hidden()) {
                // The deprecated spellings.
                assertThat(run.out).doesNotContain(option.longestName() + " ");
                continue;
            }
            assertThat(run.out).contains(option.longestName());
            if (option.defaultValue() != null) {
                assertThat(run.out).contains("(default: " + option.defaultValue() + ")");
            }
        }
    }

    @Test
    void aDryRunWritesTheLinesToStandardOutput() {
        Run run = run("--dry-run", "--quiet", "--pumps", "2", "--count", "4", "--start", "2014-03-10T23:59");
        assertThat(run.exitCode).isZero();
        assertThat(run.out.lines()).hasSize(4)
                .allMatch(line -> line.matches("(COHUTTA|NANTAHALLA),3/1[01]/14,(23:59|0:00)(,[0-9.]+){6}"));
        assertThat(run.err.strip()).startsWith("dry run: sent 4 (reading 4), acknowledged 4, failed 0");
    }

    @Test
    void durationLimitsTheSimulatedTime() {
        Run run = run("--dry-run", "--quiet", "--pumps", "3", "--duration", "2 h", "--start", "2014-03-10T00:00");
        assertThat(run.out.lines()).hasSize(3 * 120).last().asString().contains(",1:59,");
    }

    @Test
    void wrongOptionsAreOneLineAndExitTwo() {
        assertOneLineError(run("--pumps", "many"), 2, "sensor-simulator: Invalid value for option '--pumps'");
        assertOneLineError(run("--no-such-option"), 2, "sensor-simulator: Unknown option: '--no-such-option'");
        assertOneLineError(run("--dry-run", "--malformed", "5"), 2,
                "sensor-simulator: invalid --malformed: a fault count needs a run of known length");
        assertOneLineError(run("--dry-run", "--late-by", "soon"), 2, "sensor-simulator: invalid --late-by: 'soon' is not a duration");
        assertOneLineError(run("--dry-run", "--start", "yesterday"), 2, "sensor-simulator: invalid --start 'yesterday'");
        assertOneLineError(run("--dry-run", "--replay", "x.csv", "--count", "5"), 2,
                "sensor-simulator: --start, --duration and --count are for synthetic pumps");
    }

    /** The job's spelling of the Kafka settings; the old one still works, with a warning. */
    @Test
    void anOldSpellingIsReadWithAWarning() {
        Run run = run("--topic", "t", "--bootstrap-servers", "127.0.0.1:1", "--dry-run", "--quiet", "--count", "2");
        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).contains("sensor-simulator: --topic is deprecated; use --kafka.topic",
                "sensor-simulator: --bootstrap-servers is deprecated; use --kafka.bootstrap-servers");
        assertThat(run.out.lines()).hasSize(2);
    }

    @Test
    void anUnreadableFileIsOneLineAndExitOne() {
        assertOneLineError(run("--dry-run", "--replay", dir.resolve("none.csv").toString()), 1,
                "sensor-simulator: cannot read file " + dir.resolve("none.csv"));
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitOneWithinSeconds() {
        Run run = run("--kafka.bootstrap-servers", "127.0.0.1:1", "--count", "10");
        assertOneLineError(run, 1, "sensor-simulator: cannot reach Kafka at 127.0.0.1:1");
    }

    private static void assertOneLineError(Run run, int exitCode, String start) {
        assertThat(run.exitCode).as(run.err).isEqualTo(exitCode);
        assertThat(run.err.strip()).startsWith(start);
        assertThat(run.err.strip().lines()).hasSize(1);
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = SensorSimulator.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Run(int exitCode, String out, String err) {}
}
