package org.pumpmonitor.simulator;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * The sensor line format, {@code resid,date,time,hz,disp,flo,sedPPM,psi,chlPPM} with the date as
 * {@code M/d/yy} and the time as {@code H:mm}: {@code COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94}.
 */
public final class SensorCsv {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("M/d/uu").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("H:mm").withResolverStyle(ResolverStyle.STRICT);

    private SensorCsv() {}

    public static String format(Reading r) {
        return r.pump() + ',' + DATE.format(r.time()) + ',' + TIME.format(r.time()) + ','
                + number(r.hz()) + ',' + number(r.disp()) + ',' + number(r.flo()) + ','
                + number(r.sedPpm()) + ',' + number(r.psi()) + ',' + number(r.chlPpm());
    }

    public static byte[] bytes(Reading r) {
        return format(r).getBytes(StandardCharsets.UTF_8);
    }

    /** The date-time of a line, or null if its date or time field is not in the format. */
    public static LocalDateTime timeOf(String line) {
        String[] fields = line.split(",", -1);
        if (fields.length < 3) {
            return null;
        }
        try {
            return LocalDateTime.of(
                    LocalDate.parse(fields[1].strip(), DATE), LocalTime.parse(fields[2].strip(), TIME));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The reading a line holds, or null if it is not one (the job decides how bad it is). */
    public static Reading parse(String line) {
        String[] f = line.split(",", -1);
        LocalDateTime time = timeOf(line);
        if (f.length != 9 || time == null || f[0].isBlank()) {
            return null;
        }
        try {
            return new Reading(f[0].strip(), time, Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                    Double.parseDouble(f[8]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The pump id of a line (its first field), or null for an empty one. */
    public static String pumpOf(String line) {
        String pump = line.split(",", 2)[0].strip();
        return pump.isEmpty() ? null : pump;
    }

    /** Plain decimal, as short as it is exact, no exponent: 85, 1.94, 0.001. */
    static String number(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
