package org.pumpmonitor.job.testing;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.DeadLetterCodec;
import org.pumpmonitor.core.hbase.EpisodeCodec;
import org.pumpmonitor.core.hbase.FamilyCodec;
import org.pumpmonitor.core.hbase.LateMarkCodec;
import org.pumpmonitor.core.hbase.PumpSchema;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.hbase.StatisticsCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What a test reads back from HBase, decoded by the same codecs the job writes with, by row key. */
public final class StoredRows {

    private StoredRows() {}

    public static Map<String, ReadingCodec.Reading> readings(Connection hbase, String sensorTable) {
        return family(hbase, sensorTable, PumpSchema.DATA, ReadingCodec.READINGS);
    }

    public static Map<String, AlarmCodec.Alarm> alarms(Connection hbase, String sensorTable) {
        return family(hbase, sensorTable, PumpSchema.ALERT, AlarmCodec.ALARMS);
    }

    public static Map<String, EpisodeCodec.Episode> episodes(Connection hbase, String sensorTable) {
        return family(hbase, sensorTable, PumpSchema.EPISODE, EpisodeCodec.EPISODES);
    }

    public static Map<String, StatisticsCodec.DailyStats> statistics(Connection hbase, String sensorTable) {
        return family(hbase, sensorTable, PumpSchema.STATS, StatisticsCodec.STATISTICS);
    }

    public static Map<String, LateMarkCodec.LateMark> lateMarks(Connection hbase, String sensorTable) {
        return family(hbase, sensorTable, PumpSchema.LATE, LateMarkCodec.LATE_MARKS);
    }

    public static Map<String, DeadLetterCodec.StoredDeadLetter> deadLetters(Connection hbase, String deadLetterTable) {
        return family(hbase, deadLetterTable, PumpSchema.ERROR, DeadLetterCodec.DEAD_LETTERS);
    }

    private static <D> Map<String, D> family(Connection hbase, String table, byte[] family, FamilyCodec<?, D> codec) {
        Map<String, D> rows = new TreeMap<>();
        try (Table t = hbase.getTable(TableName.valueOf(table));
                ResultScanner scanner = t.getScanner(new Scan().addFamily(family))) {
            for (Result result : scanner) {
                Optional<D> decoded = codec.decode(result);
                decoded.ifPresent(row -> rows.put(Bytes.toString(result.getRow()), row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
