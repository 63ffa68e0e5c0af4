package org.pumpmonitor.pumpctl.read;

import org.apache.hadoop.hbase.client.RetriesExhaustedException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 24, item 12: only what the HBase client raised is reported as HBase's failure. */
class HBaseFailureTest {

    @Test
    void whatTheHBaseClientRaisesIsHBasesFailure() {
        RetriesExhaustedException exhausted = new RetriesExhaustedException(
                "Failed after attempts=2, exceptions:\n2014-03-10T12:00:00Z, java.net.ConnectException",
                new ConnectException("Connection refused"));
        assertThat(HBaseFailures.hbaseFailure(exhausted))
                .hasValueSatisfying(message -> assertThat(message).contains("Failed after attempts=2"));
        assertThat(HBaseFailures.hbaseFailure(new RuntimeException(exhausted))).as("a scanner's iterator wraps it")
                .hasValueSatisfying(message -> assertThat(message).contains("Failed after attempts=2"));
        // The client's own operation timeout is a JDK exception, thrown from the client's code.
        SocketTimeoutException timeout = new SocketTimeoutException("callTimeout=60000, callDuration=60012");
        timeout.setStackTrace(new StackTraceElement[] {new StackTraceElement(
                "org.apache.hadoop.hbase.client.RpcRetryingCallerImpl", "callWithRetries", "RpcRetryingCallerImpl.java", 159)});
        assertThat(HBaseFailures.hbaseFailure(new UncheckedIOException(timeout)))
                .hasValueSatisfying(message -> assertThat(message).contains("callTimeout=60000, callDuration=60012"));
    }

    @Test
    void aClientThatWentAwayIsNotHBasesFailure() {
        assertThat(HBaseFailures.hbaseFailure(new EofException("Closed"))).isEmpty();
        assertThat(HBaseFailures.hbaseFailure(new IOException("Broken pipe"))).isEmpty();
        assertThat(HBaseFailures.hbaseFailure(new RuntimeException(new IOException("Connection reset by peer")))).isEmpty();
        assertThat(HBaseFailures.hbaseFailure(new IllegalStateException("no IOException at all"))).isEmpty();
    }
}
