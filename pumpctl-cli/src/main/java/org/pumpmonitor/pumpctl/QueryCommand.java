package org.pumpmonitor.pumpctl;

import org.apache.hadoop.hbase.client.Connection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "query", description = "Reads HBase and prints decoded rows.")
final class QueryCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "WHAT", description = "readings, alarms, stats, episodes (low-pressure episodes, open ones marked) or dead-letters")
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
            case "episodes" -> Query.Kind.EPISODES;
            case "dead-letters" -> Query.Kind.DEAD_LETTERS;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "Unknown WHAT '" + what + "': readings, alarms, stats, episodes or dead-letters");
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
            Query.print(query.rows(kind, pump, from, to, limit), output, Pumpctl.out);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new PumpctlException("cannot read HBase through ZooKeeper at " + endpoints.zookeeper + ": "
                    + Query.hbaseFailure(e).orElse(String.valueOf(e.getMessage())), e);
        }
        return 0;
    }
}
