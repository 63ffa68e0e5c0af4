package org.pumpmonitor.pumpctl.query;

import org.apache.hadoop.hbase.client.Connection;
import org.pumpmonitor.core.hbase.PumpRows;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.console.PumpctlException;
import org.pumpmonitor.pumpctl.read.HBaseFailures;
import org.pumpmonitor.pumpctl.read.Kind;
import org.pumpmonitor.pumpctl.read.Query;
import org.pumpmonitor.pumpctl.read.StoredData;
import org.pumpmonitor.pumpctl.stack.StackAddresses;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Reads readings, alarms, daily statistics, episodes or dead letters from HBase and prints them;
 * the column names are the HBase qualifiers (and pump and time from the row key). One pump's rows
 * are read with a range scan of that pump; without --pump every row of the family is read.
 */
@Command(name = "query", description = "Reads HBase and prints decoded rows.")
public final class QueryCommand extends ConsoleCommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "WHAT", description = "readings, alarms, stats, episodes (the episodes and early warnings of every alarm rule, open ones marked) or dead-letters")
    String what;

    @CommandLine.Mixin
    StackAddresses stack;

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

    QueryCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() throws Exception {
        Kind kind = switch (what) {
            case "readings" -> Kind.READINGS;
            case "alarms" -> Kind.ALARMS;
            case "stats" -> Kind.STATISTICS;
            case "episodes" -> Kind.EPISODES;
            case "dead-letters" -> Kind.DEAD_LETTERS;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "Unknown WHAT '" + what + "': readings, alarms, stats, episodes or dead-letters");
        };
        RowFormat output = switch (format) {
            case "table" -> RowFormat.TABLE;
            case "csv" -> RowFormat.CSV;
            case "json" -> RowFormat.JSON;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "Unknown --format '" + format + "': table, csv or json");
        };
        if (limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
        }
        try (Connection hbase = stack.hbase()) {
            Instant fromTime = from == null ? null : PumpRows.instantBound(from);
            Instant toTime = to == null ? null : PumpRows.instantBound(to);
            StoredData stored = new StoredData(hbase, stack.sensorTable, stack.deadLetterTable);
            output.print(stored.rows(Query.first(kind, pump, fromTime, toTime, limit)), console.out());
        } catch (IOException | UncheckedIOException e) {
            throw new PumpctlException("cannot read HBase through ZooKeeper at " + stack.zookeeper + ": "
                    + HBaseFailures.hbaseFailure(e).orElse(String.valueOf(e.getMessage())), e);
        }
        return 0;
    }
}
