package org.pumpmonitor.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Count, min, max and average of every {@link Measure} of one pump over one calendar day.
 *
 * <p>Arrays are indexed by {@link Measure#ordinal()}.
 */
public class DailyStatistics {
    public String pumpId;
    /** The calendar day in the job's time zone, ISO format (2014-03-10). */
    public String day;
    /** Window start and end (exclusive), epoch milliseconds. */
    public long windowStart;
    public long windowEnd;
    public long count;
    public double[] min;
    public double[] max;
    public double[] avg;
    /**
     * False for an early result of a day still open; true once the watermark has passed the end
     * of the day (a late reading within the allowed lateness updates a final result in place).
     */
    public boolean finalResult;

    public DailyStatistics() {}

    public double min(Measure m) {
        return min[m.ordinal()];
    }

    public double max(Measure m) {
        return max[m.ordinal()];
    }

    public double avg(Measure m) {
        return avg[m.ordinal()];
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DailyStatistics)) {
            return false;
        }
        DailyStatistics that = (DailyStatistics) o;
        return windowStart == that.windowStart
                && windowEnd == that.windowEnd
                && count == that.count
                && finalResult == that.finalResult
                && Objects.equals(pumpId, that.pumpId)
                && Objects.equals(day, that.day)
                && Arrays.equals(min, that.min)
                && Arrays.equals(max, that.max)
                && Arrays.equals(avg, that.avg);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pumpId, day, count, finalResult);
    }

    @Override
    public String toString() {
        return "DailyStatistics{" + pumpId + " " + day + ", count=" + count
                + (finalResult ? ", final" : ", early")
                + ", min=" + Arrays.toString(min) + ", max=" + Arrays.toString(max)
                + ", avg=" + Arrays.toString(avg) + "}";
    }
}
