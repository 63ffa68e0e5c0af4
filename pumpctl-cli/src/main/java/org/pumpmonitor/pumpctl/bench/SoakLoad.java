package org.pumpmonitor.pumpctl.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pumpmonitor.simulator.FaultAmount;
import org.pumpmonitor.simulator.FaultInjector;
import org.pumpmonitor.simulator.KafkaRecordSink;
import org.pumpmonitor.simulator.Faults;
import org.pumpmonitor.simulator.Pacer;
import org.pumpmonitor.simulator.RecordSink;
import org.pumpmonitor.simulator.SensorRecord;
import org.pumpmonitor.simulator.Simulation;
import org.pumpmonitor.simulator.SyntheticPumps;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The soak's load: the simulator's synthetic pumps at a steady rate, with its faults in the data
 * (low-pressure episodes, lines that do not parse, out-of-order, late and too-late readings,
 * duplicates), sent from a thread of its own. Each record Kafka acknowledges goes, in the order of
 * the acknowledgements, into the {@link SoakExpectation} and into the sent log (a reading's line, or
 * a mark for a line that does not parse): the soak's own record of what was sent, from which
 * {@link SoakExpectation#fromLog} works out the same expectation again.
 */
final class SoakLoad implements AutoCloseable {

    /** Simulated time of the first reading: far enough in the past that no reading is ahead of the clock. */
    static final LocalDateTime START = LocalDateTime.of(2014, 3, 10, 0, 0);

    private final Simulation simulation;
    private final RecordingSink sink;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private final AtomicReference<Object> outcome = new AtomicReference<>();

    SoakLoad(String bootstrapServers, String topic, int pumps, int rate, Duration duration, long seed,
             SoakExpectation expectation, Path sentLog) throws IOException {
        long limit = (long) rate * duration.toSeconds();
        Faults faults = new Faults(FaultAmount.parse("0.0005"), FaultAmount.parse("0.0002"),
                FaultAmount.parse("0.001"), Duration.ofMinutes(3), FaultAmount.parse("0.0002"), Duration.ofHours(2),
                FaultAmount.parse("0.001"), FaultAmount.NONE, Duration.ofMinutes(30));
        FaultInjector records = new FaultInjector(
                SensorRecord.of(new SyntheticPumps(pumps, START, limit, seed)), faults, limit, seed);
        this.sink = new RecordingSink(bootstrapServers, topic, expectation, sentLog);
        this.simulation = new Simulation(records, Pacer.realTime(rate, 0), sink, null, 0);
        this.thread = new Thread(() -> {
            try {
                outcome.set(simulation.run(stop));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "soak-load");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Records Kafka acknowledged so far. */
    long acknowledged() {
        return sink.acknowledged();
    }

    /** The first record acknowledged but not recorded (its error), or null. */
    String firstError() {
        return sink.recordingError.get();
    }

    boolean running() {
        return thread.isAlive();
    }

    /** Stops sending (if it still does), waits for every acknowledgement and says what was sent. */
    Simulation.Summary finish(Duration timeout) throws Exception {
        stop.set(true);
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            thread.interrupt();
            throw new IllegalStateException("the load did not stop within " + timeout.toSeconds() + " s");
        }
        sink.closeLog();
        if (outcome.get() instanceof Throwable e) {
            throw new IllegalStateException("the load failed: " + e.getMessage(), e);
        }
        return (Simulation.Summary) outcome.get();
    }

    @Override
    public void close() {
        stop.set(true);
        sink.close();
    }

    /** Sends to Kafka as the simulator does, and records each record once Kafka acknowledged it. */
    private static final class RecordingSink implements RecordSink {
        private final String topic;
        private final KafkaProducer<String, byte[]> producer;
        private final SoakExpectation expectation;
        private final BufferedWriter log;
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicReference<String> firstError = new AtomicReference<>();
        private final AtomicReference<String> recordingError = new AtomicReference<>();

        RecordingSink(String bootstrapServers, String topic, SoakExpectation expectation, Path log) throws IOException {
            this.topic = topic;
            this.expectation = expectation;
            Files.createDirectories(log.toAbsolutePath().getParent());
            this.log = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
            // The simulator's producer, with waits that outlast a broker restart.
            Map<String, Object> config = KafkaRecordSink.producerConfig(bootstrapServers);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
            this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public void send(SensorRecord record) {
            // The record's timestamp is now: the job refuses readings dated far ahead of it.
            producer.send(new ProducerRecord<>(topic, record.key(), record.value()), (metadata, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, error.getClass().getSimpleName() + ": " + error.getMessage());
                    return;
                }
                // Kafka only logs what a callback throws: a record that could not be recorded fails the soak.
                try {
                    String line = expectation.add(record);
                    log.write(line);
                    log.write('\n');
                } catch (Throwable e) {
                    recordingError.compareAndSet(null, e.toString());
                }
                acknowledged.incrementAndGet();
            });
        }

        @Override
        public void flush() {
            producer.flush();
        }

        @Override
        public long acknowledged() {
            return acknowledged.get();
        }

        @Override
        public long failed() {
            return failed.get();
        }

        @Override
        public String firstError() {
            return firstError.get();
        }

        void closeLog() throws IOException {
            producer.flush(); // every callback has run: the log is written by them alone
            log.flush();
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(30));
            try {
                log.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
