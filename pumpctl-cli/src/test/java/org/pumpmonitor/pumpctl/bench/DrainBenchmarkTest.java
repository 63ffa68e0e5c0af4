package org.pumpmonitor.pumpctl.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DrainBenchmarkTest {

    @Test
    void cpuColumnsSayWhichProcessStartedDuringThePass() {
        Map<String, StackCpu.Spent> draining = new LinkedHashMap<>();
        draining.put("hbase", new StackCpu.Spent(2.04, 0.31, 0.12));
        draining.put("flink-taskmanager", new StackCpu.Spent(6.0, 2.5, 0.2, true));
        Map<String, StackCpu.Spent> sinceSubmit = new LinkedHashMap<>();
        sinceSubmit.put("hbase", new StackCpu.Spent(3.0, 0.4, 0.1));
        sinceSubmit.put("flink-taskmanager", new StackCpu.Spent(7.0, 3.0, 0.2, true));

        Map<String, Object> figures = DrainBenchmark.cpuFigures(draining, sinceSubmit);

        assertThat(figures).containsExactly(
                Map.entry("cpu_s_draining_hbase", 2.0),
                Map.entry("cpu_s_draining_hbase_jit", 0.3),
                Map.entry("cpu_s_draining_hbase_gc", 0.1),
                Map.entry("cpu_s_draining_flink_taskmanager", 6.0),
                Map.entry("cpu_s_draining_flink_taskmanager_jit", 2.5),
                Map.entry("cpu_s_draining_flink_taskmanager_gc", 0.2),
                Map.entry("cpu_s_draining_flink_taskmanager_started", true),
                Map.entry("cpu_s_hbase", 3.0),
                Map.entry("cpu_s_flink_taskmanager", 7.0),
                Map.entry("cpu_s_flink_taskmanager_started", true));
    }
}
