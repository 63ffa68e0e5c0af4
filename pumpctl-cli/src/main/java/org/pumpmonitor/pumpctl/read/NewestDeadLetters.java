package org.pumpmonitor.pumpctl.read;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter;
import org.apache.hadoop.hbase.util.Bytes;
import org.pumpmonitor.core.hbase.PumpSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The newest dead letters, by Kafka timestamp: the newest {@code limit} of each topic partition
 * (dead letters are keyed by topic, partition and offset), merged. It reads at most
 * {@code limit + 1} rows per partition, whatever the table holds.
 */
final class NewestDeadLetters {

    private final TableReads scans;
    private final TableName table;

    NewestDeadLetters(TableReads scans, TableName table) {
        this.scans = scans;
        this.table = table;
    }

    /** Newest first. */
    List<Kind.StoredRow> read(int limit) throws IOException {
        List<Kind.StoredRow> letters = new ArrayList<>();
        byte[] below = null;
        Optional<byte[]> partition;
        while ((partition = lastPartitionBelow(below)).isPresent()) {
            byte[] prefix = partition.get();
            Scan newest = new Scan().addFamily(PumpSchema.ERROR).setReversed(true).setLimit(limit).setCaching(limit)
                    .withStartRow(stopOf(prefix), false).withStopRow(prefix, true);
            scans.scan(table, newest, result -> {
                Kind.DEAD_LETTERS.decode(result).ifPresent(letters::add);
                return true;
            });
            below = prefix;
        }
        return letters.stream().sorted(Comparator.comparing(Kind.StoredRow::time).reversed()).limit(limit).toList();
    }

    /**
     * The key prefix ({@code topic|partition|}) of the last partition whose keys sort before
     * {@code below} (null: anywhere in the table); found with one reversed scan of one row.
     */
    private Optional<byte[]> lastPartitionBelow(byte[] below) throws IOException {
        byte[] key = below;
        while (true) {
            Scan last = new Scan().addFamily(PumpSchema.ERROR).setReversed(true).setLimit(1)
                    .setFilter(new FirstKeyOnlyFilter());
            if (key != null) {
                last.withStartRow(key, false);
            }
            Optional<Result> result = scans.first(table, last);
            if (result.isEmpty()) {
                return Optional.empty();
            }
            String row = Bytes.toString(result.get().getRow());
            int offsetAt = row.lastIndexOf(PumpSchema.KEY_SEPARATOR);
            if (offsetAt > 0) {
                return Optional.of(Bytes.toBytes(row.substring(0, offsetAt + 1)));
            }
            // Not a key the job writes: step over it.
            key = result.get().getRow();
        }
    }

    /** The first key after every key that starts with the prefix. */
    private static byte[] stopOf(byte[] prefix) {
        byte[] stop = prefix.clone();
        stop[stop.length - 1]++;
        return stop;
    }
}
