package org.pumpmonitor.core.options;

import org.pumpmonitor.core.hbase.PumpSchema;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every option of the job, with its default and description: the one place they are defined.
 * The options table of docs/reference.md lists the same (a test checks it).
 *
 * <p>Options come from the command line as {@code --name value}. An unknown option, or a value
 * that does not parse or is out of range, fails at start with a message naming the option.
 * Durations are a number and a unit ({@code 500 ms}, {@code 10 s}, {@code 5 min}, {@code 1 h},
 * {@code 1 d}); a bare number is milliseconds, as in Flink's own configuration.
 *
 * <p>Nothing here needs Flink's classes, so that the set-up tools run from the shaded jar with a
 * plain {@code java -cp}.
 */
public final class JobOptions implements Serializable {

    /** Parses and checks one option's value; the message of what it throws explains the problem. */
    @FunctionalInterface
    public interface ValueParser<T> extends Serializable {
        T parse(String value) throws Exception;
    }

    /** One option: name (without the leading dashes), default value, description. */
    public static final class Option<T> implements Serializable {
        public final String name;
        public final String defaultValue;
        public final String description;
        private final ValueParser<T> parser;

        private Option(String name, String defaultValue, String description, ValueParser<T> parser) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.description = description;
            this.parser = parser;
        }

        T parse(String value) {
            try {
                return parser.parse(value.strip());
            } catch (Exception e) {
                throw new IllegalArgumentException(
                        "Invalid value '" + value + "' for --" + name + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "--" + name;
        }
    }

    private static final List<Option<?>> ALL = new ArrayList<>();

    public static final Option<String> KAFKA_BOOTSTRAP_SERVERS = define(
            "kafka.bootstrap-servers", "localhost:9092",
            "Kafka brokers to read the readings from (host:port, comma-separated).", JobOptions::nonBlank);
    public static final Option<String> KAFKA_TOPIC = define(
            "kafka.topic", "pump-sensor", "Kafka topic of the sensor readings.", JobOptions::nonBlank);
    public static final Option<String> KAFKA_GROUP_ID = define(
            "kafka.group-id", "pump-monitor",
            "Kafka consumer group; offsets are committed to it on every checkpoint, and a job "
                    + "started without a savepoint resumes from them (from the earliest offset when there are none).",
            JobOptions::nonBlank);
    public static final Option<String> HBASE_ZOOKEEPER_QUORUM = define(
            "hbase.zookeeper.quorum", "localhost:2181",
            "ZooKeeper quorum of the HBase cluster (host:port, comma-separated).", JobOptions::nonBlank);
    public static final Option<String> HBASE_ZNODE_PARENT = define(
            "hbase.zookeeper.znode-parent", "/hbase", "HBase's root znode in ZooKeeper.", JobOptions::nonBlank);
    public static final Option<String> SENSOR_TABLE = define(
            "hbase.table.sensor", PumpSchema.DEFAULT_SENSOR_TABLE,
            "HBase table of readings, alarms, late marks and daily statistics.", JobOptions::nonBlank);
    public static final Option<String> DEAD_LETTER_TABLE = define(
            "hbase.table.dead-letters", PumpSchema.DEFAULT_DEAD_LETTER_TABLE,
            "HBase table of records that could not be parsed.", JobOptions::nonBlank);
    public static final Option<Duration> HBASE_FLUSH_INTERVAL = define(
            "hbase.sink.flush-interval", "1 s",
            "Time between an HBase sink's flushes (and one at every checkpoint); after a flush that took d, at least "
                    + "9 d, at most 10 intervals: a loaded HBase gets fewer, larger writes.",
            JobOptions::positiveDuration);
    public static final Option<Duration> HBASE_ALARM_FLUSH_INTERVAL = define(
            "hbase.sink.alarm-flush-interval", "20 ms",
            "Time between flushes of the alarm and episode sinks: alarms are few, and wanted at once; backs off like "
                    + "hbase.sink.flush-interval (at most 200 ms by default).",
            JobOptions::positiveDuration);
    public static final Option<Duration> BUFFER_TIMEOUT = define(
            "pipeline.buffer-timeout", "10 ms",
            "Longest time a record waits in a network buffer between two tasks (Flink's execution.buffer-timeout): "
                    + "lower is faster alarms for a little more CPU.",
            JobOptions::nonNegativeDuration);
    public static final Option<Boolean> OBJECT_REUSE = define(
            "pipeline.object-reuse", "true",
            "Pass records between chained operators without copying them (Flink's pipeline.object-reuse): "
                    + "no operator of the job keeps or changes a record it has passed on; false copies each record "
                    + "for each chained operator that takes it.",
            JobOptions::bool);
    public static final Option<Duration> HBASE_OPERATION_TIMEOUT = define(
            "hbase.client.operation-timeout", "2 min",
            "Longest an HBase operation (a sink's flush, a table check) may take, retries included, before it "
                    + "fails the task or the checkpoint: the job waits out an HBase pause or restart shorter than "
                    + "this (no restart, no replay), and bounds how long an outage can stall it.",
            JobOptions::positiveDuration);
    public static final Option<Duration> HBASE_RPC_TIMEOUT = define(
            "hbase.client.rpc-timeout", "10 s", "Longest one HBase RPC may take.", JobOptions::positiveDuration);
    public static final Option<Integer> HBASE_RETRIES = define(
            "hbase.client.retries", "15",
            "How often the HBase client retries an operation (from 100 ms apart, backing off) within the operation "
                    + "timeout; HBase's own default, enough that the timeout, not the count, ends a wait on HBase.",
            JobOptions::positiveInt);
    public static final Option<String> HBASE_SITE = define(
            "hbase.site", "",
            "An hbase-site.xml to read on submission (Kerberos, TLS, any client setting); options and "
                    + "--hbase.property.* given here take precedence over it. Empty: none.",
            value -> value);
    public static final Option<Integer> HBASE_FLUSH_MAX_ROWS = define(
            "hbase.sink.flush-max-rows", "1000", "Writes an HBase sink buffers before it flushes.",
            JobOptions::positiveInt);
    public static final Option<Double> PSI_THRESHOLD = define(
            "alarm.psi-threshold", "5.0", "A reading with psi below this raises a low-pressure alarm.",
            JobOptions::finiteDouble);
    public static final Option<Integer> ALARM_RAISE_AFTER = define(
            "alarm.raise-after", "1",
            "Readings in a row under the threshold that raise a low-pressure episode.", JobOptions::positiveInt);
    public static final Option<Double> ALARM_CLEAR_HYSTERESIS = define(
            "alarm.clear-hysteresis", "0.5",
            "An episode clears on readings at or above the threshold plus this much psi.", JobOptions::nonNegativeDouble);
    public static final Option<Integer> ALARM_CLEAR_AFTER = define(
            "alarm.clear-after", "2",
            "Readings in a row at or above threshold + hysteresis that clear an episode.", JobOptions::positiveInt);
    public static final Option<Duration> ALARM_SILENCE_AFTER = define(
            "alarm.silence-after", "10 min",
            "A pump without a reading for this long in event time (judged by the watermark) is SILENT.",
            JobOptions::positiveDuration);
    public static final Option<Duration> ALARM_FORGET_AFTER = define(
            "alarm.forget-after", "7 d",
            "A SILENT pump without a reading for this long in event time is forgotten: its alarm state is dropped, "
                    + "and if it reports again it starts as a new pump (no RESUMED; an episode left open is not continued).",
            JobOptions::positiveDuration);
    public static final Option<String> KAFKA_ALARM_TOPIC = define(
            "kafka.alarm-topic", "pump-alarms",
            "Kafka topic of alarm events (RAISED, CLEARED, SILENT, RESUMED), written exactly once in "
                    + "transactions committed on each checkpoint.", JobOptions::nonBlank);
    public static final Option<Duration> ALARM_TRANSACTION_TIMEOUT = define(
            "kafka.alarm-transaction-timeout", "2 h",
            "How long a Kafka transaction of alarm events may stay open before the broker aborts it and its "
                    + "events are lost: longer than the longest recovery or checkpoint the job must ride out. "
                    + "The brokers' transaction.max.timeout.ms must allow it (the job checks at start); "
                    + "--kafka.property.transaction.timeout.ms, when given, takes precedence.",
            JobOptions::positiveDuration);
    public static final Option<String> KAFKA_RULES_TOPIC = define(
            "kafka.rules-topic", "pump-rules",
            "Compacted Kafka topic of alarm rules (JSON, key = rule id; a record without a value deletes its rule), "
                    + "read from its beginning and applied while the job runs; kept in the checkpoints. "
                    + "Until the topic exists, the built-in low-pressure rule of --alarm.* applies alone.",
            JobOptions::nonBlank);
    public static final Option<ZoneId> TIME_ZONE = define(
            "time-zone", "UTC",
            "Time zone of the readings' date and time, and of the days of the daily statistics.",
            ZoneId::of);
    public static final Option<Duration> CHECKPOINT_INTERVAL = define(
            "checkpoint.interval", "10 s", "Interval of the exactly-once checkpoints.",
            JobOptions::positiveDuration);
    public static final Option<Duration> OUT_OF_ORDERNESS = define(
            "watermark.out-of-orderness", "5 min",
            "How far readings may arrive out of event-time order without being late.",
            JobOptions::nonNegativeDuration);
    public static final Option<Duration> IDLENESS = define(
            "watermark.idleness", "1 min",
            "A source split silent this long stops holding the watermark back; 0 never.",
            JobOptions::nonNegativeDuration);
    public static final Option<Duration> ALLOWED_LATENESS = define(
            "stats.allowed-lateness", "1 h",
            "How long after a day's end late readings still update its statistics; later ones are "
                    + "counted and marked in family late.",
            JobOptions::nonNegativeDuration);
    public static final Option<Duration> EARLY_FIRING_INTERVAL = define(
            "stats.early-firing-interval", "60 s",
            "Processing time between early results of the current day's statistics; 0 turns them off.",
            JobOptions::nonNegativeDuration);
    public static final Option<Duration> DUPLICATE_RETENTION = define(
            "readings.duplicate-retention", "1 d",
            "How long after a day's statistics close the job still remembers which minutes of it each pump "
                    + "has sent, so that a resent reading is neither stored over the first nor counted twice.",
            JobOptions::nonNegativeDuration);
    public static final Option<Duration> MAX_TIME_AHEAD = define(
            "readings.max-time-ahead", "1 d",
            "A reading dated more than this after its Kafka record's timestamp is a dead letter "
                    + "(a wrong sensor clock must not close every open day).",
            JobOptions::nonNegativeDuration);
    public static final Option<Boolean> START_WITHOUT_STATE = define(
            "start-without-state", "false",
            "Start although the consumer group has committed offsets and no savepoint or checkpoint is "
                    + "given; the days open then count only the readings read from there on.",
            JobOptions::bool);
    public static final Option<Duration> RESTART_MAX_DELAY = define(
            "restart.max-delay", "1 min",
            "Longest wait between restarts after a failure (exponential back-off from 1 s, no limit on attempts).",
            JobOptions::positiveDuration);
    public static final Option<String> JOB_NAME = define(
            "job.name", "pump-monitor", "Name of the job in the Flink web UI.", JobOptions::nonBlank);

    /** Options with these prefixes pass any Kafka consumer or HBase client property through. */
    public static final String KAFKA_PROPERTY_PREFIX = "kafka.property.";
    public static final String HBASE_PROPERTY_PREFIX = "hbase.property.";

    private final Map<String, Object> values;
    private final Map<String, String> raw;
    private final Map<String, String> properties;

    private JobOptions(Map<String, Object> values, Map<String, String> raw, Map<String, String> properties) {
        this.values = values;
        this.raw = raw;
        this.properties = properties;
    }

    /**
     * The client properties given as {@code --<prefix><property> value}, by property name: for
     * example {@code --kafka.property.security.protocol SASL_SSL}.
     */
    public Map<String, String> properties(String prefix) {
        Map<String, String> selected = new TreeMap<>();
        properties.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                selected.put(name.substring(prefix.length()), value);
            }
        });
        return selected;
    }

    /** All options, in the order they are documented. */
    public static List<Option<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    public static JobOptions fromArgs(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException(
                        "Unexpected argument '" + arg + "': options are written --name value");
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            String value;
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("Option --" + name + " needs a value");
            }
            if (given.put(name, value) != null) {
                throw new IllegalArgumentException("Option --" + name + " is given twice");
            }
        }
        return fromMap(given);
    }

    public static JobOptions defaults() {
        return fromMap(Map.of());
    }

    public static JobOptions fromMap(Map<String, String> given) {
        TreeSet<String> unknown = new TreeSet<>(given.keySet());
        Map<String, String> properties = new TreeMap<>();
        given.forEach((name, value) -> {
            if ((name.startsWith(KAFKA_PROPERTY_PREFIX) && name.length() > KAFKA_PROPERTY_PREFIX.length())
                    || (name.startsWith(HBASE_PROPERTY_PREFIX) && name.length() > HBASE_PROPERTY_PREFIX.length())) {
                properties.put(name, value);
                unknown.remove(name);
            }
        });
        Map<String, Object> values = new HashMap<>();
        Map<String, String> raw = new LinkedHashMap<>();
        for (Option<?> option : ALL) {
            unknown.remove(option.name);
            String value = given.getOrDefault(option.name, option.defaultValue);
            values.put(option.name, option.parse(value));
            raw.put(option.name, value);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "Unknown option(s): --" + String.join(", --", unknown)
                            + ". Run with --help to list the options.");
        }
        return new JobOptions(values, raw, properties);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Option<T> option) {
        return (T) values.get(option.name);
    }

    /** A copy with some options changed (tests, tools). */
    public JobOptions with(Map<String, String> changes) {
        Map<String, String> merged = new HashMap<>(raw);
        merged.putAll(properties);
        merged.putAll(changes);
        return fromMap(merged);
    }

    /** Every option's value as text, defaults included. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(raw);
    }

    /** The options and their defaults, for {@code --help}. */
    public static String usage() {
        StringBuilder text = new StringBuilder("Options (--name value):\n");
        for (Option<?> o : ALL) {
            text.append(String.format("  --%-30s %s (default: %s)%n", o.name, o.description, o.defaultValue));
        }
        text.append(String.format("  --%-30s %s%n", KAFKA_PROPERTY_PREFIX + "NAME VALUE", "Any Kafka consumer property."));
        text.append(String.format("  --%-30s %s%n", HBASE_PROPERTY_PREFIX + "NAME VALUE", "Any HBase client property."));
        return text.toString();
    }

    private static <T> Option<T> define(String name, String defaultValue, String description, ValueParser<T> parser) {
        Option<T> option = new Option<>(name, defaultValue, description, parser);
        ALL.add(option);
        return option;
    }

    private static Double nonNegativeDouble(String value) {
        double d = Double.parseDouble(value);
        if (!Double.isFinite(d) || d < 0) {
            throw new IllegalArgumentException("must be a finite number, 0 or more");
        }
        return d;
    }

    private static String nonBlank(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return value;
    }

    /**
     * Flink's own duration syntax, as in its configuration: 500 ms, 10 s, 5 min, 1 h, 1 d (a bare
     * number is ms). Not Flink's parser itself: the job's options are also read where Flink is
     * not on the classpath (CreateTables, pumpctl).
     */
    static Duration parseDuration(String value) {
        try {
            return org.pumpmonitor.core.options.Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a duration such as 500 ms, 10 s, 5 min, 1 h or 1 d");
        }
    }

    private static Duration nonNegativeDuration(String value) {
        Duration d = parseDuration(value);
        if (d.isNegative()) {
            throw new IllegalArgumentException("must not be negative");
        }
        return d;
    }

    private static Duration positiveDuration(String value) {
        Duration d = nonNegativeDuration(value);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be greater than zero");
        }
        return d;
    }

    private static Boolean bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.valueOf(value);
    }

    private static Integer positiveInt(String value) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException("must be greater than zero");
        }
        return n;
    }

    private static Double finiteDouble(String value) {
        double d = Double.parseDouble(value);
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("must be a finite number");
        }
        return d;
    }
}
