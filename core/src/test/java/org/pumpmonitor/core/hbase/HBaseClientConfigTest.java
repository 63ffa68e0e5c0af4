package org.pumpmonitor.core.hbase;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.client.ConnectionUtils;
import org.junit.jupiter.api.Test;
import org.pumpmonitor.core.options.JobOptions;

import static org.assertj.core.api.Assertions.assertThat;

class HBaseClientConfigTest {

    /**
     * A region server that takes requests but does not answer (a long GC, a frozen VM) costs every
     * attempt a whole RPC timeout. By default the client must go on trying for the whole operation
     * timeout, so that a pause shorter than it is waited out: were the attempts used up first, the
     * sinks' flushes would fail and the job restart and replay after a pause it could have ridden.
     */
    @Test
    void byDefaultTheOperationTimeoutNotTheRetryCountEndsAWaitOnASilentServer() {
        Configuration conf = HBaseClientConfig.configuration(JobOptions.defaults());
        long operationTimeout = conf.getLong(HConstants.HBASE_CLIENT_OPERATION_TIMEOUT, -1);
        assertThat(operationTimeout).isEqualTo(120_000L);

        assertThat(millisUntilAttemptsRunOut(conf)).isGreaterThan(operationTimeout);
    }

    /** Every attempt (the first and each retry) times out, with the client's back-off between them. */
    private static long millisUntilAttemptsRunOut(Configuration conf) {
        int retries = conf.getInt(HConstants.HBASE_CLIENT_RETRIES_NUMBER, -1);
        long rpcTimeout = conf.getLong(HConstants.HBASE_RPC_TIMEOUT_KEY, -1);
        long pause = conf.getLong(HConstants.HBASE_CLIENT_PAUSE, HConstants.DEFAULT_HBASE_CLIENT_PAUSE);
        long total = rpcTimeout;
        for (int tries = 0; tries < retries; tries++) {
            total += ConnectionUtils.getPauseTime(pause, tries) + rpcTimeout;
        }
        return total;
    }
}
