package org.pumpmonitor.pumpctl.read;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter;
import org.apache.hadoop.hbase.filter.MultiRowRangeFilter;
import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.PumpIndexCodec;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.pumpctl.read.Kind.StoredRow;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the job stored in HBase, read for {@code query}, the dashboard, the demo and the
 * benchmarks: rows of each {@link Kind} through core's codecs and row-key ranges ({@code PumpRows}),
 * and the pump index. One pump's rows are a range scan of that pump's rows of one family; only a
 * query of every pump reads a whole family.
 */
public final class StoredData {

    private final TableReads tables;
    private final TableName sensor;
    private final TableName pumpIndex;
    private final TableName deadLetters;

    public StoredData(Connection hbase, String sensorTable, String deadLetterTable) {
        this.tables = new TableReads(hbase);
        this.sensor = TableName.valueOf(sensorTable);
        this.pumpIndex = TableName.valueOf(PumpSchema.pumpIndexTable(sensorTable));
        this.deadLetters = TableName.valueOf(deadLetterTable);
    }

    /** The query's rows as columns. */
    public List<Map<String, Object>> rows(Query query) throws IOException {
        return read(query).stream().map(StoredRow::columns).toList();
    }

    /** The query's rows, decoded, in the order its {@link Query.Take} says. */
    public List<StoredRow> read(Query query) throws IOException {
        List<StoredRow> rows = new ArrayList<>();
        forEach(query, rows::add);
        return rows;
    }

    /** Hands the query's rows to {@code row} one at a time, as the scan reads them (for reads of a whole family). */
    public void forEach(Query query, Consumer<StoredRow> row) throws IOException {
        Kind kind = query.kind();
        if (query.take() == Query.Take.NEWEST) {
            (kind.inDeadLetterTable() ? new NewestDeadLetters(tables, deadLetters).read(query.limit())
                    : newest(query)).forEach(row);
            return;
        }
        int[] taken = {0};
        tables.scan(tableOf(kind), query.range(), result -> {
            query.match(result).ifPresent(r -> {
                row.accept(r);
                taken[0]++;
            });
            return taken[0] < query.limit();
        });
    }

    /**
     * The newest {@code limit} rows of a pump's range, read with the range reversed, so that HBase
     * reads those rows only; answered in time order.
     */
    private List<StoredRow> newest(Query query) throws IOException {
        Scan range = query.range();
        Scan newestFirst = new Scan(range).setReversed(true).setLimit(query.limit())
                .setCaching(Math.min(query.limit(), 1000))
                .withStartRow(range.getStopRow(), range.includeStopRow())
                .withStopRow(range.getStartRow(), range.includeStartRow());
        List<StoredRow> rows = new ArrayList<>();
        tables.scan(tableOf(query.kind()), newestFirst, result -> {
            query.match(result).ifPresent(rows::add);
            return rows.size() < query.limit();
        });
        Collections.reverse(rows);
        return rows;
    }

    /** How many rows of the kind there are, read a cell of each only (for counts of large tables). */
    public long count(Kind kind) throws IOException {
        long[] rows = {0};
        Scan scan = new Scan().addFamily(kind.family).setFilter(new FirstKeyOnlyFilter()).setCaching(10_000);
        tables.scan(tableOf(kind), scan, result -> {
            rows[0] += kind.isKeyOf(result.getRow()) ? 1 : 0;
            return true;
        });
        return rows[0];
    }

    /** Every pump of the pump index, with its newest reading, alarm, episode and day of statistics. */
    public List<PumpIndexCodec.Latest> pumps() throws IOException {
        List<PumpIndexCodec.Latest> pumps = new ArrayList<>();
        tables.scan(pumpIndex, PumpIndexCodec.everyPump(), result -> {
            PumpIndexCodec.latest(result).ifPresent(pumps::add);
            return true;
        });
        return pumps;
    }

    /**
     * The alarms of each pump between two instants, in one scan over one row range per pump:
     * it reads the alarms it counts, and the other rows of the table not at all.
     */
    public Map<String, Integer> alarmCounts(List<String> pumps, Instant from, Instant to) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        if (pumps.isEmpty()) {
            return counts;
        }
        List<MultiRowRangeFilter.RowRange> ranges = new ArrayList<>();
        for (String pump : pumps) {
            ranges.add(new MultiRowRangeFilter.RowRange(PumpSchema.readingRowKey(pump, from.toEpochMilli()), true,
                    PumpSchema.readingRowKey(pump, to.toEpochMilli()), false));
        }
        MultiRowRangeFilter filter = new MultiRowRangeFilter(ranges);
        List<MultiRowRangeFilter.RowRange> sorted = filter.getRowRanges();
        Scan scan = new Scan().addFamily(PumpSchema.ALERT).setFilter(filter).setCaching(1000)
                .withStartRow(sorted.get(0).getStartRow(), true)
                .withStopRow(sorted.get(sorted.size() - 1).getStopRow(), false);
        tables.scan(sensor, scan, result -> {
            AlarmCodec.ALARMS.decode(result).ifPresent(a -> counts.merge(a.pump(), 1, Integer::sum));
            return true;
        });
        return counts;
    }

    /**
     * Which of the rows hold the kind's family, in the order asked: for waits on rows the job
     * writes, whose keys are known (row keys of {@code PumpSchema}).
     */
    public boolean[] exist(Kind kind, List<byte[]> rows) throws IOException {
        return tables.exist(tableOf(kind), rows.stream().map(row -> new Get(row).addFamily(kind.family)).toList());
    }

    /** The time of the pump's newest stored reading. */
    public Optional<Instant> lastReading(String pump) throws IOException {
        return read(Query.newest(Kind.READINGS, pump, null, null, 1)).stream().findFirst().map(StoredRow::time);
    }

    /** Whether the table holds any row of the pump. */
    public boolean exists(String pump) throws IOException {
        Scan scan = new Scan().setRowPrefixFilter(PumpSchema.pumpPrefix(pump)).setFilter(new FirstKeyOnlyFilter())
                .setLimit(1);
        return tables.first(sensor, scan).isPresent();
    }

    private TableName tableOf(Kind kind) {
        return kind.inDeadLetterTable() ? deadLetters : sensor;
    }
}
