package org.pumpmonitor.pumpctl.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class StackCpuTest {

    @Test
    void readsTheThreadNameAndItsUserPlusSystemTime() {
        // a name with spaces and a parenthesis, as /proc shows HotSpot's compiler and Flink's task threads
        StackCpu.ThreadTime time = StackCpu.ThreadTime.parse(
                "4242 (C2 CompilerThre) S 1 4200 4200 0 -1 1077936192 517 0 0 0 731 24 0 0 20 0 1 0\n");
        assertThat(time.name()).isEqualTo("C2 CompilerThre");
        assertThat(time.seconds()).isEqualTo(7.55);
        assertThat(StackCpu.ThreadTime.parse("7 (Sink: a (b)) R 1 2 3 4 5 6 7 8 9 10 100 50 0").seconds())
                .isEqualTo(1.5);
    }

    @Test
    void tellsCompilerAndCollectorThreadsFromTheRest() {
        assertThat(StackCpu.kind("C1 CompilerThre")).isEqualTo(StackCpu.Kind.COMPILER);
        assertThat(StackCpu.kind("C2 CompilerThre")).isEqualTo(StackCpu.Kind.COMPILER);
        assertThat(StackCpu.kind("GC Thread#3")).isEqualTo(StackCpu.Kind.GC);
        assertThat(StackCpu.kind("G1 Conc#0")).isEqualTo(StackCpu.Kind.GC);
        assertThat(StackCpu.kind("G1 Refine#0")).isEqualTo(StackCpu.Kind.GC);
        assertThat(StackCpu.kind("Admit each read")).isEqualTo(StackCpu.Kind.OTHER);
        assertThat(StackCpu.kind("RpcServer.defau")).isEqualTo(StackCpu.Kind.OTHER);
    }

    @Test
    void splitsALiveJvmsTimeAndShowsItPerReadings() throws Exception {
        assumeTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task")), "Linux only");
        StackCpu.Spent before = StackCpu.of(ProcessHandle.current());
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        long sum = 0;
        while (System.nanoTime() < until) {
            sum += Long.toString(sum).hashCode(); // busy: some CPU, and code the compiler takes up
        }
        StackCpu.Spent spent = StackCpu.of(ProcessHandle.current()).minus(before);
        assertThat(sum).isNotZero();
        assertThat(spent.total()).isGreaterThan(0.1);
        assertThat(spent.compiler()).isBetween(0.0, spent.total());
        assertThat(spent.rest()).isGreaterThan(0.1);
        assertThat(StackCpu.of(ProcessHandle.current()).compiler()).as("this JVM has compiled something")
                .isGreaterThan(0);

        String shown = StackCpu.perReadings(Map.of("flink-taskmanager", new StackCpu.Spent(9.0, 3.0, 0.5)),
                300_000, 100_000);
        assertThat(shown).isEqualTo("flink-taskmanager 3.0 s (JIT compiler 1.0, GC 0.2)");
        assertThat(StackCpu.perReadings(Map.of("kafka", new StackCpu.Spent(1.0, 0, 0)), 100_000, 100_000))
                .isEqualTo("kafka 1.0 s");
    }

    @Test
    void countsAProcessStartedSinceTheEarlierSampleFromItsStartAndSaysSo() {
        Map<String, StackCpu.Sample> then = new LinkedHashMap<>();
        then.put("kafka", new StackCpu.Sample(100, new StackCpu.Spent(2.0, 0.5, 0.1)));
        then.put("flink-taskmanager", new StackCpu.Sample(200, new StackCpu.Spent(30.0, 9.0, 1.0)));
        Map<String, StackCpu.Sample> now = new LinkedHashMap<>();
        now.put("kafka", new StackCpu.Sample(100, new StackCpu.Spent(3.5, 0.7, 0.1)));
        now.put("flink-taskmanager", new StackCpu.Sample(201, new StackCpu.Spent(4.0, 2.0, 0.0))); // restarted
        now.put("hbase", new StackCpu.Sample(300, new StackCpu.Spent(6.0, 1.0, 0.5))); // not running then

        Map<String, StackCpu.Spent> spent = new StackCpu(now).spentSince(new StackCpu(then));

        assertThat(spent.get("kafka").total()).isCloseTo(1.5, within(1e-9));
        assertThat(spent.get("kafka").started()).isFalse();
        assertThat(spent.get("flink-taskmanager")).isEqualTo(new StackCpu.Spent(4.0, 2.0, 0.0, true));
        assertThat(spent.get("hbase")).isEqualTo(new StackCpu.Spent(6.0, 1.0, 0.5, true));
        assertThat(StackCpu.perReadings(spent, 1, 1)).isEqualTo("kafka 1.5 s (JIT compiler 0.2, GC 0.0), "
                + "flink-taskmanager (started since, from its start) 4.0 s (JIT compiler 2.0, GC 0.0), "
                + "hbase (started since, from its start) 6.0 s (JIT compiler 1.0, GC 0.5)");
    }
}
