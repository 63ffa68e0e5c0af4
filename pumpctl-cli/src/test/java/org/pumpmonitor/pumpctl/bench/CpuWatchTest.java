package org.pumpmonitor.pumpctl.bench;

import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CpuWatchTest {

    @Test
    void readsTheMachinesBusyAndIdleTicks() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        CpuWatch.MachineCpu cpu = CpuWatch.MachineCpu.parse("cpu  1000 20 300 5000 100 0 30 5 0 0");
        assertThat(cpu.busySeconds()).isEqualTo(13.55);
        assertThat(cpu.idleSeconds()).isEqualTo(51.0);
        assertThat(cpu.minus(CpuWatch.MachineCpu.parse("cpu  900 20 300 4000 100 0 30 5 0 0")).busySeconds())
                .isEqualTo(1.0);
    }

    @Test
    void aLineHasTheTimeTheMachineAndEachProcessSinceTheStart() {
        Map<String, StackCpu.Spent> spent = new LinkedHashMap<>();
        spent.put("kafka", new StackCpu.Spent(2.14, 0.8, 0.01));
        spent.put("flink-taskmanager", new StackCpu.Spent(20.7, 9.2, 0.5));
        assertThat(CpuWatch.line(LocalTime.of(18, 51, 33, 250_000_000), new CpuWatch.MachineCpu(41.3, 1.2), spent))
                .isEqualTo("18:51:33.2 machine 41.3 s busy, 1.2 s idle; kafka 2.1 s (JIT compiler 0.8, GC 0.0), "
                        + "flink-taskmanager 20.7 s (JIT compiler 9.2, GC 0.5)");
        assertThat(CpuWatch.line(LocalTime.of(1, 2, 3), new CpuWatch.MachineCpu(0, 0), Map.of()))
                .isEqualTo("01:02:03.0 machine 0.0 s busy, 0.0 s idle; no process running");
    }
}
