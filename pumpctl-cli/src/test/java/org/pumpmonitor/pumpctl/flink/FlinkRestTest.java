package org.pumpmonitor.pumpctl.flink;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FlinkRestTest {

    /** submit --unless-running: a job starting, restarting or failing over counts as running. */
    @Test
    void everyStateButTheTerminalOnesIsActive() {
        for (String state : List.of("INITIALIZING", "CREATED", "RUNNING", "FAILING", "CANCELLING", "RESTARTING",
                "SUSPENDED", "RECONCILING")) {
            assertThat(FlinkRest.active(state)).as(state).isTrue();
        }
        for (String state : List.of("FINISHED", "CANCELED", "FAILED")) {
            assertThat(FlinkRest.active(state)).as(state).isFalse();
        }
    }
}
