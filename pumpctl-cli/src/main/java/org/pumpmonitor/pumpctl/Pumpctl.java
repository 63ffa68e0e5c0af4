package org.pumpmonitor.pumpctl;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.pumpmonitor.job.JobOptions;
import org.pumpmonitor.job.hbase.HBaseConnections;
import org.pumpmonitor.job.hbase.PumpTables;
import org.pumpmonitor.simulator.SensorSimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** {@code ./pumpctl}: runs, operates and queries the pump-monitor pipeline. */
@Command(name = "pumpctl", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "pumpctl 0.1.0",
        description = "Runs, operates and queries the pump-monitor pipeline.",
        subcommands = {
            Pumpctl.Demo.class, Pumpctl.Local.class, Pumpctl.Setup.class, Pumpctl.Submit.class,
            Pumpctl.Jobs.class, Pumpctl.SavepointCommand.class, Pumpctl.Stop.class, Pumpctl.Simulate.class,
            Pumpctl.QueryCommand.class, Bench.class})
public final class Pumpctl implements Callable<Integer> {

    static PrintStream out = System.out;
    static PrintStream err = System.err;

    public static void main(String[] args) {
        // Hadoop's client logs through java.util.logging here; its notices are not for the user.
        java.util.logging.LogManager.getLogManager().reset();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
        System.exit(run(System.out, System.err, args));
    }

    /** Runs a command line; returns the exit code (0 ok, 1 failure, 2 wrong arguments). */
    public static int run(PrintStream stdout, PrintStream stderr, String... args) {
        out = stdout;
        err = stderr;
        if (args.length > 0 && args[0].equals("simulate")) {
            // Every argument after 'simulate' is the simulator's, exactly as given.
            return Simulate.simulate(java.util.Arrays.asList(args).subList(1, args.length));
        }
        return new CommandLine(new Pumpctl())
                .setOut(new PrintWriter(stdout, true))
                .setErr(new PrintWriter(stderr, true))
                .setParameterExceptionHandler((e, args1) -> {
                    String command = e.getCommandLine().getCommandSpec().qualifiedName();
                    stderr.println(command + ": " + e.getMessage() + " (see " + command + " --help)");
                    return 2;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof PumpctlException || e instanceof IllegalArgumentException
                            || e instanceof IllegalStateException) {
                        stderr.println("pumpctl " + cmd.getCommandName() + ": " + e.getMessage());
                        return 1;
                    }
                    throw e;
                })
                .execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return 2;
    }

    /** The project's root: where ./pumpctl is. */
    static Path root() {
        return Path.of(System.getProperty("pumpctl.root", ".")).toAbsolutePath().normalize();
    }

    /** Options naming the clusters to talk to. */
    static final class Endpoints {
        @Option(names = "--kafka.bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = LocalCluster.KAFKA_BOOTSTRAP,
                description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
        String bootstrapServers;

        @Option(names = "--hbase.zookeeper.quorum", paramLabel = "HOST:PORT", defaultValue = LocalCluster.ZOOKEEPER,
                description = "HBase's ZooKeeper quorum (default: ${DEFAULT-VALUE}).")
        String zookeeper;

        @Option(names = "--hbase.table.sensor", defaultValue = "sensor", description = "HBase table of readings (default: ${DEFAULT-VALUE}).")
        String sensorTable;

        @Option(names = "--hbase.table.dead-letters", defaultValue = "dead_letters", description = "HBase table of dead letters (default: ${DEFAULT-VALUE}).")
        String deadLetterTable;

        // The spellings before pumpctl took the job's: still read, with a warning.
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", hidden = true)
        void deprecatedBootstrapServers(String value) {
            bootstrapServers = deprecated("--bootstrap-servers", "--kafka.bootstrap-servers", value);
        }

        @Option(names = "--zookeeper", paramLabel = "HOST:PORT", hidden = true)
        void deprecatedZookeeper(String value) {
            zookeeper = deprecated("--zookeeper", "--hbase.zookeeper.quorum", value);
        }

        @Option(names = "--sensor-table", hidden = true)
        void deprecatedSensorTable(String value) {
            sensorTable = deprecated("--sensor-table", "--hbase.table.sensor", value);
        }

        @Option(names = "--dead-letter-table", hidden = true)
        void deprecatedDeadLetterTable(String value) {
            deadLetterTable = deprecated("--dead-letter-table", "--hbase.table.dead-letters", value);
        }

        Connection hbase() throws Exception {
            Configuration conf = HBaseConnections.failFast(HBaseConnections.configuration(zookeeper));
            return ConnectionFactory.createConnection(conf);
        }
    }

    /** Warns that an option is spelt the old way; returns its value. */
    static String deprecated(String old, String now, String value) {
        err.println("pumpctl: " + old + " is deprecated; use " + now);
        return value;
    }

    @Command(name = "local", description = "Runs Kafka, HBase and a Flink session cluster as local background processes.")
    static final class Local implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = ".local", scope = CommandLine.ScopeType.INHERIT,
                description = "Data, logs and pid files (default: ${DEFAULT-VALUE}).")
        Path dir;

        LocalCluster cluster() {
            return new LocalCluster(root(), root().resolve(dir), out);
        }

        @Override
        public Integer call() {
            new CommandLine(this).usage(out);
            return 2;
        }

        @Command(name = "up", description = "Starts what is not running and waits until each service answers.")
        int up() throws Exception {
            cluster().up();
            return 0;
        }

        @Command(name = "down", description = "Stops the processes 'up' started, or only the services named; "
                + "'up' starts them again.")
        int down(@Parameters(paramLabel = "SERVICE", arity = "0..*",
                        description = "kafka, hbase, flink-jobmanager or flink-taskmanager (default: all).")
                 List<String> services,
                 @Option(names = "--kill", description = "SIGKILL, as in a crash, instead of a clean stop.")
                 boolean kill) throws Exception {
            List<LocalCluster.Service> only = new ArrayList<>();
            for (String name : services == null ? List.<String>of() : services) {
                only.add(LocalCluster.service(name));
            }
            cluster().down(only, kill);
            return 0;
        }

        @Command(name = "status", description = "Says what runs, its memory and where its log is; exit 0 if everything runs.")
        int status() {
            return cluster().status() ? 0 : 1;
        }
    }

    @Command(name = "setup", description = "Creates the Kafka topic and the HBase tables; running it again changes nothing.")
    static final class Setup implements Callable<Integer> {
        @CommandLine.Mixin
        Endpoints endpoints = new Endpoints();

        @Option(names = "--kafka.topic", defaultValue = "pump-sensor", description = "Kafka topic (default: ${DEFAULT-VALUE}).")
        String topic;

        @Option(names = "--topic", hidden = true)
        void deprecatedTopic(String value) {
            topic = deprecated("--topic", "--kafka.topic", value);
        }

        @Option(names = "--partitions", defaultValue = "3", description = "Partitions of a new topic (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Override
        public Integer call() throws Exception {
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be at least 1");
            }
            setUp(endpoints.bootstrapServers, topic, partitions, endpoints.zookeeper,
                    endpoints.sensorTable, endpoints.deadLetterTable);
            return 0;
        }

        /** The topic and the tables, each created unless it exists; says what it did. */
        static void setUp(String bootstrapServers, String topic, int partitions, String zookeeper,
                          String sensorTable, String deadLetterTable) throws Exception {
            createTopic(bootstrapServers, topic, partitions);
            List<String> done = new PumpTables(sensorTable, deadLetterTable)
                    .createAll(HBaseConnections.configuration(zookeeper));
            done.forEach(out::println);
            if (done.isEmpty()) {
                out.println("tables " + sensorTable + " and " + deadLetterTable + " already exist");
            }
        }

        static void createTopic(String bootstrapServers, String topic, int partitions) throws Exception {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(15, TimeUnit.SECONDS);
                out.println("created topic " + topic + " with " + partitions + " partitions");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new PumpctlException("cannot create topic " + topic + " on " + bootstrapServers + ": "
                            + e.getCause().getMessage());
                }
                out.println("topic " + topic + " already exists");
            } catch (java.util.concurrent.TimeoutException e) {
                throw new PumpctlException("cannot reach Kafka at " + bootstrapServers + " within 15 s");
            }
        }
    }

    @Command(name = "submit", description = "Uploads the job jar to a Flink cluster and runs it; prints the job id.")
    static final class Submit implements Callable<Integer> {
        @Option(names = "--flink", defaultValue = LocalCluster.FLINK_URL, description = "Flink REST API (default: ${DEFAULT-VALUE}).")
        String flink;

        @Option(names = "--parallelism", description = "Parallelism of the job (default: the cluster's).")
        Integer parallelism;

        @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Start from this savepoint or retained "
                + "checkpoint (default: the newest of the earlier jobs on the same topic and consumer group that the "
                + "cluster remembers).")
        String savepoint;

        @Option(names = "--start-without-state", description = "Start with empty state even though the consumer group "
                + "has read the topic before (the days open then count only the readings read from there on).")
        boolean startWithoutState;

        @Option(names = "--jar", paramLabel = "PATH", description = "The job jar (default: flink-job/target/flink-job.jar).")
        Path jar;

        @Option(names = "--unless-running", description = "Do nothing when a job of the same name is running "
                + "already, or starting, restarting or in any other state but finished, cancelled and failed "
                + "(print its id): for set-up scripts that may run twice.")
        boolean unlessRunning;

        @Parameters(paramLabel = "JOB-OPTION", description = "Options of the job, after --, e.g. -- --alarm.psi-threshold 4")
        List<String> jobOptions = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (parallelism != null && parallelism < 1) {
                throw new IllegalArgumentException("--parallelism must be at least 1");
            }
            if (unlessRunning) {
                java.util.Optional<FlinkRest.Job> running = new FlinkRest(flink).jobs().stream()
                        .filter(j -> FlinkRest.active(j.state()) && j.name().equals(jobName(jobOptions)))
                        .findFirst();
                if (running.isPresent()) {
                    out.println(running.get().id());
                    return 0;
                }
            }
            jobJar(jar);
            List<String> options = new ArrayList<>(jobOptions);
            String from = savepoint;
            if (startWithoutState) {
                options.addAll(List.of("--" + JobOptions.START_WITHOUT_STATE.name, "true"));
            } else if (from == null) {
                from = newestState(flink, jobOptions);
            }
            out.println(submit(flink, jar, parallelism, from, options));
            return 0;
        }

        /** The newest state of an earlier job on the same topic and group, or null; says which it took. */
        static String newestState(String flink, List<String> jobOptions) throws Exception {
            java.util.Optional<FlinkRest.StoredState> state = new FlinkRest(flink).newestStateOf(
                    option(jobOptions, JobOptions.KAFKA_TOPIC), option(jobOptions, JobOptions.KAFKA_GROUP_ID));
            state.ifPresent(s -> err.println("resuming from " + s.path() + " (newest state of job " + s.jobId()
                    + "; --start-without-state starts anew)"));
            return state.map(FlinkRest.StoredState::path).orElse(null);
        }

        private static String jobName(List<String> jobOptions) {
            return option(jobOptions, JobOptions.JOB_NAME);
        }

        /** The value of a job option among the arguments, or its default. */
        static String option(List<String> jobOptions, JobOptions.Option<?> option) {
            int i = jobOptions.indexOf("--" + option.name);
            return i >= 0 && i + 1 < jobOptions.size() ? jobOptions.get(i + 1) : option.defaultValue;
        }

        static String submit(String flink, Path jar, Integer parallelism, String savepoint, List<String> jobOptions)
                throws Exception {
            Path jobJar = jobJar(jar);
            FlinkRest rest = new FlinkRest(flink);
            String jarId = rest.uploadJar(jobJar);
            try {
                return rest.run(jarId, jobOptions, parallelism, savepoint);
            } finally {
                // The job keeps its own copy; uploads would otherwise pile up in web.tmpdir.
                try {
                    rest.deleteJar(jarId);
                } catch (Exception e) {
                    err.println("could not delete the uploaded jar " + jarId + " from the cluster: " + e.getMessage());
                }
            }
        }

        private static Path jobJar(Path jar) {
            Path jobJar = jar != null ? jar : root().resolve("flink-job/target/flink-job.jar");
            if (!Files.isReadable(jobJar)) {
                throw new PumpctlException("no job jar at " + jobJar + "; build it with 'mvn -B package -DskipTests'");
            }
            return jobJar;
        }
    }

    @Command(name = "jobs", description = "Lists the cluster's jobs.")
    static final class Jobs implements Callable<Integer> {
        @Option(names = "--flink", defaultValue = LocalCluster.FLINK_URL, description = "Flink REST API (default: ${DEFAULT-VALUE}).")
        String flink;

        @Override
        public Integer call() throws Exception {
            List<FlinkRest.Job> jobs = new FlinkRest(flink).jobs();
            if (jobs.isEmpty()) {
                out.println("(no jobs)");
            }
            for (FlinkRest.Job job : jobs) {
                out.printf("%s  %-10s %s  started %s%n", job.id(), job.state(), job.name(),
                        java.time.Instant.ofEpochMilli(job.startTime()));
            }
            return 0;
        }
    }

    /** The given job, or the only running one. */
    static String runningJob(FlinkRest rest, String jobId) throws Exception {
        if (jobId != null) {
            return jobId;
        }
        List<FlinkRest.Job> running = rest.jobs().stream().filter(j -> j.state().equals("RUNNING")).toList();
        if (running.size() != 1) {
            throw new PumpctlException(running.isEmpty() ? "no job is running"
                    : running.size() + " jobs are running; name one: " + running.stream().map(FlinkRest.Job::id).toList());
        }
        return running.get(0).id();
    }

    /** Which job of which cluster, and where its savepoint goes. */
    static final class SavepointTarget {
        @Option(names = "--flink", defaultValue = LocalCluster.FLINK_URL, description = "Flink REST API (default: ${DEFAULT-VALUE}).")
        String flink;

        @Option(names = "--target-directory", paramLabel = "URI", description = "Where to write it (default: the cluster's state.savepoints.dir).")
        String directory;

        @Parameters(arity = "0..1", paramLabel = "JOB-ID", description = "The job (default: the only running one).")
        String jobId;
    }

    @Command(name = "savepoint", description = "Takes a savepoint of a running job; prints its path.")
    static final class SavepointCommand implements Callable<Integer> {
        @CommandLine.Mixin
        SavepointTarget target = new SavepointTarget();

        @Override
        public Integer call() throws Exception {
            FlinkRest rest = new FlinkRest(target.flink);
            out.println(rest.savepoint(runningJob(rest, target.jobId), target.directory));
            return 0;
        }
    }

    @Command(name = "stop", description = "Stops a job with a savepoint; prints the savepoint's path.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.Mixin
        SavepointTarget target = new SavepointTarget();

        @Override
        public Integer call() throws Exception {
            FlinkRest rest = new FlinkRest(target.flink);
            out.println(rest.stopWithSavepoint(runningJob(rest, target.jobId), target.directory));
            return 0;
        }
    }

    @Command(name = "simulate", description = "Runs the sensor simulator against the local Kafka unless told "
            + "otherwise; 'pumpctl simulate --help' lists its options.")
    static final class Simulate implements Callable<Integer> {
        @Parameters(paramLabel = "SIMULATOR-OPTION", description = "Options of the simulator.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return simulate(args);
        }

        static int simulate(List<String> args) {
            List<String> all = new ArrayList<>(args);
            if (all.stream().noneMatch(a -> a.startsWith("--kafka.bootstrap-servers") || a.startsWith("--bootstrap-servers"))) {
                all.add(0, "--kafka.bootstrap-servers=" + LocalCluster.KAFKA_BOOTSTRAP);
            }
            return SensorSimulator.run(out, err, all.toArray(String[]::new));
        }
    }

    @Command(name = "query", description = "Reads HBase and prints decoded rows.")
    static final class QueryCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "WHAT", description = "readings, alarms, stats or dead-letters")
        String what;

        @CommandLine.Mixin
        Endpoints endpoints = new Endpoints();

        @Option(names = "--pump", description = "Only this pump.")
        String pump;

        @Option(names = "--from", paramLabel = "DATE", description = "From this day or time on (ISO, e.g. 2014-03-10 or 2014-03-10T06:00).")
        String from;

        @Option(names = "--to", paramLabel = "DATE", description = "Before this day or time (ISO).")
        String to;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws Exception {
            Query.Kind kind = switch (what) {
                case "readings" -> Query.Kind.READINGS;
                case "alarms" -> Query.Kind.ALARMS;
                case "stats" -> Query.Kind.STATS;
                case "dead-letters" -> Query.Kind.DEAD_LETTERS;
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "Unknown WHAT '" + what + "': readings, alarms, stats or dead-letters");
            };
            Query.Format output = switch (format) {
                case "table" -> Query.Format.TABLE;
                case "csv" -> Query.Format.CSV;
                case "json" -> Query.Format.JSON;
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "Unknown --format '" + format + "': table, csv or json");
            };
            if (limit < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
            }
            try (Connection hbase = endpoints.hbase()) {
                Query query = new Query(hbase, endpoints.sensorTable, endpoints.deadLetterTable);
                Query.print(query.rows(kind, pump, from, to, limit), output, out);
            } catch (java.io.IOException e) {
                throw new PumpctlException("cannot read HBase through ZooKeeper at " + endpoints.zookeeper + ": "
                        + e.getMessage().lines().findFirst().orElse(""), e);
            }
            return 0;
        }
    }

    @Command(name = "demo", description = "Runs the whole pipeline locally with synthetic pumps (or a replay) and shows it live.")
    static final class Demo implements Callable<Integer> {
        @Option(names = "--replay", paramLabel = "FILE", description = "Replay this file instead of synthetic pumps.")
        Path replay;

        @Option(names = "--pumps", defaultValue = "10", description = "Synthetic pumps (default: ${DEFAULT-VALUE}).")
        int pumps;

        @Option(names = "--rate", defaultValue = "50", description = "Readings per second (default: ${DEFAULT-VALUE}).")
        double rate;

        @Option(names = "--count", defaultValue = "0", description = "Stop the simulator after this many readings; 0 = never (default: ${DEFAULT-VALUE}).")
        long count;

        @Option(names = "--exit-when-done", description = "Stop once everything sent is stored, print a summary and the statistics.")
        boolean exitWhenDone;

        @Option(names = "--dir", defaultValue = ".local", description = "Data, logs and pid files of the local stack (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            if (exitWhenDone && replay == null && count == 0) {
                throw new IllegalArgumentException("--exit-when-done needs a run that ends: --replay FILE or --count N");
            }
            if (replay != null && count > 0) {
                throw new IllegalArgumentException("--count is for synthetic pumps; --replay sends the whole file");
            }
            return new DemoRun(this).run();
        }
    }
}
