package org.pumpmonitor.pumpctl.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The heap, metaspace and resident memory of a JVM after full collections, read from outside it (jcmd, jstat, /proc). */
class JvmWatchTest {

    @Test
    void theHeapAfterAFullGcOfThisJvmIsWhatItKeepsAlive() throws Exception {
        byte[][] kept = new byte[64][];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = new byte[1024 * 1024];
        }
        JvmWatch.AfterGc after = JvmWatch.afterFullGc(ProcessHandle.current().pid());
        double max = Runtime.getRuntime().maxMemory() / (1024.0 * 1024);
        assertThat(after.heapMb()).as("64 MB kept alive, at most the maximum heap").isGreaterThanOrEqualTo(64)
                .isLessThan(max);
        assertThat(after.metaspaceMb()).as("the classes of this test run, in MB").isGreaterThan(1).isLessThan(1024);
        assertThat(after.residentMb()).as("resident memory holds the 64 MB kept").isGreaterThan(64);
        long arrays = after.classes().byClass().get("[B").bytes();
        assertThat(arrays).as("the histogram counts the 64 arrays of 1 MB").isGreaterThanOrEqualTo(64L * 1024 * 1024);
        assertThat(after.heapMb()).as("the heap is the histogram's total of live objects, arrays and all")
                .isEqualTo(after.classes().totalBytes() / (1024.0 * 1024)).isLessThan(arrays / (1024.0 * 1024) + 200);
        assertThat(kept[63]).hasSize(1024 * 1024);
    }
}
