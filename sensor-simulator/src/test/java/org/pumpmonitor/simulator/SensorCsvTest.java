package org.pumpmonitor.simulator;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class SensorCsvTest {

    @Test
    void formatsTheSeedFormat() {
        Reading r = new Reading("COHUTTA", LocalDateTime.of(2014, 3, 10, 1, 1), 10.27, 1.73, 881, 1.56, 85, 1.94);
        assertThat(SensorCsv.format(r)).isEqualTo("COHUTTA,3/10/14,1:01,10.27,1.73,881,1.56,85,1.94");
        assertThat(SensorCsv.parse(SensorCsv.format(r))).isEqualTo(r);
    }

    @Test
    void numbersArePlainDecimals() {
        assertThat(SensorCsv.number(0.0001)).isEqualTo("0.0001");
        assertThat(SensorCsv.number(1e7)).isEqualTo("10000000");
        assertThat(SensorCsv.number(-2.50)).isEqualTo("-2.5");
    }

    @Test
    void readsTimeAndPumpOfImperfectLines() {
        assertThat(SensorCsv.timeOf("X,12/31/14,23:59,oops")).isEqualTo(LocalDateTime.of(2014, 12, 31, 23, 59));
        assertThat(SensorCsv.timeOf("X,2/30/14,1:00,1,1,1,1,1,1")).isNull();
        assertThat(SensorCsv.parse("X,3/10/14,1:00,1,1,1,1,NaNx,1")).isNull();
        assertThat(SensorCsv.pumpOf(" MOJO ,3/10/14")).isEqualTo("MOJO");
        assertThat(SensorCsv.pumpOf("")).isNull();
    }
}
