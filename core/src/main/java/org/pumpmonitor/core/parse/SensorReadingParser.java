package org.pumpmonitor.core.parse;

import org.pumpmonitor.core.model.SensorReading;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses the sensor CSV format {@code resid,date,time,hz,disp,flo,sedPPM,psi,chlPPM}, for example
 * {@code COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94}.
 *
 * <p>{@code date} is {@code M/d/yy} (years 2000-2099), {@code time} is {@code H:mm}, both read in
 * the given time zone. White space around a field is ignored. Anything else is rejected with a
 * reason: the parser never guesses. Where daylight saving time begins, a local time in the hour
 * that clocks skip is rejected; where it ends, a local time in the hour that repeats carries both
 * of its instants ({@link SensorReading#laterOccurrence}), and the pump's readings decide.
 */
public class SensorReadingParser implements Serializable {

    /** Longer lines are rejected before decoding; a real line is about 50 bytes. */
    public static final int MAX_LINE_BYTES = 1024;

    public static final int FIELDS = 9;

    /** Pump ids go into HBase row keys before a '|' separator, so the alphabet is closed. */
    private static final Pattern PUMP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** Plain decimal numbers only: no hex, no NaN or Infinity, no type suffixes like "1d". */
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("M/d/uu").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("H:mm").withResolverStyle(ResolverStyle.STRICT);

    private static final String[] NUMBER_COLUMNS = {"hz", "disp", "flo", "sedPPM", "psi", "chlPPM"};

    /** The start of the reason given to a reading whose local time does not exist in the zone. */
    public static final String SKIPPED_TIME_REASON = "local time that does not exist";

    /** The start of the reason given to a reading dated too far after its record was written. */
    public static final String FUTURE_REASON = "event time too far in the future";

    private final ZoneId zone;
    private final long maxAheadMillis;

    /** A parser that accepts any date its format allows. */
    public SensorReadingParser(ZoneId zone) {
        this(zone, Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * @param maxAhead how far a reading's event time may lie after its Kafka record's timestamp;
     *     a sensor's clock may be off, but a reading from 2099 would close every open day.
     */
    public SensorReadingParser(ZoneId zone, Duration maxAhead) {
        this.zone = zone;
        this.maxAheadMillis = maxAhead.toMillis();
    }

    /**
     * Parses a Kafka record's value, and rejects a reading dated more than the bound after the
     * record's timestamp (a negative timestamp, a record without one, is not checked).
     */
    public SensorReading parse(byte[] line, long recordTimestamp) throws InvalidReadingException {
        SensorReading reading = parse(line);
        if (recordTimestamp >= 0 && reading.eventTime - recordTimestamp > maxAheadMillis) {
            throw new InvalidReadingException(FUTURE_REASON + ": " + Instant.ofEpochMilli(reading.eventTime)
                    + " is more than " + Duration.ofMillis(maxAheadMillis) + " after the record's timestamp "
                    + Instant.ofEpochMilli(recordTimestamp));
        }
        return reading;
    }

    public SensorReading parse(byte[] line) throws InvalidReadingException {
        if (line.length > MAX_LINE_BYTES) {
            throw new InvalidReadingException(
                    "line too long: " + line.length + " bytes (limit " + MAX_LINE_BYTES + ")");
        }
        SensorReading common = parseCommon(line);
        return common != null ? common : parse(decodeUtf8(line));
    }

    /**
     * The common case, read straight from the bytes: a line of printable ASCII without white
     * space, a pump id, {@code M/d/yy}, {@code H:mm} (one or two digits where the format allows
     * either) and plain decimals ({@code [+-]digits[.digits]}, at most 15 digits). Returns null
     * for anything else, which {@link #parse(String)} then reads or rejects with its reason.
     *
     * <p>For every line it accepts it gives exactly what {@link #parse(String)} gives: a decimal of
     * at most 15 digits is an integer below 2^53 over a power of ten below 10^16, both exact in a
     * double, and IEEE division rounds their quotient correctly, as {@link Double#parseDouble}
     * rounds the decimal.
     */
    SensorReading parseCommon(byte[] b) {
        int n = b.length;
        int comma = indexOf(b, 0, ',');
        if (comma < 1 || comma > 64 || !isLetterOrDigit(b[0])) {
            return null;
        }
        for (int i = 1; i < comma; i++) {
            byte c = b[i];
            if (!isLetterOrDigit(c) && c != '_' && c != '.' && c != '-') {
                return null;
            }
        }
        String pumpId = new String(b, 0, comma, StandardCharsets.ISO_8859_1);
        int[] cursor = {comma + 1};
        int month = digits(b, cursor, 1, 2, '/');
        int day = digits(b, cursor, 1, 2, '/');
        int year = digits(b, cursor, 2, 2, ',');
        int hour = digits(b, cursor, 1, 2, ':');
        int minute = digits(b, cursor, 2, 2, ',');
        if (month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || year < 0 || day > java.time.YearMonth.of(2000 + year, month).lengthOfMonth()) {
            return null;
        }
        double[] values = new double[NUMBER_COLUMNS.length];
        for (int i = 0; i < values.length; i++) {
            int end = i == values.length - 1 ? n : indexOf(b, cursor[0], ',');
            if (end < 0 || Double.isNaN(values[i] = decimal(b, cursor[0], end))) {
                return null;
            }
            cursor[0] = end + 1;
        }
        long[] instants = instants(LocalDate.of(2000 + year, month, day), hour, minute);
        if (instants.length == 0) {
            return null; // parse(String) says why
        }
        return reading(pumpId, instants, values);
    }

    private static SensorReading reading(String pumpId, long[] instants, double[] values) {
        SensorReading reading = new SensorReading(
                pumpId, instants[0], values[0], values[1], values[2], values[3], values[4], values[5]);
        if (instants.length == 2) {
            reading.laterOccurrence = instants[1];
        }
        return reading;
    }

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
    };

    /** {@code [+-]digits[.digits]} with at most 15 digits in [from, to), or NaN for anything else. */
    private static double decimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = -1;
        for (; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (fractionDigits >= 0) {
                    fractionDigits++;
                }
            } else if (c == '.' && fractionDigits < 0 && digits > 0) {
                fractionDigits = 0;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0 || digits > 15 || fractionDigits == 0) {
            return Double.NaN;
        }
        double value = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits] : (double) mantissa;
        return negative ? -value : value;
    }

    /** A number of min to max digits at the cursor, followed by {@code end}; -1 if there is none. */
    private static int digits(byte[] b, int[] cursor, int min, int max, char end) {
        int i = cursor[0];
        int value = 0;
        int count = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9' && count <= max) {
            value = value * 10 + (b[i++] - '0');
            count++;
        }
        if (count < min || count > max || i >= b.length || b[i] != end) {
            return -1;
        }
        cursor[0] = i + 1;
        return value;
    }

    private static int indexOf(byte[] b, int from, char c) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isLetterOrDigit(byte c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /**
     * The instants, epoch milliseconds, of a local date and time in the parser's zone: one; two,
     * the earlier first, in the hour that repeats when daylight saving time ends; none in the hour
     * that is skipped when it begins.
     */
    private long[] instants(LocalDate date, int hour, int minute) {
        java.time.zone.ZoneRules rules = zone.getRules();
        long local = date.toEpochDay() * 86_400 + hour * 3_600L + minute * 60L;
        if (rules.isFixedOffset()) {
            return new long[] {(local - rules.getOffset(Instant.EPOCH).getTotalSeconds()) * 1000};
        }
        List<ZoneOffset> offsets = rules.getValidOffsets(LocalDateTime.of(date, LocalTime.of(hour, minute)));
        long[] instants = new long[offsets.size()];
        for (int i = 0; i < instants.length; i++) {
            instants[i] = (local - offsets.get(i).getTotalSeconds()) * 1000;
        }
        java.util.Arrays.sort(instants);
        return instants;
    }

    public SensorReading parse(String line) throws InvalidReadingException {
        if (line.length() > MAX_LINE_BYTES) {
            throw new InvalidReadingException(
                    "line too long: " + line.length() + " characters (limit " + MAX_LINE_BYTES + ")");
        }
        if (line.isBlank()) {
            throw new InvalidReadingException("empty line");
        }
        String[] fields = line.split(",", -1);
        if (fields.length != FIELDS) {
            throw new InvalidReadingException(
                    "expected " + FIELDS + " comma-separated fields, found " + fields.length);
        }
        for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].strip();
        }
        String pumpId = fields[0];
        if (!PUMP_ID.matcher(pumpId).matches()) {
            throw new InvalidReadingException(
                    "invalid pump id '" + abbreviate(pumpId)
                            + "' (1-64 characters of A-Z a-z 0-9 _ . -, starting with a letter or digit)");
        }
        LocalDate date = parseDate(fields[1]);
        LocalTime time = parseTime(fields[2]);
        double[] values = new double[NUMBER_COLUMNS.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = parseNumber(NUMBER_COLUMNS[i], fields[3 + i]);
        }
        long[] instants = instants(date, time.getHour(), time.getMinute());
        if (instants.length == 0) {
            throw new InvalidReadingException(SKIPPED_TIME_REASON + ": " + fields[1] + " " + fields[2] + " in " + zone
                    + " (clocks went forward over it when daylight saving time began)");
        }
        return reading(pumpId, instants, values);
    }

    private static String decodeUtf8(byte[] bytes) throws InvalidReadingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            CharBuffer chars = decoder.decode(in);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new InvalidReadingException("not valid UTF-8 (at byte " + in.position() + ")");
        }
    }

    private static LocalDate parseDate(String field) throws InvalidReadingException {
        try {
            return LocalDate.parse(field, DATE);
        } catch (DateTimeParseException e) {
            throw new InvalidReadingException("invalid date '" + abbreviate(field) + "' (expected M/d/yy)");
        }
    }

    private static LocalTime parseTime(String field) throws InvalidReadingException {
        try {
            return LocalTime.parse(field, TIME);
        } catch (DateTimeParseException e) {
            throw new InvalidReadingException("invalid time '" + abbreviate(field) + "' (expected H:mm)");
        }
    }

    private static double parseNumber(String column, String field) throws InvalidReadingException {
        if (!DECIMAL.matcher(field).matches()) {
            throw new InvalidReadingException(
                    "invalid " + column + " '" + abbreviate(field) + "' (expected a decimal number)");
        }
        double value = Double.parseDouble(field);
        if (Double.isInfinite(value)) {
            throw new InvalidReadingException(column + " out of range: " + abbreviate(field));
        }
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
