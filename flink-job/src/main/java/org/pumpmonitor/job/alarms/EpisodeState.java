package org.pumpmonitor.job.alarms;

import org.pumpmonitor.core.rules.AlarmRule;

/**
 * One pump's episode of one alarm rule, in keyed state: open or not, and the counts towards
 * raising and clearing. A Flink POJO.
 */
public class EpisodeState {
    public boolean open;
    /** The episode's first reading on the wrong side of the threshold. */
    public long start;
    /** The episode's worst value (lowest, for a rule "below") and its time. */
    public double peak;
    public long peakTime;
    public long readings;
    /** While closed: readings on the wrong side in a row, and their first and worst. */
    public int under;
    public long runStart;
    public double runPeak;
    public long runPeakTime;
    /** While open: readings recovered in a row, and the first of them. */
    public int recovered;
    public long recoveryStart;
    /** The rule as it was at the newest reading taken: what a clear says once the rule is gone. */
    public AlarmRule rule;
    /** The trend's samples: event times and values of the newest readings within the rule's trend window. */
    public long[] trendTimes;
    public double[] trendValues;
    /** An early warning is up: since when, and the crossing it predicted last. */
    public boolean predicted;
    public long predictedSince;
    public long predictedTime;

    public EpisodeState() {}

    /** Whether the state holds nothing worth keeping: no open episode, no run towards one. */
    public boolean isIdle() {
        return !open && under == 0 && !predicted && (trendTimes == null || trendTimes.length == 0);
    }
}
