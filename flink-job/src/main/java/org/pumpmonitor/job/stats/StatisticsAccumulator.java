package org.pumpmonitor.job.stats;

import org.pumpmonitor.core.model.Measure;
import org.pumpmonitor.core.model.SensorReading;

import java.util.Arrays;

/** Running count, min, max and sum of every measure; arrays indexed by {@link Measure#ordinal()}. */
public class StatisticsAccumulator {
    private static final int MEASURES = Measure.values().length;

    public long count;
    public double[] min;
    public double[] max;
    public double[] sum;

    public StatisticsAccumulator() {
        min = new double[MEASURES];
        max = new double[MEASURES];
        sum = new double[MEASURES];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    void add(SensorReading reading) {
        count++;
        for (Measure m : Measure.values()) {
            int i = m.ordinal();
            double v = m.of(reading);
            min[i] = Math.min(min[i], v);
            max[i] = Math.max(max[i], v);
            sum[i] += v;
        }
    }

    void addAll(StatisticsAccumulator other) {
        count += other.count;
        for (int i = 0; i < MEASURES; i++) {
            min[i] = Math.min(min[i], other.min[i]);
            max[i] = Math.max(max[i], other.max[i]);
            sum[i] += other.sum[i];
        }
    }

    double[] averages() {
        double[] avg = new double[MEASURES];
        for (int i = 0; i < MEASURES; i++) {
            avg[i] = sum[i] / count;
        }
        return avg;
    }
}
