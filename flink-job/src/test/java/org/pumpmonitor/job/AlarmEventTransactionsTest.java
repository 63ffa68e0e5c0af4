package org.pumpmonitor.job;

import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.job.sinks.AlarmEventTransactions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlarmEventTransactionsTest {

    private static final JobOptions DEFAULTS = JobOptions.defaults();

    @Test
    void theTransactionTimeoutHasHoursOfHeadroomByDefault() {
        assertThat(AlarmEventTransactions.timeout(DEFAULTS)).isEqualTo(Duration.ofHours(2));
        assertThat(AlarmEventTransactions.producerProperties(DEFAULTS)).containsEntry("transaction.timeout.ms", "7200000");
        assertThat(AlarmEventTransactions.timeout(DEFAULTS.with(Map.of("kafka.alarm-transaction-timeout", "6 h"))))
                .isEqualTo(Duration.ofHours(6));
    }

    @Test
    void theUsersOwnProducerPropertyWins() {
        JobOptions options = DEFAULTS.with(Map.of("kafka.property.transaction.timeout.ms", "3600000",
                "kafka.alarm-transaction-timeout", "6 h"));
        assertThat(AlarmEventTransactions.producerProperties(options)).containsEntry("transaction.timeout.ms", "3600000");
        assertThat(AlarmEventTransactions.timeout(options)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theTransactionalIdPrefixNamesOnePipelineAndStaysTheSameAcrossVersions() {
        // A change of this value makes a restart of a running pipeline miss what its last run left open.
        assertThat(AlarmEventTransactions.transactionalIdPrefix(DEFAULTS)).isEqualTo("pump-monitor-pump-monitor-24c03ce8ac80");
        assertThat(AlarmEventTransactions.transactionalIdPrefix(DEFAULTS.with(Map.of())))
                .isEqualTo(AlarmEventTransactions.transactionalIdPrefix(DEFAULTS));
        for (String option : new String[] {"kafka.topic", "kafka.group-id", "kafka.alarm-topic"}) {
            assertThat(AlarmEventTransactions.transactionalIdPrefix(DEFAULTS.with(Map.of(option, "other"))))
                    .as(option).isNotEqualTo(AlarmEventTransactions.transactionalIdPrefix(DEFAULTS));
        }
    }
}
