package org.pumpmonitor.pumpctl;

import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.DeadLetterCodec;
import org.pumpmonitor.core.hbase.EpisodeCodec;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.TableNotFoundException;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.pumpmonitor.core.hbase.PumpRows;
import org.pumpmonitor.core.hbase.PumpSchema;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads readings, alarms, daily statistics or dead letters from HBase, decoded by {@link PumpRows};
 * the column names are the HBase qualifiers (and pump and time from the row key). One pump's rows
 * are read with a range scan of that pump; without --pump every row of the family is read.
 */
public final class Query {

    /** The package of the HBase client's classes. */
    private static final String HBASE_CLIENT = "org.apache.hadoop.hbase.";

    /** What to read. */
    public enum Kind { READINGS, ALARMS, STATS, EPISODES, DEAD_LETTERS }

    /** How to print it. */
    public enum Format { TABLE, CSV, JSON }

    private final Connection hbase;
    private final String sensorTable;
    private final String deadLetterTable;

    public Query(Connection hbase, String sensorTable, String deadLetterTable) {
        this.hbase = hbase;
        this.sensorTable = sensorTable;
        this.deadLetterTable = deadLetterTable;
    }

    /**
     * @param from inclusive lower bound of the time (readings, alarms) or day (stats), ISO text; null for none
     * @param to exclusive upper bound, likewise
     */
    public List<Map<String, Object>> rows(Kind kind, String pump, String from, String to, int limit)
            throws IOException {
        Instant fromTime = from == null ? null : PumpRows.instantBound(from);
        Instant toTime = to == null ? null : PumpRows.instantBound(to);
        LocalDate fromDay = fromTime == null ? null : fromTime.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate toDay = toTime == null ? null : toTime.atZone(ZoneOffset.UTC).toLocalDate();
        List<Map<String, Object>> rows = new ArrayList<>();
        Scan scan;
        if (kind == Kind.DEAD_LETTERS) {
            scan = new Scan().addFamily(PumpSchema.ERROR);
        } else if (pump == null) {
            // Every pump: the family's rows only, bounds checked here.
            scan = new Scan().addFamily(family(kind));
        } else {
            scan = kind == Kind.STATS ? PumpRows.dayRange(pump, fromDay, toDay)
                    : PumpRows.timeRange(family(kind), pump, fromTime, toTime);
        }
        String table = kind == Kind.DEAD_LETTERS ? deadLetterTable : sensorTable;
        try (Table t = hbase.getTable(TableName.valueOf(table)); ResultScanner scanner = t.getScanner(scan)) {
            for (Result result : scanner) {
                Optional<Map<String, Object>> row = switch (kind) {
                    case READINGS -> ReadingCodec.READINGS.decode(result).filter(r -> within(r.time(), fromTime, toTime))
                            .map(ReadingCodec.Reading::columns);
                    case ALARMS -> AlarmCodec.ALARMS.decode(result).filter(a -> within(a.time(), fromTime, toTime))
                            .map(AlarmCodec.Alarm::columns);
                    case EPISODES -> EpisodeCodec.EPISODES.decode(result).filter(e -> within(e.start(), fromTime, toTime))
                            .map(EpisodeCodec.Episode::columns);
                    case STATS -> StatisticsCodec.STATISTICS.decode(result).filter(s -> (fromDay == null || !s.day().isBefore(fromDay))
                            && (toDay == null || s.day().isBefore(toDay))).map(StatisticsCodec.DailyStats::columns);
                    case DEAD_LETTERS -> DeadLetterCodec.DEAD_LETTERS.decode(result).map(DeadLetterCodec.StoredDeadLetter::columns);
                };
                row.ifPresent(rows::add);
                if (rows.size() >= limit) {
                    break;
                }
            }
        }
        return rows;
    }

    /**
     * The first line of the message of the HBase client's IOException behind a failure, if one
     * is: the client throws them directly, and a scanner's iterator wraps them in runtime
     * exceptions. Only what the client raised counts: an IOException of one of its classes, or
     * thrown from its code (its operation timeout is a plain {@code SocketTimeoutException}); not,
     * for one, the dashboard's client going away while it is answered.
     */
    static Optional<String> hbaseFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException && raisedByHBase(t)) {
                return Optional.of(String.valueOf(t.getMessage()).lines().findFirst().orElse(""));
            }
        }
        return Optional.empty();
    }

    /** The table HBase said it does not have, if that is the failure. */
    static Optional<String> missingTable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TableNotFoundException) {
                return Optional.of(String.valueOf(t.getMessage()).lines().findFirst().orElse(""));
            }
        }
        return Optional.empty();
    }

    private static boolean raisedByHBase(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return t.getClass().getName().startsWith(HBASE_CLIENT)
                || trace.length > 0 && trace[0].getClassName().startsWith(HBASE_CLIENT);
    }


    private static byte[] family(Kind kind) {
        return switch (kind) {
            case READINGS -> PumpSchema.DATA;
            case ALARMS -> PumpSchema.ALERT;
            case STATS -> PumpSchema.STATS;
            case EPISODES -> PumpSchema.EPISODE;
            case DEAD_LETTERS -> PumpSchema.ERROR;
        };
    }

    private static boolean within(Instant time, Instant from, Instant to) {
        return (from == null || !time.isBefore(from)) && (to == null || time.isBefore(to));
    }

    public static void print(List<Map<String, Object>> rows, Format format, PrintStream out) throws IOException {
        switch (format) {
            case JSON -> {
                // Values typed by the schema (PumpRows): a pump id such as 0012 stays a string.
                ObjectMapper json = new ObjectMapper();
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
            }
            case CSV -> {
                if (!rows.isEmpty()) {
                    out.println(String.join(",", rows.get(0).keySet()));
                }
                for (Map<String, Object> row : rows) {
                    out.println(String.join(",", row.values().stream().map(v -> csv(text(v))).toList()));
                }
            }
            case TABLE -> printTable(rows, out);
        }
    }

    /** A value as text; nothing for none (an open episode's end). */
    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\""
                : value;
    }

    private static void printTable(List<Map<String, Object>> rows, PrintStream out) {
        if (rows.isEmpty()) {
            out.println("(no rows)");
            return;
        }
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).length();
            for (Map<String, Object> row : rows) {
                widths[i] = Math.max(widths[i], text(row.get(columns.get(i))).length());
            }
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            header.append(String.format("%-" + widths[i] + "s  ", columns.get(i)));
        }
        out.println(header.toString().stripTrailing());
        for (Map<String, Object> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                line.append(String.format("%-" + widths[i] + "s  ", text(row.get(columns.get(i)))));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
