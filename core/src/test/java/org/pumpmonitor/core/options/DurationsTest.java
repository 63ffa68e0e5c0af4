package org.pumpmonitor.core.options;

import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Durations are read exactly as Flink reads them. */
class DurationsTest {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"500 ms", "500ms", "500", "10 s", "10s", "10 sec", "10 secs", "10 second", "10 seconds",
        "90 min", "90min", "90 m", "90 minute", "90 minutes", "12 h", "12 hour", "12 hours", "5 d", "5 day", "5 days",
        "3 milli", "3 millis", "3 millisecond", "3 milliseconds", "7 µs", "7 micro", "7 micros", "7 ns", "7 nanos",
        "  2 H  ", "0 s", "2 MIN"})
    void acceptsWhatFlinkAccepts(String text) {
        assertThat(Durations.parse(text)).isEqualTo(TimeUtils.parseDuration(text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "  ", "s", "1.5 h", "-3 s", "10 fortnights", "h 10", "10 s 5", "99999999999999999999 s",
        "5 mins", "1 hrs"})
    void refusesWhatFlinkRefuses(String text) {
        assertThatThrownBy(() -> TimeUtils.parseDuration(text)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }
}
