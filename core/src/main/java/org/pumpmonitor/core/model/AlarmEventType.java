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
    RESUMED;

    /** Whether the event is about a low-pressure episode (stored in HBase) rather than silence. */
    public boolean isEpisode() {
        return this == RAISED || this == CLEARED;
    }
}
