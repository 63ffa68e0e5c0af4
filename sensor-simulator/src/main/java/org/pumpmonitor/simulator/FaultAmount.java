package org.pumpmonitor.simulator;

import java.util.Random;

/**
 * How many records a fault hits: a fraction ({@code 0.01} or {@code 1%}: each record with that
 * probability) or a count ({@code 25}: that many, spread evenly over a run of known length).
 */
public final class FaultAmount {

    public static final FaultAmount NONE = new FaultAmount(0, 0);

    static final String COUNT_NEEDS_LENGTH =
            "a fault count needs a run of known length (--count, --duration or --replay); give a fraction instead";

    private final double fraction;
    private final long count;

    private FaultAmount(double fraction, long count) {
        this.fraction = fraction;
        this.count = count;
    }

    public static FaultAmount parse(String text) {
        String value = text.strip();
        try {
            if (value.endsWith("%")) {
                return fraction(Double.parseDouble(value.substring(0, value.length() - 1)) / 100);
            }
            if (value.contains(".") || value.contains("e") || value.contains("E")) {
                return fraction(Double.parseDouble(value));
            }
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new IllegalArgumentException("a count must not be negative: " + text);
            }
            return new FaultAmount(0, n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "expected a fraction (0.01 or 1%) or a count (25), got '" + text + "'");
        }
    }

    private static FaultAmount fraction(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a fraction must be between 0 and 1, got " + p);
        }
        return new FaultAmount(p, 0);
    }

    public boolean isCount() {
        return count > 0;
    }

    public boolean isNone() {
        return count == 0 && fraction == 0;
    }

    /**
     * Decides, record by record, which ones the fault hits.
     *
     * @param offset shifts the records a count hits, so that two faults with the same count do
     *     not hit the same records
     */
    public Selector selector(long totalRecords, Random random, int offset) {
        if (isCount() && totalRecords == Long.MAX_VALUE) {
            throw new IllegalArgumentException(COUNT_NEEDS_LENGTH);
        }
        return new Selector(totalRecords, random, offset);
    }

    @Override
    public String toString() {
        return isCount() ? Long.toString(count) : Double.toString(fraction);
    }

    /** The records a fault hits, in the order they come. */
    public final class Selector {
        private final long total;
        private final Random random;
        private final int offset;
        private long hits;

        private Selector(long total, Random random, int offset) {
            this.total = total;
            this.random = random;
            this.offset = offset;
        }

        /** Whether record {@code index} (0-based) is hit. */
        public boolean hits(long index) {
            if (isCount()) {
                // The k-th hit (k = 1..count) falls on record floor(k * total / (count + 1)) + offset.
                if (hits < count && index == Math.min(total - 1, (hits + 1) * total / (count + 1) + offset)) {
                    hits++;
                    return true;
                }
                return false;
            }
            return fraction > 0 && random.nextDouble() < fraction;
        }
    }
}
