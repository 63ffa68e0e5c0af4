package org.pumpmonitor.pumpctl.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM's live objects by class, read from what {@code jcmd PID GC.class_histogram} prints. */
class ClassHistogramTest {

    private static final String BEFORE = """
            5723:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:        152182       40513552  [B (java.base@17.0.15)
               2:        127338        3056112  java.lang.String (java.base@17.0.15)
               3:         17831         570592  org.apache.hadoop.hbase.KeyValue
            Total        297351       44140256
            """;

    private static final String AFTER = """
            5723:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:        152190       48902160  [B (java.base@17.0.15)
               2:        127338        3056112  java.lang.String (java.base@17.0.15)
               3:         13230         423360  org.apache.hadoop.hbase.KeyValue
               4:          7000         224000  org.apache.flink.streaming.api.operators.TimerHeapInternalTimer
            Total        299758       52605632
            """;

    @Test
    void readsEveryClassAndTheTotalOfLiveBytes() {
        ClassHistogram histogram = ClassHistogram.parse(BEFORE);

        assertThat(histogram.byClass()).containsOnlyKeys("[B", "java.lang.String", "org.apache.hadoop.hbase.KeyValue");
        assertThat(histogram.byClass().get("[B")).isEqualTo(new ClassHistogram.Entry(152182, 40513552));
        assertThat(histogram.totalBytes()).isEqualTo(44140256);
    }

    @Test
    void theClassesThatGrewMostComeFirstAndThoseThatShrankOrStayedNot() {
        assertThat(ClassHistogram.parse(BEFORE).grewMost(ClassHistogram.parse(AFTER), 5)).containsExactly(
                "[B +8.0 MB (152,182 -> 152,190 instances)",
                "org.apache.flink.streaming.api.operators.TimerHeapInternalTimer +0.2 MB (0 -> 7,000 instances)");
    }

    @Test
    void withoutAHistogramThereIsNoTotalAndNothingGrew() {
        ClassHistogram none = ClassHistogram.parse("5723:\nio.netty.util.internal.OutOfDirectMemoryError\n");

        assertThat(none.totalBytes()).isNegative();
        assertThat(none.grewMost(ClassHistogram.parse(AFTER), 5)).isEmpty();
    }
}
