package org.pumpmonitor.pumpctl.bench;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.pumpmonitor.core.hbase.HBaseClientConfig;
import org.pumpmonitor.core.options.Durations;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.flink.FlinkRest;
import org.pumpmonitor.pumpctl.flink.JobSubmission;
import org.pumpmonitor.pumpctl.flink.Savepoints;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import org.pumpmonitor.pumpctl.local.LocalCluster;
import org.pumpmonitor.pumpctl.local.StackFiles;
import org.pumpmonitor.pumpctl.stack.PipelineSetup;
import org.pumpmonitor.simulator.Simulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code pumpctl bench soak}: a long run of the job under steady load with faults in rotation, on
 * a local stack of its own, and a verdict that does not trust the job: what is stored and published
 * is compared with what Kafka acknowledged to the load ({@link SoakCheck}); every fault must be
 * recovered (consumer lag under 10 s) within 60 s of its end; after the first 10 minutes, memory
 * and checkpoint size must not grow by more than 10 %; no checkpoint may fail outside a fault's
 * window. Writes the figures over time (CSV and PNG), the log of faults and the report to
 * {@code --out}, and ends with one line, {@code soak: PASS ...} or {@code soak: FAIL ...}.
 */
@Command(name = "soak", description = "Runs the job for --duration under a steady synthetic load with faults in rotation "
        + "(TaskManager kill -9, HBase frozen, Kafka restarted, job cancelled and resumed, savepoint and rescale, HBase "
        + "restarted) on a local stack of its own, then checks what is stored against what was sent. Ends with "
        + "'soak: PASS' (exit 0) or 'soak: FAIL' (exit 1) and the figures; CSV, PNG and report in --out.")
final class SoakBenchmark extends ConsoleCommand {

    static final double RECOVERED_LAG_SECONDS = 10;
    static final double RECOVERY_LIMIT_SECONDS = 60;
    static final double STEADY_SECONDS = 10;
    static final double GROWTH_LIMIT = 0.10;
    static final Duration GROWTH_JUDGED_FROM = Duration.ofMinutes(15);
    private static final List<String> FLINK_JVMS = List.of("flink-jobmanager", "flink-taskmanager");

    @Option(names = "--duration", defaultValue = "1 h", description = "How long the load runs (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--rate", defaultValue = "5000", description = "Readings per second sent (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--pumps", defaultValue = "1000", description = "Synthetic pumps (default: ${DEFAULT-VALUE}).")
    int pumps;

    @Option(names = "--fault-every", defaultValue = "5 min", description = "Time between faults (default: ${DEFAULT-VALUE}).")
    String faultEvery;

    @Option(names = "--faults", split = ",", defaultValue = "taskmanager-kill,hbase-freeze,kafka-restart,cancel-resume,"
            + "savepoint-rescale,hbase-restart", description = "The faults, in the order of their rotation "
            + "(default: ${DEFAULT-VALUE}).")
    List<String> faults;

    @Option(names = "--freeze-for", defaultValue = "60 s", description = "How long hbase-freeze holds HBase stopped "
            + "(default: ${DEFAULT-VALUE}).")
    String freezeFor;

    @Option(names = "--sample-every", defaultValue = "5 s", description = "Time between samples of the figures "
            + "(default: ${DEFAULT-VALUE}).")
    String sampleEvery;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the readings topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--seed", defaultValue = "23", description = "Seed of the load (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dir", defaultValue = ".local-soak", description = "The soak's own local stack, made afresh "
            + "(default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--out", defaultValue = "target/soak", description = "Where the CSV, the PNG, the report and the "
            + "sent log go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--keep-stack", description = "Leave the stack and the job running at the end.")
    boolean keepStack;

    @Parameters(paramLabel = "JOB-OPTION", description = "Options of the job, after --")
    List<String> jobOptions = new ArrayList<>();

    SoakBenchmark(Console console) {
        super(console);
    }

    /** A fault as it happened: seconds since the start when it began, ended and was recovered (NaN: never). */
    record FaultRun(int number, SoakFault fault, double began, double ended, double recovered, String error) {
        double recoverySeconds() {
            return recovered - ended;
        }
    }

    @Override
    public Integer call() throws Exception {
        Duration load = Durations.parse(duration);
        Duration every = Durations.parse(faultEvery);
        Duration freeze = Durations.parse(freezeFor);
        Duration sampling = Durations.parse(sampleEvery);
        List<SoakFault> rotation = faults.stream().map(SoakFault::of).toList();
        for (JobOptions.Option<?> option : MODELLED) {
            if (jobOptions.contains("--" + option.name)) {
                throw new IllegalArgumentException("the soak's checker assumes --" + option.name + " at its default ("
                        + option.defaultValue + "); run the soak without it");
            }
        }
        if (rate < 1 || pumps < 1 || partitions < 1 || load.isZero() || every.isZero() || sampling.isZero()) {
            throw new IllegalArgumentException("--rate, --pumps, --partitions, --duration, --fault-every and "
                    + "--sample-every must be positive");
        }
        PrintStream say = console.out();
        Path outDir = console.root().resolve(out);
        Path stackDir = console.root().resolve(dir);
        Files.createDirectories(outDir);
        say.printf("soak: %s at %,d readings/s from %,d pumps, a fault every %s (%s), stack in %s, figures in %s%n",
                duration, rate, pumps, faultEvery, String.join(", ", faults), stackDir, outDir);

        LocalCluster cluster = LocalCluster.silent(console.root(), stackDir);
        makeAfresh(cluster, stackDir);
        long started = System.nanoTime();
        Run run = new Run(cluster, freeze);
        try {
            cluster.up();
            say.printf("stack up in %.0f s%n", (System.nanoTime() - started) / 1e9);
            run.setUp();
            return run.soak(load, every, sampling, rotation, outDir);
        } catch (Exception e) {
            // Whatever ends the soak early, it ends with its verdict line.
            say.println("soak: FAIL the soak could not finish: " + e);
            return 1;
        } finally {
            if (!keepStack) {
                run.cancelJob();
                try {
                    cluster.down();
                } catch (Exception e) {
                    console.err().println("soak: could not stop the stack in " + stackDir + ": " + e.getMessage()
                            + " (./pumpctl local down --dir " + stackDir + ")");
                }
            }
        }
    }

    /**
     * Stops a stack the soak left in the directory and deletes it, refusing a directory that holds
     * something else (an empty or missing one is made).
     */
    private static void makeAfresh(LocalCluster cluster, Path stackDir) throws Exception {
        Path marker = stackDir.resolve(MARKER);
        if (Files.isDirectory(stackDir) && !Files.exists(marker)) {
            try (Stream<Path> entries = Files.list(stackDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--dir " + stackDir + " holds files bench soak did not make; "
                            + "give an empty or new directory (the soak deletes its stack directory at each start)");
                }
            }
        }
        cluster.down();
        StackFiles.deleteRecursively(stackDir);
        Files.createDirectories(stackDir);
        Files.writeString(marker, "made by pumpctl bench soak; deleted at its next start\n");
    }

    /** Options of the job the checker's rules assume at their defaults; the soak refuses them. */
    static final List<JobOptions.Option<?>> MODELLED = List.of(JobOptions.KAFKA_TOPIC, JobOptions.KAFKA_GROUP_ID,
            JobOptions.KAFKA_ALARM_TOPIC, JobOptions.SENSOR_TABLE, JobOptions.DEAD_LETTER_TABLE, JobOptions.TIME_ZONE,
            JobOptions.OUT_OF_ORDERNESS, JobOptions.ALLOWED_LATENESS, JobOptions.DUPLICATE_RETENTION,
            JobOptions.PSI_THRESHOLD, JobOptions.ALARM_RAISE_AFTER, JobOptions.ALARM_CLEAR_HYSTERESIS,
            JobOptions.ALARM_CLEAR_AFTER, JobOptions.MAX_TIME_AHEAD, JobOptions.KAFKA_BOOTSTRAP_SERVERS,
            JobOptions.HBASE_ZOOKEEPER_QUORUM);

    static final String MARKER = ".made-by-bench-soak";

    /** One soak: the job, its faults and the figures. */
    private final class Run implements SoakFault.Context {
        private final LocalCluster cluster;
        private final Duration freeze;
        private final FlinkRest flink = new FlinkRest(LocalAddresses.FLINK_URL);
        private final List<String> options = new ArrayList<>();
        private volatile String job;
        private int parallelism;
        private long soakStart;

        Run(LocalCluster cluster, Duration freeze) {
            this.cluster = cluster;
            this.freeze = freeze;
        }

        void setUp() throws Exception {
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            new PipelineSetup(new Console(quiet, console.err(), console.root())).setUp(LocalAddresses.KAFKA_BOOTSTRAP,
                    topic(), partitions, LocalAddresses.ZOOKEEPER, JobOptions.SENSOR_TABLE.defaultValue,
                    JobOptions.DEAD_LETTER_TABLE.defaultValue);
            options.addAll(List.of(
                    "--" + JobOptions.KAFKA_BOOTSTRAP_SERVERS.name, LocalAddresses.KAFKA_BOOTSTRAP,
                    "--" + JobOptions.HBASE_ZOOKEEPER_QUORUM.name, LocalAddresses.ZOOKEEPER,
                    "--" + JobOptions.JOB_NAME.name, "pump-monitor soak"));
            options.addAll(jobOptions);
            parallelism = flink.defaultParallelism();
            job = submit(null);
        }

        String topic() {
            return JobSubmission.option(jobOptions, JobOptions.KAFKA_TOPIC);
        }

        String group() {
            return JobSubmission.option(jobOptions, JobOptions.KAFKA_GROUP_ID);
        }

        private String submit(String state) throws Exception {
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            String id = new JobSubmission(LocalAddresses.FLINK_URL, new Console(quiet, quiet, console.root()))
                    .submit(null, parallelism, state, options);
            flink.awaitTasksRunning(id, Duration.ofMinutes(3));
            return id;
        }

        int soak(Duration load, Duration every, Duration sampling, List<SoakFault> rotation, Path outDir)
                throws Exception {
            PrintStream say = console.out();
            SoakExpectation expected = new SoakExpectation(SoakLoad.START.toInstant(ZoneOffset.UTC));
            List<FaultRun> done = new ArrayList<>();
            soakStart = System.nanoTime();
            ScheduledExecutorService sampling2 = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "soak-sampler");
                t.setDaemon(true);
                return t;
            });
            try (SoakLoad traffic = new SoakLoad(LocalAddresses.KAFKA_BOOTSTRAP, topic(), pumps, rate, load, seed,
                    expected, outDir.resolve("sent.csv"));
                 SoakSampler sampler = new SoakSampler(cluster, topic(), group(), rate, traffic::acknowledged,
                         () -> job, sampling.toMillis(), soakStart, outDir.resolve("soak.csv"))) {
                long progressEvery = Math.max(1, TimeUnit.SECONDS.toMillis(60) / sampling.toMillis());
                long[] taken = {0};
                // With a fixed delay, samples that waited on a service that is down are not followed by a burst.
                sampling2.scheduleWithFixedDelay(() -> {
                    try {
                        SoakSampler.Sample s = sampler.sample();
                        if (taken[0]++ % progressEvery == 0) {
                            sampler.printProgress(s, say);
                        }
                    } catch (Exception e) {
                        console.err().println("soak: a sample failed: " + e.getMessage());
                    }
                }, 0, sampling.toMillis(), TimeUnit.MILLISECONDS);
                traffic.start();
                // Memory after GC (heap, metaspace, resident) is judged from two measurements under load,
                // halfway between faults: after the first 10 minutes, and at the end. The Flink JVMs are also
                // measured halfway between the faults in between, to tell a level from a creep.
                long judged = load.compareTo(GROWTH_JUDGED_FROM) >= 0 ? 1 : 0;
                long baselineAt = judged * (TimeUnit.MINUTES.toNanos(10) + every.toNanos() / 2);
                long lastAt = judged * (load.toNanos() - Math.min(every.toNanos() / 2, TimeUnit.SECONDS.toNanos(30)));
                List<MemoryPoint> memory = new ArrayList<>();
                int number = 0;
                for (long at = every.toNanos(); at + TimeUnit.SECONDS.toNanos(60) <= load.toNanos();
                     at += every.toNanos()) {
                    long midway = at - every.toNanos() / 2;
                    if (baselineAt > 0 && baselineAt < at && memory.isEmpty()) {
                        awaitUntil(baselineAt, traffic);
                        memory.add(measureMemory(sampler, "after the first 10 minutes", SoakSampler.JVMS, outDir));
                    } else if (!memory.isEmpty() && midway < lastAt) {
                        awaitUntil(midway, traffic);
                        memory.add(measureMemory(sampler, "between faults", FLINK_JVMS, outDir));
                    }
                    awaitUntil(at, traffic);
                    if (!traffic.running()) {
                        break; // the load failed: finish() says why
                    }
                    SoakFault fault = rotation.get(number % rotation.size());
                    number++;
                    done.add(inject(number, fault));
                }
                if (lastAt > 0 && !memory.isEmpty()) {
                    awaitUntil(lastAt, traffic);
                    memory.add(measureMemory(sampler, "at the end", SoakSampler.JVMS, outDir));
                }
                awaitUntil(load.toNanos(), traffic);
                Simulation.Summary sent = traffic.finish(Duration.ofMinutes(10));
                say.printf("%s load done: %s%n", clock(), sent);
                double caughtUp = awaitCaughtUp(sampler, Duration.ofMinutes(15));
                say.printf("%s job caught up%s%n", clock(), Double.isNaN(caughtUp) ? " NOT within 15 min" : "");
                List<String> differences = check(expected);
                stop(sampling2);
                Verdict verdict = new Verdict(expected, sent, traffic.firstError(), differences,
                        recoveries(done, sampler.samples()), sampler.samples(), Double.isNaN(caughtUp));
                verdict.growth(sampler.samples(), baselineAt / 1e9, lastAt / 1e9, memory);
                verdict.write(outDir.resolve("soak-report.txt"), say);
                sampler.close();
                List<SoakChart.Mark> marks = verdict.faults.stream().map(f -> new SoakChart.Mark(
                        f.number() + " " + f.fault().label, f.began() / 60, f.ended() / 60)).toList();
                try {
                    SoakChart.draw(outDir.resolve("soak.csv"), marks, outDir.resolve("soak.png"));
                } catch (Exception e) {
                    console.err().println("soak: the chart could not be drawn: " + e);
                }
                say.println(verdict.line());
                return verdict.passed() ? 0 : 1;
            } finally {
                stop(sampling2);
            }
        }

        /**
         * The JVMs' heap, metaspace and resident memory after full collections; their class histograms go to
         * {@code memory/} in the output directory. When HBase is measured it first writes its memstores to
         * disk and empties its block cache: both fill with the load by design, up to their configured
         * shares of the heap, and would hide what HBase itself keeps.
         */
        private MemoryPoint measureMemory(SoakSampler sampler, String when, List<String> jvms, Path outDir)
                throws InterruptedException, IOException {
            String emptied = jvms.contains("hbase") ? " (HBase " + emptyHBaseCaches() + ")" : "";
            double minutes = seconds() / 60;
            Map<String, JvmWatch.AfterGc> memory = sampler.afterFullGc(jvms);
            Path histograms = Files.createDirectories(outDir.resolve("memory"));
            for (Map.Entry<String, JvmWatch.AfterGc> jvm : memory.entrySet()) {
                Files.writeString(histograms.resolve(String.format(Locale.ROOT, "%s-%04.1f-min.histo", jvm.getKey(),
                        minutes)), jvm.getValue().histogram(), StandardCharsets.UTF_8);
            }
            console.out().printf("%s after full GCs, %s%s: heap %s, metaspace %s, resident %s MB%n", clock(),
                    when, emptied, figures(memory, JvmWatch.AfterGc::heapMb),
                    figures(memory, JvmWatch.AfterGc::metaspaceMb), figures(memory, JvmWatch.AfterGc::residentMb));
            return new MemoryPoint(minutes, memory);
        }

        private static List<String> figures(Map<String, JvmWatch.AfterGc> memory,
                                            java.util.function.ToDoubleFunction<JvmWatch.AfterGc> figure) {
            return memory.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(),
                    figure.applyAsDouble(e.getValue()))).toList();
        }

        /** Flushes every table's memstore and empties its block cache; says what it did or why not. */
        private String emptyHBaseCaches() {
            try (Connection hbase = ConnectionFactory.createConnection(
                    HBaseClientConfig.configuration(LocalAddresses.ZOOKEEPER));
                 Admin admin = hbase.getAdmin()) {
                List<TableName> tables = List.of(admin.listTableNames());
                for (TableName table : tables) {
                    admin.flush(table);
                    admin.clearBlockCache(table);
                }
                return "flushed and block cache emptied, " + tables.size() + " tables";
            } catch (IOException e) {
                return "not flushed: " + e.getMessage();
            }
        }

        private static void stop(ScheduledExecutorService sampling) throws InterruptedException {
            sampling.shutdownNow();
            if (!sampling.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the sampler did not stop within 60 s");
            }
        }

        private FaultRun inject(int number, SoakFault fault) {
            PrintStream say = console.out();
            double began = seconds();
            say.printf("%s fault %d: %s begins%n", clock(), number, fault.label);
            String error = null;
            try {
                fault.inject(this);
            } catch (Exception e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                say.printf("%s fault %d: %s could not be carried out: %s%n", clock(), number, fault.label, error);
            }
            double ended = seconds();
            say.printf("%s fault %d: %s ends after %.1f s%n", clock(), number, fault.label, ended - began);
            return new FaultRun(number, fault, began, ended, Double.NaN, error);
        }

        /** Waits until {@code at} nanoseconds after the start, while the load runs. */
        private void awaitUntil(long at, SoakLoad traffic) throws InterruptedException {
            while (System.nanoTime() - soakStart < at && traffic.running()) {
                Thread.sleep(Math.min(1000, Math.max(1, (at - (System.nanoTime() - soakStart)) / 1_000_000)));
            }
        }

        /** Polls until every record sent is covered by a checkpoint; returns when (seconds), NaN on timeout. */
        private double awaitCaughtUp(SoakSampler sampler, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (sampler.behind() == 0) {
                    return seconds();
                }
                Thread.sleep(1000);
            }
            return Double.NaN;
        }

        /**
         * The checker's differences, once the stored data stops changing: the current day's statistics
         * follow the readings by up to the early-firing interval, so a first look may find them behind.
         */
        private List<String> check(SoakExpectation expected) throws Exception {
            Duration early = Durations.parse(JobSubmission.option(options, JobOptions.EARLY_FIRING_INTERVAL));
            long deadline = System.nanoTime() + early.plusMinutes(3).toNanos();
            try (Connection hbase = ConnectionFactory.createConnection(
                    HBaseClientConfig.configuration(LocalAddresses.ZOOKEEPER))) {
                SoakCheck check = new SoakCheck(expected, hbase, JobOptions.SENSOR_TABLE.defaultValue,
                        JobOptions.DEAD_LETTER_TABLE.defaultValue, LocalAddresses.KAFKA_BOOTSTRAP,
                        JobSubmission.option(options, JobOptions.KAFKA_ALARM_TOPIC));
                while (true) {
                    long began = System.nanoTime();
                    List<String> differences = check.differences();
                    console.out().printf("%s checked in %.0f s: %s%n", clock(), (System.nanoTime() - began) / 1e9,
                            differences.isEmpty() ? "exact" : differences.size() + " differences");
                    if (differences.isEmpty() || System.nanoTime() > deadline) {
                        return differences;
                    }
                    Thread.sleep(15_000); // a look again after a while, not a synchronisation
                }
            }
        }

        @Override
        public LocalCluster cluster() {
            return cluster;
        }

        @Override
        public Duration freezeFor() {
            return freeze;
        }

        @Override
        public void cancelAndResume() throws Exception {
            flink.cancel(job, Duration.ofMinutes(3));
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            String state = new JobSubmission(LocalAddresses.FLINK_URL, new Console(quiet, quiet, console.root()))
                    .newestState(options);
            console.out().printf("%s   resuming from %s%n", clock(), state);
            job = submit(state);
        }

        @Override
        public void stopAndRescale() throws Exception {
            flink.awaitTasksRunning(job, Duration.ofMinutes(3));
            String savepoint = new Savepoints(flink).stopWithSavepoint(job,
                    cluster.dir().resolve("savepoints").toUri().toString());
            parallelism = parallelism == 1 ? 2 : 1;
            console.out().printf("%s   resuming from %s at parallelism %d%n", clock(), savepoint, parallelism);
            job = submit(savepoint);
        }

        void cancelJob() {
            try {
                if (job != null && FlinkRest.active(flink.state(job))) {
                    flink.cancel(job, Duration.ofMinutes(1));
                }
            } catch (Exception e) {
                console.err().println("soak: could not cancel job " + job + ": " + e.getMessage());
            }
        }

        private double seconds() {
            return (System.nanoTime() - soakStart) / 1e9;
        }

        private String clock() {
            double s = seconds();
            return String.format(Locale.ROOT, "%s +%d:%02d", LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                    (long) s / 60, (long) s % 60);
        }
    }

    /**
     * Each fault with the time its recovery was seen: the first sample after the fault's end from
     * which the consumer lag stays under 10 s for at least 10 s of samples, once a checkpoint taken
     * after the fault's end committed readings (the job stores again, not only reads).
     */
    static List<FaultRun> recoveries(List<FaultRun> faults, List<SoakSampler.Sample> samples) {
        List<FaultRun> out = new ArrayList<>();
        for (FaultRun f : faults) {
            double atEnd = Double.NaN;
            double recovered = Double.NaN;
            for (int i = 0; i < samples.size() && Double.isNaN(recovered); i++) {
                SoakSampler.Sample first = samples.get(i);
                if (first.seconds() < f.ended()) {
                    continue;
                }
                if (Double.isNaN(atEnd)) {
                    atEnd = first.get("checkpointed"); // unknown while Kafka does not answer
                    continue;
                }
                if (!(first.get("checkpointed") > atEnd)) {
                    continue;
                }
                boolean steady = false;
                for (int k = i; k < samples.size(); k++) {
                    SoakSampler.Sample s = samples.get(k);
                    if (!(s.get("lag_s") < RECOVERED_LAG_SECONDS)) {
                        break;
                    }
                    if (s.seconds() - first.seconds() >= STEADY_SECONDS) {
                        steady = true;
                        break;
                    }
                }
                if (steady) {
                    recovered = first.seconds();
                }
            }
            out.add(new FaultRun(f.number(), f.fault(), f.began(), f.ended(), recovered, f.error()));
        }
        return out;
    }

    /** The JVMs' memory after full collections, measured at one minute of the soak. */
    record MemoryPoint(double minutes, Map<String, JvmWatch.AfterGc> jvms) {}

    /** What holds and what does not, with the figures. */
    static final class Verdict {
        final List<FaultRun> faults;
        private final SoakExpectation expected;
        private final Simulation.Summary sent;
        private final List<String> differences;
        private final List<String> failures = new ArrayList<>();
        private final List<String> figures = new ArrayList<>();

        Verdict(SoakExpectation expected, Simulation.Summary sent, String recordingError, List<String> differences,
                List<FaultRun> faults, List<SoakSampler.Sample> samples, boolean notCaughtUp) {
            this.expected = expected;
            this.sent = sent;
            this.differences = differences;
            this.faults = faults;
            if (notCaughtUp) {
                failures.add("the job did not catch up within 15 minutes of the load's end");
            }
            if (recordingError != null) {
                failures.add("the soak could not record what Kafka acknowledged: " + recordingError);
            }
            if (sent.failed() > 0) {
                failures.add(sent.failed() + " records could not be sent (" + sent.firstError() + ")");
            }
            if (!differences.isEmpty()) {
                failures.add(differences.size() + " differences between what is stored and what was sent");
            }
            for (FaultRun f : faults) {
                if (f.error() != null) {
                    failures.add("fault " + f.number() + " " + f.fault().label + " failed: " + f.error());
                } else if (Double.isNaN(f.recovered())) {
                    failures.add("fault " + f.number() + " " + f.fault().label + " never recovered");
                } else if (f.recoverySeconds() > RECOVERY_LIMIT_SECONDS) {
                    failures.add(String.format(Locale.ROOT, "fault %d %s recovered %.0f s after its end (limit %.0f s)",
                            f.number(), f.fault().label, f.recoverySeconds(), RECOVERY_LIMIT_SECONDS));
                }
            }
            checkpointFailures(samples);
        }

        /**
         * Checkpoints that failed outside every fault's window (from its beginning to its recovery)
         * and after the job's first completed checkpoint (a checkpoint triggered while the tasks
         * still deploy is declined, as after any restart).
         */
        private void checkpointFailures(List<SoakSampler.Sample> samples) {
            double firstCompleted = samples.stream().filter(s -> s.get("checkpoint_s") >= 0)
                    .mapToDouble(SoakSampler.Sample::seconds).findFirst().orElse(Double.MAX_VALUE);
            int outside = 0;
            for (int i = 1; i < samples.size(); i++) {
                double before = samples.get(i - 1).get("failed_checkpoints");
                double now = samples.get(i).get("failed_checkpoints");
                if (now > before) {
                    double t = samples.get(i).seconds();
                    boolean inWindow = t <= firstCompleted || faults.stream().anyMatch(f -> t >= f.began()
                            && t <= (Double.isNaN(f.recovered()) ? Double.MAX_VALUE : f.recovered() + 10));
                    if (!inWindow) {
                        outside += (int) (now - before);
                        figures.add(String.format(Locale.ROOT, "checkpoint failed outside a fault's window at %.1f min",
                                t / 60));
                    }
                }
            }
            if (outside > 0) {
                failures.add(outside + " checkpoint(s) failed outside the faults' windows");
            }
        }

        /**
         * After the first 10 minutes, each JVM's heap, metaspace and resident memory after full GCs
         * and the checkpoint size stay within 10 % of their level then: the memory as measured at the
         * two points, the checkpoint size as its median over the 2 minutes before each. Between full
         * collections a JVM still holds the classes of stopped jobs until a collection unloads them
         * (the TaskManager's metaspace and resident memory step up at each new job and come down
         * only then): a level there says when the JVM last collected, not what it keeps.
         * A process restarted by a fault in between is compared with the one it replaced (state is
         * restored into the new TaskManager, so its heap must come back to the same level).
         */
        void growth(List<SoakSampler.Sample> samples, double baselineAt, double lastAt, List<MemoryPoint> memory) {
            if (memory.size() < 2) {
                figures.add("memory and state growth: not judged (the load ran less than "
                        + GROWTH_JUDGED_FROM.toMinutes() + " minutes)");
                return;
            }
            Map<String, JvmWatch.AfterGc> memoryAtEnd = memory.get(memory.size() - 1).jvms();
            memory.get(0).jvms().forEach((jvm, at10) -> {
                JvmWatch.AfterGc atEnd = memoryAtEnd.get(jvm);
                judge(jvm + " heap after GC (MB)", at10.heapMb(), atEnd.heapMb());
                if (atEnd.heapMb() > at10.heapMb() * (1 + GROWTH_LIMIT / 2)) {
                    at10.classes().grewMost(atEnd.classes(), 6).forEach(c -> figures.add("    more of " + c));
                }
                judge(jvm + " metaspace after GC (MB)", at10.metaspaceMb(), atEnd.metaspaceMb());
                judge(jvm + " resident after GC (MB)", at10.residentMb(), atEnd.residentMb());
            });
            // The JVMs of the second point: the Flink JVMs when they were measured between faults, else all.
            for (String jvm : memory.get(1).jvms().keySet()) {
                figures.add(String.format(Locale.ROOT, "%s heap after GC over time (minute: MB): %s", jvm,
                        String.join(", ", memory.stream().filter(p -> p.jvms().containsKey(jvm))
                                .map(p -> String.format(Locale.ROOT, "%.1f: %.1f", p.minutes(),
                                        p.jvms().get(jvm).heapMb())).toList())));
            }
            judge("checkpoint size (MB)", level(samples, "checkpoint_mb", baselineAt - 120, baselineAt),
                    level(samples, "checkpoint_mb", lastAt - 120, lastAt));
        }

        private void judge(String what, double at10, double last) {
            if (Double.isNaN(at10) || Double.isNaN(last)) {
                failures.add(what + " was not measured");
                return;
            }
            double change = last / at10 - 1;
            figures.add(String.format(Locale.ROOT, "%-34s %9.1f after 10 min, %9.1f at the end (%+.1f %%)", what,
                    at10, last, change * 100));
            if (change > GROWTH_LIMIT) {
                failures.add(String.format(Locale.ROOT, "%s grew %.1f %% after the first 10 minutes", what,
                        change * 100));
            }
        }

        /** The median of a column over the samples between two times (NaN: none). */
        private static double level(List<SoakSampler.Sample> samples, String column, double from, double to) {
            double[] values = samples.stream().filter(s -> s.seconds() >= from && s.seconds() <= to)
                    .mapToDouble(s -> s.get(column)).filter(v -> !Double.isNaN(v)).sorted().toArray();
            return values.length == 0 ? Double.NaN : values[values.length / 2];
        }

        boolean passed() {
            return failures.isEmpty();
        }

        double maxRecovery() {
            return faults.stream().mapToDouble(FaultRun::recoverySeconds).filter(d -> !Double.isNaN(d)).max().orElse(0);
        }

        String line() {
            return String.format(Locale.ROOT, "soak: %s %,d records sent, %,d readings, %,d dead letters, %d faults, "
                            + "longest recovery %.0f s after a fault's end, %d differences%s",
                    passed() ? "PASS" : "FAIL", sent.acknowledged(), expected.readings(), expected.deadLetters,
                    faults.size(), maxRecovery(), differences.size(),
                    passed() ? "" : "; " + String.join("; ", failures));
        }

        void write(Path report, PrintStream say) throws IOException {
            List<String> lines = new ArrayList<>();
            lines.add("sent: " + sent);
            lines.add("faults (seconds since the start; recovered: lag under 10 s for 10 s, a checkpoint after the fault's end):");
            for (FaultRun f : faults) {
                lines.add(String.format(Locale.ROOT, "  %2d %-18s began %7.1f, ended %7.1f (%5.1f s), recovered %s%s",
                        f.number(), f.fault().label, f.began(), f.ended(), f.ended() - f.began(),
                        Double.isNaN(f.recovered()) ? "never" : String.format(Locale.ROOT, "%7.1f: %5.1f s after its end, "
                                + "%5.1f s after it began", f.recovered(), f.recoverySeconds(), f.recovered() - f.began()),
                        f.error() == null ? "" : " (" + f.error() + ")"));
            }
            lines.addAll(figures);
            lines.add(differences.isEmpty() ? "stored = sent: every reading, alarm, late mark and dead letter once, "
                    + "statistics exact, episodes and alarm events each once and in order"
                    : "differences:");
            differences.forEach(d -> lines.add("  " + d));
            failures.forEach(f -> lines.add("FAIL: " + f));
            Files.write(report, lines, StandardCharsets.UTF_8);
            lines.forEach(say::println);
        }
    }
}
