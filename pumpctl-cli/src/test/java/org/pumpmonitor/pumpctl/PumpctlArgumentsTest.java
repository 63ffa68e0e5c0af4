package org.pumpmonitor.pumpctl;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong arguments: one line that says what is wrong, and a non-zero exit. */
class PumpctlArgumentsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "frobnicate                                 | 2 | pumpctl: Unmatched argument at index 0: 'frobnicate'",
        "local sideways                             | 2 | pumpctl local: Unmatched argument at index 1: 'sideways'",
        "submit --parallelism x                     | 2 | pumpctl submit: Invalid value for option '--parallelism': 'x' is not an int",
        "submit --parallelism 0                     | 1 | pumpctl submit: --parallelism must be at least 1",
        "submit --jar /no/such.jar                  | 1 | pumpctl submit: no job jar at /no/such.jar",
        "query nonsense                             | 2 | pumpctl query: Unknown WHAT 'nonsense'",
        "query readings --format xml                | 2 | pumpctl query: Unknown --format 'xml'",
        "query readings --limit 0                   | 2 | pumpctl query: --limit must be at least 1",
        "local down zookeeper --dir target/nowhere  | 1 | pumpctl local down: unknown service 'zookeeper': kafka, hbase, flink-jobmanager, flink-taskmanager",
        "setup --partitions 0                       | 1 | pumpctl setup: --partitions must be at least 1",
        "demo --exit-when-done                      | 1 | pumpctl demo: --exit-when-done needs a run that ends",
        "demo --replay x.csv --count 3              | 1 | pumpctl demo: --count is for synthetic pumps; --replay sends the whole file",
        "jobs --flink http://127.0.0.1:1            | 1 | pumpctl jobs: cannot reach Flink at http://127.0.0.1:1",
        "stop --flink http://127.0.0.1:1            | 1 | pumpctl stop: cannot reach Flink at http://127.0.0.1:1",
        "simulate --pumps many                      | 2 | sensor-simulator: Invalid value for option '--pumps'",
        "dashboard --silent-after soon              | 1 | pumpctl dashboard: 'soon' is not a duration",
        "dashboard --port 70000                     | 1 | pumpctl dashboard: --port must be from 0 to 65535",
        "local up --taskmanagers 0 --dir target/x   | 2 | pumpctl local: --taskmanagers must be 1 to 9, not 0",
        "local down flink-taskmanager-10            | 1 | pumpctl local down: unknown service 'flink-taskmanager-10'",
        "setup --regions 0                          | 1 | pumpctl setup: --regions must be 1 to 1000",
        "setup --regions 4 --split-pumps nothing.csv | 1 | pumpctl setup: --split-pumps: cannot read nothing.csv",
        "rules set --id low-flow --measure flo     | 2 | pumpctl rules set: give --above V or --below V",
        "rules set --id f --measure flo --above 1 --below 2 | 2 | pumpctl rules set: give --above or --below, not both",
        "rules set --measure flo --below 500        | 2 | pumpctl rules set: give --id, --measure and --above or --below (or --file)",
        "rules set --id low-flow --below 500        | 2 | pumpctl rules set: --measure is missing: hz, disp, flo, sedPPM, psi or chlPPM",
        "rules set --id f --measure flux --below 1  | 2 | pumpctl rules set: unknown measure 'flux' (known: hz, disp, flo, sedPPM, psi, chlPPM)",
        "rules set --id f --measure flo --below x   | 2 | pumpctl rules set: Invalid value for option '--below': 'x' is not a double",
        "rules set --id f --measure flo --below NaN | 2 | pumpctl rules set: --below must be a number, not NaN",
        "rules set --id a/b --measure flo --below 1 | 2 | pumpctl rules set: --id 'a/b' must be 1 to 64 letters, digits, '.', '_' or '-'",
        "rules set --id f --measure flo --below 1 --raise-after 0 | 2 | pumpctl rules set: --raise-after must be a whole number of readings, 1 or more, not 0",
        "rules set --id f --measure flo --below 1 --hysteresis -1 | 2 | pumpctl rules set: --hysteresis must be 0 or more, not -1.0",
        "rules set --id f --measure flo --below 1 --severity major | 2 | pumpctl rules set: --severity must be warning or critical, not 'major'",
        "rules set --file r.json --id f --below 1   | 2 | pumpctl rules set: --file takes every rule from the file: give it without --id, --below",
        "rules set --file nothing.json              | 1 | pumpctl rules set: --file: cannot read nothing.json",
        "rules delete                               | 2 | pumpctl rules delete: Missing required option: '--id=ID'",
        "rules list --json yes                      | 2 | pumpctl rules list: Unmatched argument at index 3: 'yes'",
        "bench cpu --interval 0                     | 1 | pumpctl bench cpu: --interval must be at least 0.1 and --duration more than 0",
        "bench cpu --stack-dir target/no-stack      | 1 | pumpctl bench cpu: no process of the local stack in target/no-stack is running: start it with ./pumpctl local up",
    })
    void oneLineAndANonZeroExit(String args, int exitCode, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Pumpctl.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args.split(" "));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(errors).isEqualTo(exitCode);
        assertThat(errors).startsWith(message);
        assertThat(errors.strip().lines()).as(errors).hasSize(1);
    }

    /** Settings are spelt as the job spells them; the old spellings still work, with a warning. */
    @org.junit.jupiter.api.Test
    void anOldSpellingIsReadWithAWarning() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Pumpctl.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "setup", "--topic", "t", "--partitions", "0");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "pumpctl: --topic is deprecated; use --kafka.topic",
                "pumpctl setup: --partitions must be at least 1");
    }
}
