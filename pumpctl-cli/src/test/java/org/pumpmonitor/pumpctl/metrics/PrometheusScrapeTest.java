package org.pumpmonitor.pumpctl.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusScrapeTest {

    @Test
    void prometheusTextFormatIsReadWithItsLabels() {
        PrometheusScrape scrape = PrometheusScrape.parse(String.join("\n",
                "# HELP flink_x counter",
                "# TYPE flink_x gauge",
                "flink_x{job_id=\"a\",operator_name=\"Sink:_HBase\\\"q\\\"\",} 2.0",
                "flink_x{job_id=\"a\",subtask_index=\"1\",} 3.0",
                "flink_x{job_id=\"b\",} 5.0",
                "flink_y 7.5",
                "flink_z{job_id=\"a\",} NaN",
                ""));
        assertThat(scrape.sum("flink_x", s -> s.label("job_id").equals("a"))).isEqualTo(5.0);
        assertThat(scrape.sum("flink_x", s -> true)).isEqualTo(10.0);
        assertThat(scrape.sum("flink_y", s -> true)).isEqualTo(7.5);
        assertThat(scrape.sum("flink_z", s -> true)).isNaN();
        assertThat(scrape.samples().get(0).label("operator_name")).isEqualTo("Sink:_HBase\"q\"");
        assertThat(scrape.names()).containsExactly("flink_x", "flink_y", "flink_z");
    }
}
