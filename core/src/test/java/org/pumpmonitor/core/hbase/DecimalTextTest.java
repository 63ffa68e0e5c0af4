package org.pumpmonitor.core.hbase;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DecimalTextTest {

    private static String text(double value) {
        return DecimalText.append(new StringBuilder(), value).toString();
    }

    private static void assertAsDoubleToString(double value) {
        String text = text(value);
        assertEquals(Double.toString(value), text, "text of " + value);
        assertEquals(Double.doubleToLongBits(value), Double.doubleToLongBits(Double.parseDouble(text)),
                () -> "round trip of " + text);
    }

    @Test
    void everyValueOfAtMostTwoDecimalsIsWrittenAsDoubleToStringWritesIt() {
        for (long hundredths = -2_000_000; hundredths <= 2_000_000; hundredths++) {
            assertAsDoubleToString(hundredths / 100.0);
        }
        SplittableRandom random = new SplittableRandom(25);
        for (int i = 0; i < 2_000_000; i++) {
            assertAsDoubleToString(random.nextLong(-1_000_000_000L, 1_000_000_000L) / 100.0);
        }
    }

    @Test
    void theSensorsValuesReadAsTheyWere() {
        assertEquals("10.27", text(10.27));
        assertEquals("881.0", text(881));
        assertEquals("1.5", text(1.5));
        assertEquals("0.05", text(0.05));
        assertEquals("-3.07", text(-3.07));
        assertEquals("0.0", text(0.0));
        assertEquals("-0.0", text(-0.0));
        assertEquals("9999999.99", text(9_999_999.99));
    }

    @Test
    void otherValuesAreDoubleToStringsOwn() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            assertAsDoubleToString(random.nextDouble(-1000, 1000));
            assertAsDoubleToString(Double.longBitsToDouble(random.nextLong()));
        }
        for (double value : new double[] {1e7, -1e7, 1.23e9, 0.001, 0.005, 1e-5, 0.125, 12.345,
                Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY}) {
            assertAsDoubleToString(value);
        }
    }
}
