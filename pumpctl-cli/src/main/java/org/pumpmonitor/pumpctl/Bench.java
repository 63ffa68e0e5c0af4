package org.pumpmonitor.pumpctl;

import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.core.parse.SensorReadingParser;
import org.pumpmonitor.simulator.Reading;
import org.pumpmonitor.simulator.SensorCsv;
import org.pumpmonitor.simulator.SyntheticPumps;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code pumpctl bench}: measures the job on a running stack (by default the one of
 * {@code pumpctl local up}) and prints the figures, appending them to a CSV file. Each run uses
 * a topic, a consumer group and tables of its own, and removes its tables afterwards.
 */
@Command(name = "bench", description = "Measures the job on a running stack: drain, alarm latency, and the bare "
        + "HBase writer that bounds both; prints the figures and appends them to a CSV file. 'jmh' measures the "
        + "hot functions on one core.",
        subcommands = {Bench.Drain.class, Bench.Latency.class, Bench.Writer.class, Bench.State.class, Bench.Jmh.class,
            DashboardBench.class})
final class Bench implements Callable<Integer> {

    static final LocalDateTime START = LocalDateTime.of(2014, 3, 10, 0, 0);

    @Override
    public Integer call() {
        new CommandLine(this).usage(Pumpctl.out);
        return 2;
    }

    /** Options every benchmark takes. */
    static final class Common {
        @CommandLine.Mixin
        Endpoints endpoints = new Endpoints();

        @Option(names = "--flink", defaultValue = LocalCluster.FLINK_URL, description = "Flink REST API (default: ${DEFAULT-VALUE}).")
        String flink;

        @Option(names = "--pumps", defaultValue = "100", description = "Synthetic pumps (default: ${DEFAULT-VALUE}).")
        int pumps;

        @Option(names = "--parallelism", description = "Parallelism of the job (default: the cluster's).")
        Integer parallelism;

        @Option(names = "--passes", defaultValue = "1", description = "Runs, one after the other (default: ${DEFAULT-VALUE}).")
        int passes;

        @Option(names = "--csv", defaultValue = "target/bench/results.csv",
                description = "Appends one line per pass here (default: ${DEFAULT-VALUE}).")
        Path csv;

        @Option(names = "--stack-dir", defaultValue = ".local",
                description = "The local stack whose resident memory is sampled (default: ${DEFAULT-VALUE}).")
        Path stackDir;

        /** A name no earlier run used: for the topic, the group and the tables of one pass. */
        String runId(String what) {
            return "bench_" + what + "_" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(LocalDateTime.now());
        }

        LocalCluster stack() {
            return new LocalCluster(Pumpctl.root(), Pumpctl.root().resolve(stackDir), new java.io.PrintStream(
                    java.io.OutputStream.nullOutputStream()));
        }

        void record(String benchmark, int pass, Map<String, Object> figures) throws IOException {
            Bench.record(csv, benchmark, pass, figures);
        }

        void check() {
            if (pumps < 1 || passes < 1 || (parallelism != null && parallelism < 1)) {
                throw new IllegalArgumentException("--pumps, --passes and --parallelism must be at least 1");
            }
        }
    }

    /** Appends one line of figures to the CSV file, after a header line naming them. */
    static void record(Path csv, String benchmark, int pass, Map<String, Object> figures) throws IOException {
        Path file = Pumpctl.root().resolve(csv);
        Files.createDirectories(file.toAbsolutePath().getParent());
        List<String> header = new ArrayList<>(List.of("time", "benchmark", "pass"));
        List<String> values = new ArrayList<>(List.of(java.time.Instant.now().toString(), benchmark,
                Integer.toString(pass)));
        figures.forEach((k, v) -> {
            header.add(k);
            values.add(String.valueOf(v));
        });
        // One header line per benchmark kind: the file mixes kinds, the header says what follows.
        String lines = "# " + String.join(",", header) + "\n" + String.join(",", values) + "\n";
        Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Samples the stack's resident memory (sum over its processes) and keeps the peak. */
    static final class MemoryPeak implements AutoCloseable {
        private final Thread thread;
        private final AtomicBoolean stop = new AtomicBoolean();
        private volatile long peakKb;

        MemoryPeak(LocalCluster stack) {
            thread = new Thread(() -> {
                while (!stop.get()) {
                    long kb = stack.processes().stream().mapToLong(p -> LocalCluster.residentKb(p.pid())).sum();
                    peakKb = Math.max(peakKb, kb);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
                }
            }, "bench-memory");
            thread.setDaemon(true);
            thread.start();
        }

        long peakMb() {
            return peakKb / 1024;
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join();
        }
    }

    /** The synthetic readings of a run, the same for every pass and every benchmark. */
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

    static long countRows(Connection hbase, TableName table, byte[] family) throws IOException {
        long rows = 0;
        try (Table t = hbase.getTable(table);
                ResultScanner scanner = t.getScanner(new Scan().addFamily(family)
                        .setFilter(new FirstKeyOnlyFilter()).setCaching(10_000))) {
            while (scanner.next() != null) {
                rows++;
            }
        }
        return rows;
    }

    static void dropTables(Connection hbase, String... tables) throws IOException {
        try (Admin admin = hbase.getAdmin()) {
            for (String name : tables) {
                TableName table = TableName.valueOf(name);
                if (admin.tableExists(table)) {
                    admin.disableTable(table);
                    admin.deleteTable(table);
                }
            }
        }
    }

    static void deleteTopic(String bootstrapServers, String topic) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Pumpctl.err.println("could not delete topic " + topic + ": " + e.getMessage());
        }
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

    static void send(KafkaProducer<byte[], byte[]> producer, String topic, String line) {
        String pump = SensorCsv.pumpOf(line);
        producer.send(new ProducerRecord<>(topic, pump.getBytes(StandardCharsets.UTF_8),
                line.getBytes(StandardCharsets.UTF_8)), (m, e) -> {
                    if (e != null) {
                        throw new IllegalStateException("send failed: " + e.getMessage(), e);
                    }
                });
    }

    /** Submits the job on the run's topic, group and tables, with the user's extra options. */
    static String submit(Common c, String id, List<String> jobOptions) throws Exception {
        List<String> options = new ArrayList<>(List.of(
                "--" + JobOptions.KAFKA_BOOTSTRAP_SERVERS.name, c.endpoints.bootstrapServers,
                "--" + JobOptions.KAFKA_TOPIC.name, id,
                "--" + JobOptions.KAFKA_GROUP_ID.name, id,
                "--" + JobOptions.HBASE_ZOOKEEPER_QUORUM.name, c.endpoints.zookeeper,
                "--" + JobOptions.SENSOR_TABLE.name, id,
                "--" + JobOptions.DEAD_LETTER_TABLE.name, id + "_dead",
                "--" + JobOptions.JOB_NAME.name, "pump-monitor " + id));
        options.addAll(jobOptions);
        return JobSubmission.submit(c.flink, null, c.parallelism, null, options);
    }

    static ZoneId zone(List<String> jobOptions) {
        return ZoneId.of(JobSubmission.option(jobOptions, JobOptions.TIME_ZONE));
    }

    static String perSecond(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    @Command(name = "drain", description = "Puts READINGS readings into a new topic, then starts the job and times "
            + "it until every reading is in HBase (first row -> all rows, and submit -> all rows).")
    static final class Drain implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--readings", defaultValue = "500000", description = "Readings in the topic (default: ${DEFAULT-VALUE}).")
        long readings;

        @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the topic (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait for the last row (default: ${DEFAULT-VALUE}).")
        int timeout;

        @Parameters(paramLabel = "JOB-OPTION", description = "Options of the job, after --, e.g. -- --hbase.sink.flush-max-rows 5000")
        List<String> jobOptions = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            common.check();
            if (readings < common.pumps || readings % common.pumps != 0) {
                throw new IllegalArgumentException("--readings must be a multiple of --pumps");
            }
            List<String> lines = lines(common.pumps, readings, 100);
            for (int pass = 1; pass <= common.passes; pass++) {
                run(pass, lines);
            }
            return 0;
        }

        private void run(int pass, List<String> lines) throws Exception {
            String id = common.runId("drain");
            long produceStart = System.nanoTime();
            setUpRun(common, id, partitions, lines);
            Pumpctl.out.printf("pass %d: %,d readings of %d pumps in topic %s (%.1f s)%n", pass, readings,
                    common.pumps, id, (System.nanoTime() - produceStart) / 1e9);

            ZoneId zone = zone(jobOptions);
            long minutes = readings / common.pumps;
            byte[] first = rowKey(0, 0, zone);
            List<Get> lastRows = lastRows(common.pumps, minutes, zone);
            FlinkRest rest = new FlinkRest(common.flink);
            try (Connection hbase = common.endpoints.hbase(); Table table = hbase.getTable(TableName.valueOf(id));
                    MemoryPeak memory = new MemoryPeak(common.stack())) {
                long submitted = System.nanoTime();
                String job = submit(common, id, jobOptions);
                long firstSeen = 0;
                long deadline = submitted + TimeUnit.SECONDS.toNanos(timeout);
                while (firstSeen == 0) {
                    if (table.exists(new Get(first).addFamily(PumpSchema.DATA))) {
                        firstSeen = System.nanoTime();
                    } else {
                        awaitOrFail(deadline, rest, job, "the first row", 20);
                    }
                }
                long lastSeen = awaitRows(table, lastRows, submitted, deadline, rest, job, 100);
                rest.cancel(job, Duration.ofSeconds(60));
                long stored = countRows(hbase, TableName.valueOf(id), PumpSchema.DATA);
                double firstToAll = readings / ((lastSeen - firstSeen) / 1e9);
                double launchToAll = readings / ((lastSeen - submitted) / 1e9);
                Pumpctl.out.printf("pass %d: first row %.1f s after submit, all rows %.1f s after submit; "
                                + "%s readings/s first -> all, %s readings/s submit -> all; %,d rows stored%s; "
                                + "stack resident peak %,d MB%n",
                        pass, (firstSeen - submitted) / 1e9, (lastSeen - submitted) / 1e9, perSecond(firstToAll),
                        perSecond(launchToAll), stored, stored == readings ? "" : " (EXPECTED " + readings + ")",
                        memory.peakMb());
                Map<String, Object> figures = new java.util.LinkedHashMap<>();
                figures.put("readings", readings);
                figures.put("pumps", common.pumps);
                figures.put("first_to_all_per_s", Math.round(firstToAll));
                figures.put("submit_to_all_per_s", Math.round(launchToAll));
                figures.put("rows_stored", stored);
                figures.put("stack_rss_peak_mb", memory.peakMb());
                figures.put("job_options", String.join(" ", jobOptions).replace(',', ';'));
                common.record("drain", pass, figures);
                if (stored != readings) {
                    throw new PumpctlException("stored " + stored + " readings, expected " + readings);
                }
                removeRun(hbase, common, id);
            }
        }
    }

    /** The run's topic (with these lines in it) and tables, named {@code id}. */
    static void setUpRun(Common c, String id, int partitions, List<String> lines) throws Exception {
        PipelineSetup.setUp(c.endpoints.bootstrapServers, id, partitions, c.endpoints.zookeeper, id, id + "_dead");
        try (KafkaProducer<byte[], byte[]> producer = producer(c.endpoints.bootstrapServers, 20)) {
            for (String line : lines) {
                send(producer, id, line);
            }
            producer.flush();
        }
    }

    /** Drops the run's tables and deletes its topic. */
    static void removeRun(Connection hbase, Common c, String id) throws IOException {
        dropTables(hbase, new PumpTables(id, id + "_dead").names().toArray(String[]::new));
        deleteTopic(c.endpoints.bootstrapServers, id);
    }

    /** The Gets of every pump's last reading, {@code minutes} readings after the start. */
    static List<Get> lastRows(int pumps, long minutes, ZoneId zone) {
        List<Get> gets = new ArrayList<>();
        for (int p = 0; p < pumps; p++) {
            gets.add(new Get(rowKey(p, minutes - 1, zone)).addFamily(PumpSchema.DATA));
        }
        return gets;
    }

    /**
     * Waits until every row exists, saying every 5 s how many do; returns when (System.nanoTime).
     * Only the rows still missing are read again, so the poll stays light.
     */
    static long awaitRows(Table table, List<Get> rows, long since, long deadline, FlinkRest rest, String job,
                          long pollMs) throws Exception {
        List<Get> remaining = rows;
        long progress = System.nanoTime();
        while (true) {
            remaining = missing(table, remaining);
            if (remaining.isEmpty()) {
                return System.nanoTime();
            }
            if (System.nanoTime() - progress > TimeUnit.SECONDS.toNanos(5)) {
                Pumpctl.out.printf("  %.0f s: %d of %d pumps complete%n", (System.nanoTime() - since) / 1e9,
                        rows.size() - remaining.size(), rows.size());
                progress = System.nanoTime();
            }
            awaitOrFail(deadline, rest, job, "every pump's last reading", pollMs);
        }
    }

    /** The Gets whose rows do not exist yet, asked 1,000 at a time (a larger multi-get strains a small HBase). */
    static List<Get> missing(Table table, List<Get> gets) throws IOException {
        List<Get> missing = new ArrayList<>();
        for (int from = 0; from < gets.size(); from += 1000) {
            List<Get> chunk = gets.subList(from, Math.min(gets.size(), from + 1000));
            boolean[] present = table.exists(chunk);
            for (int i = 0; i < present.length; i++) {
                if (!present[i]) {
                    missing.add(chunk.get(i));
                }
            }
        }
        return missing;
    }

    static void awaitOrFail(long deadline, FlinkRest rest, String job, String what, long pollMs) throws Exception {
        if (System.nanoTime() > deadline) {
            rest.cancel(job, Duration.ofSeconds(60));
            throw new PumpctlException("timed out waiting for " + what + "; job " + job + " cancelled");
        }
        Thread.sleep(pollMs);
    }

    @Command(name = "latency", description = "Runs the job on a new topic, sends RATE readings/s for DURATION, "
            + "among them one low-pressure probe every 100 ms, and measures send -> alarm readable in HBase.")
    static final class Latency implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--rate", defaultValue = "2000", description = "Readings per second (default: ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--seconds", defaultValue = "60", description = "How long to send (default: ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--warm-up", defaultValue = "10", description = "Seconds of load before the probes count (default: ${DEFAULT-VALUE}).")
        int warmUp;

        @Parameters(paramLabel = "JOB-OPTION", description = "Options of the job, after --.")
        List<String> jobOptions = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            common.check();
            if (rate < 10 || seconds < 1) {
                throw new IllegalArgumentException("--rate must be at least 10 and --seconds at least 1");
            }
            for (int pass = 1; pass <= common.passes; pass++) {
                run(pass);
            }
            return 0;
        }

        private void run(int pass) throws Exception {
            String id = common.runId("latency");
            setUpRun(common, id, 3, List.of());
            ZoneId zone = zone(jobOptions);
            FlinkRest rest = new FlinkRest(common.flink);
            String job = submit(common, id, jobOptions);
            rest.awaitTasksRunning(job, Duration.ofSeconds(60));
            // The probe pump is the last of the simulated ones: probes replace its readings.
            int probePump = common.pumps - 1;
            Map<Long, Long> pending = new ConcurrentHashMap<>();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean sending = new AtomicBoolean(true);
            long totalMinutes = (long) (warmUp + seconds) * rate / common.pumps + 1;
            try (Connection hbase = common.endpoints.hbase(); Table table = hbase.getTable(TableName.valueOf(id));
                    MemoryPeak memory = new MemoryPeak(common.stack())) {
                Thread poller = new Thread(() -> poll(table, zone, probePump, pending, latencies, sending), "bench-poll");
                poller.start();
                SyntheticPumps source = new SyntheticPumps(common.pumps, START, common.pumps * totalMinutes, 42);
                long start = System.nanoTime();
                long sent = 0;
                long nextProbe = start + TimeUnit.SECONDS.toNanos(warmUp);
                long end = start + TimeUnit.SECONDS.toNanos(warmUp + seconds);
                long minute = 0;
                int pump = 0;
                try (KafkaProducer<byte[], byte[]> producer = producer(common.endpoints.bootstrapServers, 0)) {
                    while (System.nanoTime() < end && source.hasNext()) {
                        long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                        if (sent >= due) {
                            LockSupport.parkNanos(100_000);
                            continue;
                        }
                        Reading r = source.next();
                        boolean probe = false;
                        if (pump == probePump) {
                            probe = System.nanoTime() >= nextProbe;
                            r = r.withPsi(probe ? 1.0 : Math.max(r.psi(), 50));
                        }
                        String line = SensorCsv.format(r);
                        if (probe) {
                            pending.put(minute, System.nanoTime());
                            nextProbe += TimeUnit.MILLISECONDS.toNanos(100);
                        }
                        send(producer, id, line);
                        sent++;
                        if (++pump == common.pumps) {
                            pump = 0;
                            minute++;
                        }
                    }
                }
                long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!pending.isEmpty() && System.nanoTime() < drainDeadline) {
                    Thread.sleep(50);
                }
                sending.set(false);
                poller.join();
                rest.cancel(job, Duration.ofSeconds(60));
                List<Long> sorted = new ArrayList<>(latencies);
                Collections.sort(sorted);
                if (sorted.isEmpty()) {
                    throw new PumpctlException("no alarm was readable in HBase; is the job running? see its log");
                }
                Map<String, Object> figures = new java.util.LinkedHashMap<>();
                figures.put("rate", rate);
                figures.put("pumps", common.pumps);
                figures.put("probes", sorted.size());
                figures.put("lost", pending.size());
                figures.put("p50_ms", percentile(sorted, 50));
                figures.put("p95_ms", percentile(sorted, 95));
                figures.put("p99_ms", percentile(sorted, 99));
                figures.put("max_ms", sorted.get(sorted.size() - 1));
                figures.put("stack_rss_peak_mb", memory.peakMb());
                figures.put("job_options", String.join(" ", jobOptions).replace(',', ';'));
                Pumpctl.out.printf("pass %d: %,d readings/s, %d probes: alarm readable p50 %d ms, p95 %d ms, "
                                + "p99 %d ms, max %d ms%s; stack resident peak %,d MB%n",
                        pass, rate, sorted.size(), percentile(sorted, 50), percentile(sorted, 95),
                        percentile(sorted, 99), sorted.get(sorted.size() - 1),
                        pending.isEmpty() ? "" : "; " + pending.size() + " NOT READABLE after 60 s", memory.peakMb());
                common.record("latency", pass, figures);
                removeRun(hbase, common, id);
            }
            if (!pending.isEmpty()) {
                throw new PumpctlException(pending.size() + " alarms never became readable");
            }
        }

        /** Reads the pending probes' alarm cells every 5 ms and records when each appears. */
        private static void poll(Table table, ZoneId zone, int probePump, Map<Long, Long> pending,
                                 List<Long> latencies, AtomicBoolean sending) {
            while (sending.get() || !pending.isEmpty()) {
                List<Long> minutes = new ArrayList<>(pending.keySet());
                if (!minutes.isEmpty()) {
                    List<Get> gets = new ArrayList<>();
                    for (long m : minutes) {
                        gets.add(new Get(rowKey(probePump, m, zone)).addFamily(PumpSchema.ALERT));
                    }
                    try {
                        boolean[] present = table.exists(gets);
                        long now = System.nanoTime();
                        for (int i = 0; i < present.length; i++) {
                            if (present[i]) {
                                Long sent = pending.remove(minutes.get(i));
                                latencies.add(TimeUnit.NANOSECONDS.toMillis(now - sent));
                            }
                        }
                    } catch (IOException e) {
                        Pumpctl.err.println("poll failed: " + e.getMessage());
                    }
                }
                if (!sending.get() && pending.isEmpty()) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }

        static long percentile(List<Long> sorted, int p) {
            int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }
    }

    @Command(name = "writer", description = "The limit: writes the job's cells for READINGS readings (and their "
            + "alarms) straight to HBase with one BufferedMutator, nothing else; the rows per second the job can "
            + "at most reach on this HBase.")
    static final class Writer implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--readings", defaultValue = "500000", description = "Readings to write (default: ${DEFAULT-VALUE}).")
        long readings;

        @Option(names = "--buffer-mb", defaultValue = "4", description = "The BufferedMutator's write buffer (default: ${DEFAULT-VALUE} MiB).")
        int bufferMb;

        @Override
        public Integer call() throws Exception {
            common.check();
            SensorReadingParser parser = new SensorReadingParser(ZoneId.of(JobOptions.TIME_ZONE.defaultValue));
            List<SensorReading> parsed = new ArrayList<>();
            for (String line : lines(common.pumps, readings, 100)) {
                parsed.add(parser.parse(line));
            }
            double threshold = Double.parseDouble(JobOptions.PSI_THRESHOLD.defaultValue);
            for (int pass = 1; pass <= common.passes; pass++) {
                String id = common.runId("writer");
                try (Connection hbase = common.endpoints.hbase()) {
                    new PumpTables(id, id + "_dead").createAll(hbase.getConfiguration());
                    long alarms = 0;
                    long start;
                    try (MemoryPeak memory = new MemoryPeak(common.stack());
                            BufferedMutator mutator = hbase.getBufferedMutator(
                                    new BufferedMutatorParams(TableName.valueOf(id)).writeBufferSize(bufferMb << 20))) {
                        start = System.nanoTime();
                        for (SensorReading r : parsed) {
                            mutator.mutate(ReadingCodec.READINGS.put(r));
                            if (r.psi < threshold) {
                                mutator.mutate(AlarmCodec.ALARMS.put(new LowPressureAlarm(r.pumpId, r.eventTime, r.psi, threshold)));
                                alarms++;
                            }
                        }
                        mutator.flush();
                        double seconds = (System.nanoTime() - start) / 1e9;
                        double rate = readings / seconds;
                        Pumpctl.out.printf("pass %d: %,d readings (%,d alarms) written in %.1f s: %s readings/s; "
                                        + "stack resident peak %,d MB%n",
                                pass, readings, alarms, seconds, perSecond(rate), memory.peakMb());
                        Map<String, Object> figures = new java.util.LinkedHashMap<>();
                        figures.put("readings", readings);
                        figures.put("alarms", alarms);
                        figures.put("readings_per_s", Math.round(rate));
                        figures.put("buffer_mb", bufferMb);
                        figures.put("stack_rss_peak_mb", memory.peakMb());
                        common.record("writer", pass, figures);
                    }
                    dropTables(hbase, new PumpTables(id, id + "_dead").names().toArray(String[]::new));
                }
            }
            return 0;
        }
    }

    @Command(name = "state", description = "For each number of pumps, runs the job over MINUTES readings of every "
            + "pump and reports the state of the keyed operators (admission and daily-statistics window) from a "
            + "checkpoint taken once every reading is stored, and the TaskManager's heap.")
    static final class State implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--pump-counts", split = ",", defaultValue = "1000,10000,100000",
                description = "Numbers of pumps, one run each (default: ${DEFAULT-VALUE}).")
        List<Integer> pumpCounts;

        @Option(names = "--minutes", defaultValue = "10", description = "Readings per pump, one a minute (default: ${DEFAULT-VALUE}).")
        int minutes;

        @Parameters(paramLabel = "JOB-OPTION", description = "Options of the job, after --.")
        List<String> jobOptions = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            common.check();
            if (minutes < 1 || pumpCounts.stream().anyMatch(p -> p < 1)) {
                throw new IllegalArgumentException("--minutes and every --pump-counts value must be at least 1");
            }
            List<String> options = new ArrayList<>(jobOptions);
            if (!options.contains("--" + JobOptions.CHECKPOINT_INTERVAL.name)) {
                options.addAll(List.of("--" + JobOptions.CHECKPOINT_INTERVAL.name, "3 s"));
            }
            for (int pumps : pumpCounts) {
                run(pumps, options);
            }
            return 0;
        }

        private void run(int pumps, List<String> options) throws Exception {
            String id = common.runId("state");
            long readings = (long) pumps * minutes;
            setUpRun(common, id, 3, lines(pumps, readings, 0));
            ZoneId zone = zone(options);
            FlinkRest rest = new FlinkRest(common.flink);
            String job = submit(common, id, options);
            try (Connection hbase = common.endpoints.hbase(); Table table = hbase.getTable(TableName.valueOf(id))) {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                awaitRows(table, lastRows(pumps, minutes, zone), System.nanoTime(), deadline, rest, job, 500);
                long stored = System.currentTimeMillis();
                com.fasterxml.jackson.databind.JsonNode checkpoint = null;
                while (checkpoint == null) {
                    com.fasterxml.jackson.databind.JsonNode completed =
                            rest.get("/jobs/" + job + "/checkpoints").path("latest").path("completed");
                    if (completed.path("trigger_timestamp").asLong(0) > stored) {
                        checkpoint = rest.get("/jobs/" + job + "/checkpoints/details/" + completed.path("id").asLong());
                    } else {
                        awaitOrFail(deadline, rest, job, "a checkpoint after the last reading", 500);
                    }
                }
                long keyedState = 0;
                for (com.fasterxml.jackson.databind.JsonNode vertex : rest.get("/jobs/" + job).path("vertices")) {
                    if (vertex.path("name").asText().contains("Daily statistics")) {
                        keyedState = checkpoint.path("tasks").path(vertex.path("id").asText()).path("state_size").asLong();
                    }
                }
                long heapUsed = 0;
                for (com.fasterxml.jackson.databind.JsonNode tm : rest.get("/taskmanagers").path("taskmanagers")) {
                    for (com.fasterxml.jackson.databind.JsonNode m : rest.get("/taskmanagers/" + tm.path("id").asText()
                            + "/metrics?get=Status.JVM.Memory.Heap.Used")) {
                        heapUsed += m.path("value").asLong();
                    }
                }
                rest.cancel(job, Duration.ofSeconds(60));
                Pumpctl.out.printf("%,d pumps, %,d readings: keyed state (admission and statistics window) %,d bytes "
                                + "in checkpoint %d, %,d bytes per pump; whole checkpoint %,d bytes; TaskManager heap "
                                + "used %,d MB%n", pumps, readings, keyedState, checkpoint.path("id").asLong(),
                        keyedState / pumps, checkpoint.path("state_size").asLong(), heapUsed >> 20);
                Map<String, Object> figures = new java.util.LinkedHashMap<>();
                figures.put("pumps", pumps);
                figures.put("readings", readings);
                figures.put("keyed_state_bytes", keyedState);
                figures.put("bytes_per_pump", keyedState / pumps);
                figures.put("checkpoint_bytes", checkpoint.path("state_size").asLong());
                figures.put("tm_heap_used_mb", heapUsed >> 20);
                common.record("state", 1, figures);
                removeRun(hbase, common, id);
            }
        }
    }

    @Command(name = "jmh", description = "Runs the JMH benchmarks of the parser and the converters (benchmarks/), "
            + "one fork, figures per core; results also in target/bench/jmh.csv.")
    static final class Jmh implements Callable<Integer> {
        @Parameters(paramLabel = "JMH-OPTION", description = "JMH's own options after --, e.g. -- Parser -f 2 (default: all benchmarks).")
        List<String> jmhOptions = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Path root = Pumpctl.root();
            Path classes = root.resolve("benchmarks/target/classes");
            Path classpath = root.resolve("benchmarks/target/classpath.txt");
            if (!Files.isDirectory(classes) || !Files.isReadable(classpath)) {
                throw new PumpctlException("the benchmarks are not built; build them with "
                        + "'mvn -B package -DskipTests -pl benchmarks -am'");
            }
            Path results = root.resolve("target/bench/jmh.csv");
            Files.createDirectories(results.getParent());
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classes + java.io.File.pathSeparator + Files.readString(classpath).strip(),
                    "org.openjdk.jmh.Main", "-rf", "csv", "-rff", results.toString()));
            command.addAll(jmhOptions);
            Process jmh = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
            int exit = jmh.waitFor();
            if (exit == 0) {
                Pumpctl.out.println("results: " + root.relativize(results));
            }
            return exit == 0 ? 0 : 1;
        }
    }
}
