package org.pumpmonitor.job.stats;

import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.SensorReading;

import static org.assertj.core.api.Assertions.assertThat;

class DailyStatisticsAggregateTest {

    private final DailyStatisticsAggregate aggregate = new DailyStatisticsAggregate();

    @Test
    void keepsCountMinMaxAndSumOfEveryMeasure() {
        StatisticsAccumulator acc = aggregate.createAccumulator();
        acc = aggregate.add(new SensorReading("P", 0, 10, 1, 800, 0.5, 90, 2), acc);
        acc = aggregate.add(new SensorReading("P", 1, 12, 3, 900, 1.5, 3, 0), acc);

        assertThat(acc.count).isEqualTo(2);
        assertThat(acc.min).containsExactly(10, 1, 800, 0.5, 3, 0);
        assertThat(acc.max).containsExactly(12, 3, 900, 1.5, 90, 2);
        assertThat(acc.averages()).containsExactly(11, 2, 850, 1, 46.5, 1);
    }

    @Test
    void mergingEqualsAddingEverythingToOne() {
        StatisticsAccumulator a = aggregate.add(new SensorReading("P", 0, 1, 2, 3, 4, 5, 6), aggregate.createAccumulator());
        StatisticsAccumulator b = aggregate.add(new SensorReading("P", 1, 7, 1, 9, 0, 2, 8), aggregate.createAccumulator());
        b = aggregate.add(new SensorReading("P", 2, 4, 4, 4, 4, 4, 4), b);

        StatisticsAccumulator merged = aggregate.merge(a, b);

        assertThat(merged.count).isEqualTo(3);
        assertThat(merged.min[Measure.HZ.ordinal()]).isEqualTo(1);
        assertThat(merged.max[Measure.HZ.ordinal()]).isEqualTo(7);
        assertThat(merged.sum[Measure.PSI.ordinal()]).isEqualTo(11);
    }
}
