package org.pumpmonitor.core.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pumpmonitor.core.model.SensorReading;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.time.ZoneOffset;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensorReadingParserTest {

    private final SensorReadingParser utc = new SensorReadingParser(ZoneOffset.UTC);

    @Test
    void parsesTheSeedFormat() throws Exception {
        SensorReading r = utc.parse(bytes("COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94"));

        assertThat(r.pumpId).isEqualTo("COHUTTA");
        assertThat(Instant.ofEpochMilli(r.eventTime)).isEqualTo(Instant.parse("2014-03-10T01:01:00Z"));
        assertThat(new double[] {r.hz, r.disp, r.flo, r.sedPpm, r.psi, r.chlPpm})
                .containsExactly(10.27, 1.73, 881, 1.56, 85, 1.94);
    }

    @Test
    void rejectsAReadingDatedTooFarAfterItsRecordWithItsOwnReason() throws Exception {
        SensorReadingParser bounded = new SensorReadingParser(ZoneOffset.UTC, java.time.Duration.ofDays(1));
        long sent = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();

        assertThatThrownBy(() -> bounded.parse(bytes("COHUTTA,12/31/99,1:01,10.27,1.73,881,1.56,85,1.94"), sent))
                .isInstanceOf(InvalidReadingException.class)
                .hasMessageStartingWith(SensorReadingParser.FUTURE_REASON)
                .hasMessageContaining("2099-12-31T01:01:00Z");
        // Within the bound, old readings (a replay), and records without a timestamp are accepted.
        assertThat(bounded.parse(bytes("COHUTTA,11/26/26,12:00,10.27,1.73,881,1.56,85,1.94"), sent).eventTime)
                .isEqualTo(Instant.parse("2026-11-26T12:00:00Z").toEpochMilli());
        assertThat(bounded.parse(bytes("COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94"), sent)).isNotNull();
        assertThat(bounded.parse(bytes("COHUTTA,12/31/99,1:01,10.27,1.73,881,1.56,85,1.94"), -1)).isNotNull();
    }

    @Test
    void readsDateAndTimeInTheConfiguredZone() throws Exception {
        SensorReadingParser chicago = new SensorReadingParser(ZoneId.of("America/Chicago"));
        SensorReading r = chicago.parse("COHUTTA,12/31/14,23:59,1,1,1,1,1,1");
        assertThat(Instant.ofEpochMilli(r.eventTime)).isEqualTo(Instant.parse("2015-01-01T05:59:00Z"));
    }

    /**
     * Chicago skipped 2:00-2:59 on 9 March 2014 and had 1:00-1:59 twice on 2 November 2014: a
     * skipped time is a dead letter with its reason, a repeated one carries both instants.
     */
    @Test
    void daylightSavingTimeSkipsAnHourAndRepeatsOne() throws Exception {
        SensorReadingParser chicago = new SensorReadingParser(ZoneId.of("America/Chicago"));
        for (String line : List.of("P,3/9/14,2:30,1,1,1,1,1,1", "P , 3/9/14 , 2:00 ,1,1,1,1,1,1")) {
            assertThatThrownBy(() -> chicago.parse(bytes(line))).isInstanceOf(InvalidReadingException.class)
                    .hasMessageStartingWith(SensorReadingParser.SKIPPED_TIME_REASON)
                    .hasMessageContaining("America/Chicago");
        }
        assertThat(Instant.ofEpochMilli(chicago.parse(bytes("P,3/9/14,3:00,1,1,1,1,1,1")).eventTime))
                .isEqualTo(Instant.parse("2014-03-09T08:00:00Z"));
        for (byte[] line : List.of(bytes("P,11/2/14,1:30,1,1,1,1,1,1"), bytes(" P,11/2/14,1:30,1,1,1,1,1,1"))) {
            SensorReading repeated = chicago.parse(line);
            assertThat(Instant.ofEpochMilli(repeated.eventTime)).isEqualTo(Instant.parse("2014-11-02T06:30:00Z"));
            assertThat(Instant.ofEpochMilli(repeated.laterOccurrence)).isEqualTo(Instant.parse("2014-11-02T07:30:00Z"));
        }
        assertThat(chicago.parse(bytes("P,11/2/14,2:30,1,1,1,1,1,1")).laterOccurrence)
                .isEqualTo(SensorReading.NO_LATER_OCCURRENCE);
        assertThat(utc.parse(bytes("P,11/2/14,1:30,1,1,1,1,1,1")).laterOccurrence)
                .isEqualTo(SensorReading.NO_LATER_OCCURRENCE);
    }

    @Test
    void toleratesWhiteSpaceAroundFieldsAndALineEnding() throws Exception {
        SensorReading r = utc.parse(" NANTAHALLA , 3/14/14 ,\t23:59, 9.5 ,1.7,  880,1,4.2 ,0.5\r\n");
        assertThat(r.pumpId).isEqualTo("NANTAHALLA");
        assertThat(Instant.ofEpochMilli(r.eventTime)).isEqualTo(Instant.parse("2014-03-14T23:59:00Z"));
        assertThat(r.psi).isEqualTo(4.2);
        assertThat(r.chlPpm).isEqualTo(0.5);
    }

    @Test
    void acceptsSignsExponentsAndLeadingDots() throws Exception {
        SensorReading r = utc.parse("P-1.a_2,1/1/20,0:00,-1.5,+2,.5,1e2,3.,7E-1");
        assertThat(new double[] {r.hz, r.disp, r.flo, r.sedPpm, r.psi, r.chlPpm})
                .containsExactly(-1.5, 2, 0.5, 100, 3, 0.7);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                              | empty line",
        "'   '                                           | empty line",
        "COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85     | expected 9 comma-separated fields, found 8",
        "COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1,2 | expected 9 comma-separated fields, found 10",
        "resid,date,time,hz,disp,flo,sedPPM,psi,chlPPM   | invalid date 'date'",
        ",3/10/14,1:01,10.27,1.73,881,1.56,85,1.94       | invalid pump id ''",
        "CO HUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94 | invalid pump id 'CO HUTTA'",
        "COHUTTA,2/30/14,1:01,10.27,1.73,881,1.56,85,1.94  | invalid date '2/30/14'",
        "COHUTTA,13/1/14,1:01,10.27,1.73,881,1.56,85,1.94  | invalid date '13/1/14'",
        "COHUTTA,2014-03-10,1:01,10.27,1.73,881,1.56,85,1.94 | invalid date '2014-03-10'",
        "COHUTTA,3/10/14,24:00,10.27,1.73,881,1.56,85,1.94 | invalid time '24:00'",
        "COHUTTA,3/10/14,1:60,10.27,1.73,881,1.56,85,1.94  | invalid time '1:60'",
        "COHUTTA,3/10/14,1:01:00,10.27,1.73,881,1.56,85,1.94 | invalid time '1:01:00'",
        "COHUTTA,3/10/14,1:01,abc,1.73,881,1.56,85,1.94    | invalid hz 'abc'",
        "COHUTTA,3/10/14,1:01,10.27,,881,1.56,85,1.94      | invalid disp ''",
        "COHUTTA,3/10/14,1:01,10.27,1.73,NaN,1.56,85,1.94  | invalid flo 'NaN'",
        "COHUTTA,3/10/14,1:01,10.27,1.73,881,Infinity,85,1.94 | invalid sedPPM 'Infinity'",
        "COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,0x55,1.94 | invalid psi '0x55'",
        "COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94d  | invalid chlPPM '1.94d'",
        "COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,1e999,1.94 | psi out of range: 1e999",
    })
    void rejectsWithAReason(String line, String reason) {
        assertThatThrownBy(() -> utc.parse(bytes(line)))
                .isInstanceOf(InvalidReadingException.class)
                .hasMessageStartingWith(reason);
    }

    @Test
    void rejectsThePumpIdSeparatorOfTheRowKeys() {
        assertThatThrownBy(() -> utc.parse("CO|HUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94"))
                .hasMessageStartingWith("invalid pump id 'CO|HUTTA'");
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] line = bytes("COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94");
        line[3] = (byte) 0xC3; // a two-byte sequence start followed by ASCII
        assertThatThrownBy(() -> utc.parse(line))
                .isInstanceOf(InvalidReadingException.class)
                .hasMessage("not valid UTF-8 (at byte 3)");
    }

    @ParameterizedTest
    @ValueSource(ints = {SensorReadingParser.MAX_LINE_BYTES + 1, 1024 * 1024})
    void rejectsHugeLinesBeforeDecodingThem(int size) {
        byte[] line = new byte[size];
        Arrays.fill(line, (byte) 'x');
        assertThatThrownBy(() -> utc.parse(line))
                .isInstanceOf(InvalidReadingException.class)
                .hasMessage("line too long: " + size + " bytes (limit " + SensorReadingParser.MAX_LINE_BYTES + ")");
    }

    @Test
    void abbreviatesLongFieldsInReasons() {
        String longField = "9".repeat(300);
        assertThatThrownBy(() -> utc.parse("COHUTTA,3/10/14,1:01," + longField + "x,1,1,1,1,1"))
                .hasMessageContaining("...")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(120));
    }

    /**
     * The byte-level reader of common lines gives exactly what the general parser gives, for
     * every line it takes, and it takes the simulator's and the seed's lines.
     */
    @ParameterizedTest
    @ValueSource(strings = {"UTC", "America/Chicago", "+05:30"})
    void readsCommonLinesFromTheBytesExactlyAsTheGeneralParser(String zone) throws Exception {
        SensorReadingParser parser = new SensorReadingParser(ZoneId.of(zone));
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        int taken = 0;
        for (int i = 0; i < 20_000; i++) {
            String line = String.format(java.util.Locale.ROOT, "P%d,%d/%d/%02d,%d:%02d,%s,%s,%s,%s,%s,%s",
                    random.nextInt(100), 1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(100),
                    random.nextInt(24), random.nextInt(60), number(random), number(random), number(random),
                    number(random), number(random), number(random));
            SensorReading common = parser.parseCommon(bytes(line));
            SensorReading general;
            try {
                general = parser.parse(line);
            } catch (InvalidReadingException e) {
                // An hour that clocks skip: the general parser says why, the byte reader passes.
                assertThat(e).as(line).hasMessageStartingWith(SensorReadingParser.SKIPPED_TIME_REASON);
                assertThat(common).as(line).isNull();
                continue;
            }
            assertThat(common).as(line).isNotNull().isEqualTo(general);
            taken++;
        }
        assertThat(taken).isGreaterThan(19_900);
        assertThat(parser.parseCommon(bytes("COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94")))
                .isEqualTo(parser.parse("COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94"));
    }

    /** Lines outside the common case go to the general parser, which reads or rejects them. */
    @ParameterizedTest
    @ValueSource(strings = {
        " NANTAHALLA,3/14/14,23:59,9.5,1.7,880,1,4.2,0.5", "P,3/10/14,1:01,1,1,1,1,1,1\r",
        "P,003/10/14,1:01,1,1,1,1,1,1", "P,3/10/2014,1:01,1,1,1,1,1,1", "P,3/10/14,001:01,1,1,1,1,1,1",
        "P,2/29/15,1:01,1,1,1,1,1,1", "P,3/10/14,1:01,.5,1,1,1,1,1", "P,3/10/14,1:01,3.,1,1,1,1,1",
        "P,3/10/14,1:01,1e2,1,1,1,1,1", "P,3/10/14,1:01,1234567890.123456,1,1,1,1,1",
        "P,3/10/14,1:01,1,1,1,1,1", "P,3/10/14,1:01,1,1,1,1,1,1,1", "_P,3/10/14,1:01,1,1,1,1,1,1",
        "P\u00e9,3/10/14,1:01,1,1,1,1,1,1", "P,3/10/14,1:01,+-1,1,1,1,1,1"})
    void leavesEveryOtherLineToTheGeneralParser(String line) {
        assertThat(utc.parseCommon(bytes(line))).isNull();
    }

    private static String number(java.util.SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> Integer.toString(random.nextInt(5000));
            case 1 -> String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble() * 200 - 50);
            case 2 -> String.format(java.util.Locale.ROOT, "%.3f", random.nextDouble() * 3);
            case 3 -> "-" + String.format(java.util.Locale.ROOT, "%.1f", random.nextDouble());
            default -> String.format(java.util.Locale.ROOT, "%.9f", random.nextDouble() * 1e6);
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
