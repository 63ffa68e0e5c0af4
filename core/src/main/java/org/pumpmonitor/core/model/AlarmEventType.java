package org.pumpmonitor.core.model;

/** What changed in a pump's alarm state; the names are those of the JSON contract of pump-alarms. */
public enum AlarmEventType {
    /** A low-pressure episode began. */
    RAISED,
    /** A low-pressure episode ended. */
    CLEARED,
    /** The pump sent nothing for the silence bound. */
    SILENT,
    /** A silent pump sent a reading again. */
    RESUMED,
    /** The trend of a rule's measure will cross its threshold within the rule's horizon: an early warning. */
    PREDICTED,
    /** An early warning ended: the trend no longer crosses in time, the limit was crossed, or the rule is gone. */
    PREDICTION_ENDED;

    /** Whether the event is about an episode of a rule (stored in HBase) rather than silence or a prediction. */
    public boolean isEpisode() {
        return this == RAISED || this == CLEARED;
    }

    /** Whether the event is about an early warning (stored in HBase, next to the rule's episodes). */
    public boolean isPrediction() {
        return this == PREDICTED || this == PREDICTION_ENDED;
    }
}
