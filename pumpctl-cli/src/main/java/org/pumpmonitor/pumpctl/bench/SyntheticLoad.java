package org.pumpmonitor.pumpctl.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.simulator.Reading;
import org.pumpmonitor.simulator.SensorCsv;
import org.pumpmonitor.simulator.SyntheticPumps;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The readings the benchmarks send: the simulator's synthetic pumps, one reading a minute each from
 * {@link #START}, the same for every pass and every benchmark; and the row keys the job stores them
 * under, which the benchmarks wait for.
 */
final class SyntheticLoad {

    static final LocalDateTime START = LocalDateTime.of(2014, 3, 10, 0, 0);

    private SyntheticLoad() {
    }

    /** The lines of {@code readings} readings of the pumps; every {@code lowPressureEvery}-th under 5 psi (0: none). */
    static List<String> lines(int pumps, long readings, double lowPressureEvery) {
        List<String> lines = new ArrayList<>((int) readings);
        SyntheticPumps source = new SyntheticPumps(pumps, START, readings, 42);
        long i = 0;
        while (source.hasNext()) {
            Reading r = source.next();
            // Every lowPressureEvery-th reading is under the default threshold of 5 psi.
            if (lowPressureEvery > 0 && i++ % (long) lowPressureEvery == 0) {
                r = r.withPsi(1.5);
            }
            lines.add(SensorCsv.format(r));
        }
        return lines;
    }

    /** The row key of a pump's reading {@code minute} minutes after the start, as the job writes it. */
    static byte[] rowKey(int pump, long minute, ZoneId zone) {
        long eventTime = START.plusMinutes(minute).atZone(zone).toInstant().toEpochMilli();
        return PumpSchema.readingRowKey(SyntheticPumps.name(pump), eventTime);
    }

    /** The row keys of every pump's last reading, {@code minutes} readings after the start. */
    static List<byte[]> lastRows(int pumps, long minutes, ZoneId zone) {
        List<byte[]> rows = new ArrayList<>();
        for (int p = 0; p < pumps; p++) {
            rows.add(rowKey(p, minutes - 1, zone));
        }
        return rows;
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrapServers, int lingerMs) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /** Sends a line keyed by its pump, as the simulator does. */
    static void send(KafkaProducer<byte[], byte[]> producer, String topic, String line) {
        String pump = SensorCsv.pumpOf(line);
        producer.send(new ProducerRecord<>(topic, pump.getBytes(StandardCharsets.UTF_8),
                line.getBytes(StandardCharsets.UTF_8)), (m, e) -> {
                    if (e != null) {
                        throw new IllegalStateException("send failed: " + e.getMessage(), e);
                    }
                });
    }
}
