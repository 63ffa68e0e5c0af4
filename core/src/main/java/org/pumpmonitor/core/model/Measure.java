package org.pumpmonitor.core.model;

/** The six quantities a pump sensor reports, in CSV column order. */
public enum Measure {
    HZ("hz"),
    DISP("disp"),
    FLO("flo"),
    SED_PPM("sedPPM"),
    PSI("psi"),
    CHL_PPM("chlPPM");

    private final String column;

    Measure(String column) {
        this.column = column;
    }

    /** The name used in the CSV format and in HBase qualifiers. */
    public String column() {
        return column;
    }

    public double of(SensorReading reading) {
        switch (this) {
            case HZ:
                return reading.hz;
            case DISP:
                return reading.disp;
            case FLO:
                return reading.flo;
            case SED_PPM:
                return reading.sedPpm;
            case PSI:
                return reading.psi;
            case CHL_PPM:
                return reading.chlPpm;
            default:
                throw new AssertionError(this);
        }
    }
}
