package org.pumpmonitor.core.options;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Durations written as Flink writes them ({@code org.apache.flink.util.TimeUtils#parseDuration}), so
 * that the job, the simulator and pumpctl take one syntax: a whole number and a unit, e.g.
 * {@code 500 ms}, {@code 10 s}, {@code 90 min}, {@code 12 h}, {@code 5 d} (also {@code 10s},
 * {@code 2 hours}); a number alone is milliseconds. Neither the simulator nor the job's plain-Java
 * entry points (table creation, pumpctl) carry Flink; a test checks this against Flink's own parser.
 */
public final class Durations {

    private static final Map<String, ChronoUnit> UNITS = new LinkedHashMap<>();

    static {
        labels(ChronoUnit.DAYS, "d", "day", "days");
        labels(ChronoUnit.HOURS, "h", "hour", "hours");
        labels(ChronoUnit.MINUTES, "min", "m", "minute", "minutes");
        labels(ChronoUnit.SECONDS, "s", "sec", "secs", "second", "seconds");
        labels(ChronoUnit.MILLIS, "ms", "milli", "millis", "millisecond", "milliseconds");
        labels(ChronoUnit.MICROS, "µs", "micro", "micros", "microsecond", "microseconds");
        labels(ChronoUnit.NANOS, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
    }

    private static void labels(ChronoUnit unit, String... labels) {
        for (String label : labels) {
            UNITS.put(label, unit);
        }
    }

    private Durations() {
    }

    /** @throws IllegalArgumentException with the accepted forms, for anything else */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int digits = 0;
        while (digits < trimmed.length() && Character.isDigit(trimmed.charAt(digits))) {
            digits++;
        }
        String unit = trimmed.substring(digits).trim().toLowerCase(Locale.US);
        if (digits == 0 || (!unit.isEmpty() && !UNITS.containsKey(unit))) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: a whole number and a unit, "
                    + "e.g. 500 ms, 10 s, 90 min, 12 h or 5 d (units: " + String.join(", ", UNITS.keySet()) + ")");
        }
        long amount;
        try {
            amount = Long.parseLong(trimmed.substring(0, digits));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a duration");
        }
        return Duration.of(amount, unit.isEmpty() ? ChronoUnit.MILLIS : UNITS.get(unit));
    }
}
