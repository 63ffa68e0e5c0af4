package org.pumpmonitor.simulator;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultAmountTest {

    @Test
    void aCountHitsExactlyThatManyRecordsSpreadEvenly() {
        FaultAmount.Selector selector = FaultAmount.parse("4").selector(100, new Random(1), 0);
        assertThat(LongStream.range(0, 100).filter(selector::hits).toArray()).containsExactly(20, 40, 60, 80);
    }

    @Test
    void aFractionHitsAboutThatShare() {
        FaultAmount.Selector selector = FaultAmount.parse("2%").selector(Long.MAX_VALUE, new Random(1), 0);
        assertThat(LongStream.range(0, 100_000).filter(selector::hits).count()).isBetween(1800L, 2200L);
        assertThat(FaultAmount.parse("0.5").isCount()).isFalse();
        assertThat(FaultAmount.parse("0").isNone()).isTrue();
    }

    @Test
    void badAmountsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> FaultAmount.parse("lots")).hasMessageContaining("expected a fraction");
        assertThatThrownBy(() -> FaultAmount.parse("1.5")).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> FaultAmount.parse("-3")).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> FaultAmount.parse("3").selector(Long.MAX_VALUE, new Random(), 0))
                .hasMessageContaining("needs a run of known length");
    }
}
