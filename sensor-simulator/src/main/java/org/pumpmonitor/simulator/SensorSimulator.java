package org.pumpmonitor.simulator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Feeds the pump-monitor Kafka topic: replays a CSV file or generates synthetic pumps, at a
 * chosen rate, with faults on demand. {@code --help} lists the options.
 */
@Command(
        name = "sensor-simulator",
        mixinStandardHelpOptions = true,
        version = "pump-monitor sensor-simulator 0.1.0",
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Sends pump sensor readings (resid,date,time,hz,disp,flo,sedPPM,psi,chlPPM) to Kafka, keyed by pump id.",
            "Without --replay it generates synthetic pumps, one reading per pump per simulated minute.",
            "Faults take a fraction (0.01 or 1%%: each record with that probability) or a count (25: spread evenly;",
            "needs --count, --duration or --replay)."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:everything sent was acknowledged", "1:a send failed or Kafka/the file could not be used",
            "2:wrong options"})
public final class SensorSimulator implements Callable<Integer> {

    @Option(names = "--kafka.bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "localhost:9092", description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--kafka.topic", paramLabel = "TOPIC", defaultValue = "pump-sensor", description = "Kafka topic; must exist (default: ${DEFAULT-VALUE}).")
    String topic;

    /** The spelling before the job's: still read, with a warning. */
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", hidden = true)
    void deprecatedBootstrapServers(String value) {
        err.println("sensor-simulator: --bootstrap-servers is deprecated; use --kafka.bootstrap-servers");
        bootstrapServers = value;
    }

    /** The spelling before the job's: still read, with a warning. */
    @Option(names = "--topic", paramLabel = "TOPIC", hidden = true)
    void deprecatedTopic(String value) {
        err.println("sensor-simulator: --topic is deprecated; use --kafka.topic");
        topic = value;
    }

    @Option(names = "--replay", paramLabel = "FILE", description = "Replay this CSV file instead of generating pumps.")
    Path replay;

    @Option(names = "--file-order", description = "With --replay: keep the file's order instead of sorting by event time across pumps.")
    boolean fileOrder;

    @Option(names = "--pumps", paramLabel = "N", defaultValue = "10", description = "Synthetic pumps (default: ${DEFAULT-VALUE}).")
    int pumps;

    @Option(names = "--start", paramLabel = "DATE-TIME", description = "Simulated time of the first reading, e.g. 2014-03-10T00:00 (default: now, UTC, to the minute).")
    String start;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Simulated time to generate, e.g. 90 min, 12 h, 5 d (default: until --count or stopped).")
    String duration;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "Readings to generate; 0 = no limit (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0", description = "Records per second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--speedup", paramLabel = "X", defaultValue = "0", description = "Pace by event time, X times real time; 0 = off (default: ${DEFAULT-VALUE}).")
    double speedup;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Random seed: the same seed gives the same records (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--low-pressure", defaultValue = "0", paramLabel = "AMOUNT", description = "Readings that start a low-pressure episode (psi under 5 for 3-10 readings) (default: ${DEFAULT-VALUE}).")
    String lowPressure;

    @Option(names = "--malformed", defaultValue = "0", paramLabel = "AMOUNT", description = "Records followed by a malformed line, cycling through every kind (default: ${DEFAULT-VALUE}).")
    String malformed;

    @Option(names = "--out-of-order", defaultValue = "0", paramLabel = "AMOUNT", description = "Readings sent late by up to --out-of-order-bound (default: ${DEFAULT-VALUE}).")
    String outOfOrder;

    @Option(names = "--out-of-order-bound", defaultValue = "3 min", paramLabel = "DURATION", description = "Event-time bound of out-of-order readings (default: ${DEFAULT-VALUE}).")
    String outOfOrderBound;

    @Option(names = "--late", defaultValue = "0", paramLabel = "AMOUNT", description = "Readings sent --late-by after their time (default: ${DEFAULT-VALUE}).")
    String late;

    @Option(names = "--late-by", defaultValue = "2 h", paramLabel = "DURATION", description = "How late late readings are, in event time (default: ${DEFAULT-VALUE}).")
    String lateBy;

    @Option(names = "--duplicates", defaultValue = "0", paramLabel = "AMOUNT", description = "Records sent twice (default: ${DEFAULT-VALUE}).")
    String duplicates;

    @Option(names = "--silence", defaultValue = "0", paramLabel = "AMOUNT", description = "Readings that start a silence: their pump sends nothing for --silence-for (default: ${DEFAULT-VALUE}).")
    String silence;

    @Option(names = "--silence-for", defaultValue = "30 min", paramLabel = "DURATION", description = "Event time a silent pump sends nothing (default: ${DEFAULT-VALUE}).")
    String silenceFor;

    @Option(names = "--dry-run", description = "Write the lines to standard output instead of Kafka.")
    boolean dryRun;

    @Option(names = "--quiet", description = "No progress lines, only the final summary.")
    boolean quiet;

    @Option(names = "--progress-interval", defaultValue = "5 s", paramLabel = "DURATION", description = "Time between progress lines on standard error (default: ${DEFAULT-VALUE}).")
    String progressInterval;

    private final PrintStream out;
    private final PrintStream err;
    private final AtomicBoolean stop = new AtomicBoolean();

    private SensorSimulator(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs the simulator as the command line would, with {@code out} as standard output (help,
     * dry-run lines) and {@code err} as standard error (progress, summary, errors); returns the
     * exit code.
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        SensorSimulator simulator = new SensorSimulator(out, err);
        CommandLine commandLine = new CommandLine(simulator)
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setParameterExceptionHandler((e, given) -> {
                    err.println("sensor-simulator: " + e.getMessage() + " (see --help)");
                    return 2;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof SimulatorException || e instanceof IllegalArgumentException) {
                        err.println("sensor-simulator: " + e.getMessage());
                        return e instanceof IllegalArgumentException ? 2 : 1;
                    }
                    throw e;
                });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        Iterator<SensorRecord> records = records();
        Pacer pacer = Pacer.realTime(rate, speedup);
        try (RecordSink sink = dryRun
                ? new StdoutRecordSink(out)
                : KafkaRecordSink.open(bootstrapServers, topic)) {
            Simulation simulation = new Simulation(records, pacer, sink, quiet ? null : err,
                    parseDuration("--progress-interval", progressInterval).toMillis());
            CountDownLatch finished = new CountDownLatch(1);
            Thread onCtrlC = new Thread(() -> {
                stop.set(true);
                try {
                    finished.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            Simulation.Summary summary;
            try {
                summary = simulation.run(stop);
            } finally {
                finished.countDown();
            }
            if (!stop.get()) {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            }
            err.println((dryRun ? "dry run: " : "") + summary);
            return summary.failed() > 0 || summary.acknowledged() < summary.sent() ? 1 : 0;
        }
    }

    private Iterator<SensorRecord> records() throws Exception {
        if (rate < 0 || speedup < 0 || count < 0 || pumps < 1) {
            throw new IllegalArgumentException("--rate, --speedup and --count must not be negative, --pumps must be at least 1");
        }
        if (replay != null) {
            if (start != null || duration != null || count > 0) {
                throw new IllegalArgumentException("--start, --duration and --count are for synthetic pumps, not --replay");
            }
            try {
                long lines = ReplayFile.countLines(replay);
                return new FaultInjector(ReplayFile.open(replay, fileOrder), faults(lines), lines, seed);
            } catch (java.io.IOException e) {
                throw new SimulatorException(e.getMessage());
            }
        }
        if (fileOrder) {
            throw new IllegalArgumentException("--file-order goes with --replay");
        }
        LocalDateTime first = start == null
                ? LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES)
                : parseStart(start);
        long limit = count > 0 ? count : Long.MAX_VALUE;
        if (duration != null) {
            long minutes = parseDuration("--duration", duration).toMinutes();
            limit = Math.min(limit, minutes * pumps);
        }
        return new FaultInjector(
                SensorRecord.of(new SyntheticPumps(pumps, first, limit, seed)), faults(limit), limit, seed);
    }

    /** @param total records in the run, {@link Long#MAX_VALUE} if unbounded */
    private Faults faults(long total) {
        return new Faults(
                amount("--low-pressure", lowPressure, total), amount("--malformed", malformed, total),
                amount("--out-of-order", outOfOrder, total), parseDuration("--out-of-order-bound", outOfOrderBound),
                amount("--late", late, total), parseDuration("--late-by", lateBy),
                amount("--duplicates", duplicates, total),
                amount("--silence", silence, total), parseDuration("--silence-for", silenceFor));
    }

    private static LocalDateTime parseStart(String text) {
        try {
            return LocalDateTime.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid --start '" + text + "' (expected e.g. 2014-03-10T00:00)");
        }
    }

    private static FaultAmount amount(String option, String text, long total) {
        FaultAmount amount;
        try {
            amount = FaultAmount.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + option + ": " + e.getMessage());
        }
        if (amount.isCount() && total == Long.MAX_VALUE) {
            throw new IllegalArgumentException("invalid " + option + ": " + FaultAmount.COUNT_NEEDS_LENGTH);
        }
        return amount;
    }

    /** Flink's duration syntax ({@link org.pumpmonitor.core.options.Durations}), with the option's name in the error. */
    static Duration parseDuration(String option, String text) {
        try {
            return org.pumpmonitor.core.options.Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + option + ": " + e.getMessage());
        }
    }
}
