package org.pumpmonitor.job.sinks;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transactional Kafka sink whose lost transactions are counted where an operator can alert on
 * them: the gauge {@value #METRIC} of the sink's committer, and an error in the log that says
 * what was lost and what to change.
 *
 * <p>A transaction is lost when its checkpoint completed but the broker had aborted it before the
 * commit (it outlived {@code transaction.timeout.ms}, during a slow checkpoint or a long recovery).
 * The connector then gives up on it, and Flink counts it in the committer's
 * {@code failedCommittables}; but the task usually fails a moment later (the next transaction is
 * as old), and a restarted task starts its metrics at zero, so that count is rarely seen. This
 * count lives as long as the TaskManager's copy of the job's classes, across restarts of the job's
 * tasks.
 */
public final class LostTransactionsCountingSink<IN, S, C> implements TwoPhaseCommittingStatefulSink<IN, S, C> {

    public static final String METRIC = "alarmEventTransactionsLost";

    private static final Logger LOG = LoggerFactory.getLogger(LostTransactionsCountingSink.class);
    private static final AtomicLong LOST = new AtomicLong();

    private final TwoPhaseCommittingStatefulSink<IN, S, C> sink;
    private final String what;

    /** @param what what a lost transaction held, for the log: "alarm events of topic pump-alarms" */
    public LostTransactionsCountingSink(TwoPhaseCommittingStatefulSink<IN, S, C> sink, String what) {
        this.sink = sink;
        this.what = what;
    }

    /** Lost transactions counted by this JVM's copy of the class. */
    static long lost() {
        return LOST.get();
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, S, C> createWriter(InitContext context) throws IOException {
        return sink.createWriter(context);
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, S, C> restoreWriter(InitContext context, Collection<S> states)
            throws IOException {
        return sink.restoreWriter(context, states);
    }

    @Override
    public SimpleVersionedSerializer<S> getWriterStateSerializer() {
        return sink.getWriterStateSerializer();
    }

    @Override
    public Committer<C> createCommitter() throws IOException {
        return new CountingCommitter<>(sink.createCommitter(), what);
    }

    @Override
    public Committer<C> createCommitter(CommitterInitContext context) throws IOException {
        context.metricGroup().gauge(METRIC, (Gauge<Long>) LOST::get);
        return new CountingCommitter<>(sink.createCommitter(context), what);
    }

    @Override
    public SimpleVersionedSerializer<C> getCommittableSerializer() {
        return sink.getCommittableSerializer();
    }

    private static final class CountingCommitter<C> implements Committer<C> {
        private final Committer<C> committer;
        private final String what;

        CountingCommitter(Committer<C> committer, String what) {
            this.committer = committer;
            this.what = what;
        }

        @Override
        public void commit(Collection<CommitRequest<C>> requests) throws IOException, InterruptedException {
            List<CommitRequest<C>> counted = new ArrayList<>(requests.size());
            for (CommitRequest<C> request : requests) {
                counted.add(new CountedRequest<>(request, what));
            }
            committer.commit(counted);
        }

        @Override
        public void close() throws Exception {
            committer.close();
        }
    }

    private record CountedRequest<C>(Committer.CommitRequest<C> request, String what) implements Committer.CommitRequest<C> {

        @Override
        public C getCommittable() {
            return request.getCommittable();
        }

        @Override
        public int getNumberOfRetries() {
            return request.getNumberOfRetries();
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            lost(t);
            request.signalFailedWithKnownReason(t);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            lost(t);
            request.signalFailedWithUnknownReason(t);
        }

        @Override
        public void retryLater() {
            request.retryLater();
        }

        @Override
        public void updateAndRetryLater(C committable) {
            request.updateAndRetryLater(committable);
        }

        @Override
        public void signalAlreadyCommitted() {
            request.signalAlreadyCommitted();
        }

        private void lost(Throwable t) {
            long total = LOST.incrementAndGet();
            LOG.error("LOST: a Kafka transaction of {} could not be committed ({}): the events of one checkpoint "
                            + "are missing from the topic ({} lost since this TaskManager loaded the job, metric {}). "
                            + "Most likely the broker aborted the transaction because it outlived its timeout during "
                            + "a slow checkpoint or a long recovery: raise --kafka.alarm-transaction-timeout (and the "
                            + "brokers' transaction.max.timeout.ms) above the longest outage to ride out.",
                    what, request.getCommittable(), total, METRIC, t);
        }
    }
}
