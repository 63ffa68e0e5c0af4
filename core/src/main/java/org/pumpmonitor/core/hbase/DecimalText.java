package org.pumpmonitor.core.hbase;

/**
 * The text {@link Double#toString(double)} gives a measure, without its cost for the values
 * sensors send: at most two decimals, under ten million. Those are written from their count of
 * hundredths; any other value (more decimals, larger, not a number) goes to
 * {@code Double.toString}. Either way {@link Double#parseDouble} reads back the same double.
 *
 * <p>A reading's cell holds six measures as text, and the job writes it twice per reading (table
 * sensor and the pump index): six measures take 150 ns this way, 263 ns by {@code Double.toString}
 * ({@code ConverterBenchmark}).
 */
final class DecimalText {

    /** {@code Double.toString} writes values from 10^7 on in computerized scientific notation. */
    private static final double PLAIN_LIMIT = 1e7;

    private DecimalText() {}

    static StringBuilder append(StringBuilder text, double value) {
        double hundredths = Math.rint(value * 100);
        // Exact when value is the double nearest to hundredths / 100 (division rounds correctly),
        // so that the decimal below parses back to value.
        if (!(Math.abs(value) < PLAIN_LIMIT) || hundredths / 100 != value) {
            return text.append(value);
        }
        if (Double.doubleToRawLongBits(value) < 0) {
            text.append('-');
        }
        long count = Math.abs((long) hundredths);
        long fraction = count % 100;
        text.append(count / 100).append('.');
        if (fraction % 10 == 0) {
            return text.append((char) ('0' + fraction / 10));
        }
        return text.append((char) ('0' + fraction / 10)).append((char) ('0' + fraction % 10));
    }
}
