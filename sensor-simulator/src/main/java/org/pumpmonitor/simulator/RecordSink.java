package org.pumpmonitor.simulator;

/** Where the simulator's records go: Kafka, or standard output for a dry run. */
public interface RecordSink extends AutoCloseable {

    void send(SensorRecord record) throws Exception;

    /** Waits until every record sent so far is acknowledged or failed. */
    void flush();

    long acknowledged();

    long failed();

    /** The first send error, or null. */
    String firstError();

    @Override
    void close();
}
