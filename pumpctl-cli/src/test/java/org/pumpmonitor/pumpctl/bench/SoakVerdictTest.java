package org.pumpmonitor.pumpctl.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pumpmonitor.simulator.Simulation;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's verdict on figures made up here: recovery times, checkpoint failures, growth. */
class SoakVerdictTest {

    /** A sample every 5 s: lag, readings checkpointed so far, failed checkpoints. */
    private static List<SoakSampler.Sample> samples(double[] lag, long[] checkpointed, int[] failed) {
        List<SoakSampler.Sample> samples = new ArrayList<>();
        for (int i = 0; i < lag.length; i++) {
            samples.add(new SoakSampler.Sample(i * 5.0, Map.of("lag_s", lag[i], "checkpointed", (double) checkpointed[i],
                    "failed_checkpoints", (double) failed[i], "checkpoint_s", 0.5)));
        }
        return samples;
    }

    private static SoakBenchmark.FaultRun fault(double began, double ended) {
        return new SoakBenchmark.FaultRun(1, SoakFault.TASKMANAGER_KILL, began, ended, Double.NaN, null);
    }

    @Test
    void aFaultIsRecoveredWhenTheLagStaysUnder10sFor10sAfterACheckpoint() {
        //                      0   5  10  15  20  25  30  35  40  45  50  55
        double[] lag = {0, 0, 30, 40, 20, 5, 30, 4, 3, 2, 1, 0};
        long[] checkpointed = {1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3};
        List<SoakSampler.Sample> samples = samples(lag, checkpointed, new int[12]);
        SoakBenchmark.FaultRun recovered = SoakBenchmark.recoveries(List.of(fault(8, 12)), samples).get(0);
        // 25 s has a low lag but no checkpoint since the fault, and the lag rises again; 40 s has both, for 10 s.
        assertThat(recovered.recovered()).isEqualTo(40.0);
        assertThat(recovered.recoverySeconds()).isEqualTo(28.0);
    }

    @Test
    void aFaultWhoseLagNeverSettlesIsNotRecovered() {
        double[] lag = {0, 0, 30, 5, 30, 5, 30, 5};
        long[] checkpointed = {1, 1, 2, 3, 4, 5, 6, 7};
        SoakBenchmark.FaultRun run = SoakBenchmark.recoveries(List.of(fault(8, 12)),
                samples(lag, checkpointed, new int[8])).get(0);
        assertThat(run.recovered()).isNaN();
    }

    @Test
    void aCheckpointFailureOutsideEveryFaultsWindowFailsTheSoak() {
        double[] lag = new double[12];
        long[] checkpointed = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        int[] failed = {0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2}; // one at 10 s (in the fault), one at 40 s
        List<SoakSampler.Sample> samples = samples(lag, checkpointed, failed);
        List<SoakBenchmark.FaultRun> faults = SoakBenchmark.recoveries(List.of(fault(8, 12)), samples);
        SoakBenchmark.Verdict verdict = new SoakBenchmark.Verdict(expectation(), sent(), null, List.of(), faults,
                samples, false);
        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.line()).startsWith("soak: FAIL").contains("1 checkpoint(s) failed outside the faults' windows");
    }

    @Test
    void growthOfMoreThanATenthAfterTheFirstTenMinutesFailsTheSoak() {
        List<SoakSampler.Sample> samples = samples(new double[12], new long[12], new int[12]);
        SoakBenchmark.Verdict verdict = new SoakBenchmark.Verdict(expectation(), sent(), null, List.of(), List.of(),
                samples, false);
        verdict.growth(samples, 20, 55, List.of(
                new SoakBenchmark.MemoryPoint(12.5, Map.of("taskmanager", new JvmWatch.AfterGc(100, 80, 900),
                        "hbase", new JvmWatch.AfterGc(200, 60, 1000))),
                new SoakBenchmark.MemoryPoint(59.5, Map.of("taskmanager", new JvmWatch.AfterGc(109, 100, 950),
                        "hbase", new JvmWatch.AfterGc(230, 61, 1200)))));
        assertThat(verdict.line()).startsWith("soak: FAIL").contains("hbase heap after GC (MB) grew 15.0 %")
                .contains("taskmanager metaspace after GC (MB) grew 25.0 %")
                .contains("hbase resident after GC (MB) grew 20.0 %")
                .doesNotContain("taskmanager heap after GC (MB) grew").doesNotContain("hbase metaspace after GC")
                .doesNotContain("taskmanager resident after GC");
    }

    @Test
    void aHeapThatGrewIsToldByTheClassesItHoldsMoreOfAndItsLevelBetweenFaults(@TempDir Path dir) throws Exception {
        List<SoakSampler.Sample> samples = samples(new double[12], new long[12], new int[12]);
        SoakBenchmark.Verdict verdict = new SoakBenchmark.Verdict(expectation(), sent(), null, List.of(), List.of(),
                samples, false);
        verdict.growth(samples, 20, 55, List.of(
                new SoakBenchmark.MemoryPoint(12.5, Map.of("taskmanager", taskManager(100, 10))),
                new SoakBenchmark.MemoryPoint(17.5, Map.of("taskmanager", taskManager(104, 14))),
                new SoakBenchmark.MemoryPoint(59.5, Map.of("taskmanager", taskManager(120, 30)))));
        verdict.write(dir.resolve("report.txt"), new PrintStream(OutputStream.nullOutputStream()));
        assertThat(Files.readAllLines(dir.resolve("report.txt"))).contains("    more of [B +20.0 MB (10 -> 30 instances)",
                "taskmanager heap after GC over time (minute: MB): 12.5: 100.0, 17.5: 104.0, 59.5: 120.0");
    }

    /** A TaskManager's memory whose only class of note is byte arrays of 1 MB each. */
    private static JvmWatch.AfterGc taskManager(double heapMb, int arrays) {
        String histogram = String.format("""
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:     %8d     %10d  [B (java.base@17.0.9)
                   2:            7            280  java.lang.Object (java.base@17.0.9)
                Total            %d     %d
                """, arrays, arrays * 1024L * 1024, arrays + 7, arrays * 1024L * 1024 + 280);
        return new JvmWatch.AfterGc(heapMb, 80, 900, ClassHistogram.parse(histogram), histogram);
    }

    @Test
    void anExactShortSoakWithoutFaultsPasses() {
        List<SoakSampler.Sample> samples = samples(new double[12], new long[12], new int[12]);
        SoakBenchmark.Verdict verdict = new SoakBenchmark.Verdict(expectation(), sent(), null, List.of(), List.of(),
                samples, false);
        verdict.growth(samples, 0, 0, List.of());
        assertThat(verdict.line()).startsWith("soak: PASS");
    }

    private static SoakExpectation expectation() {
        return new SoakExpectation(Instant.parse("2014-03-10T00:00:00Z"));
    }

    private static Simulation.Summary sent() {
        return new Simulation.Summary(10, Map.of(), 10, 0, null, 1, null);
    }
}
