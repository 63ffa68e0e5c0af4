package org.pumpmonitor.core.hbase;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.util.Bytes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the job's tables (idempotent) and checks that they exist: the HBase sink cannot create
 * them, and fails deep inside a task when they are missing. The tables are the sensor table, the
 * dead letter table, and the sensor table's pump index ({@link PumpSchema#pumpIndexTable}).
 */
public final class PumpTables {

    /**
     * One version per cell is all the product reads: replays and statistics updates rewrite a
     * cell with the same timestamp rather than adding versions.
     */
    public static final int MAX_VERSIONS = 1;

    private final String sensorTable;
    private final String deadLetterTable;
    private final byte[][] sensorSplits;

    public PumpTables(String sensorTable, String deadLetterTable) {
        this(sensorTable, deadLetterTable, new byte[0][]);
    }

    /**
     * @param sensorSplits split points of a new sensor table ({@link RegionSplits}): it starts with
     *                     one region more than there are points; an existing table is left as it is
     */
    public PumpTables(String sensorTable, String deadLetterTable, byte[][] sensorSplits) {
        this.sensorTable = sensorTable;
        this.deadLetterTable = deadLetterTable;
        this.sensorSplits = sensorSplits;
    }

    /** The names of the tables, as created. */
    public List<String> names() {
        return descriptors(MAX_VERSIONS).stream().map(t -> t.getTableName().getNameAsString()).toList();
    }

    /** Creates each table that does not exist yet, and adds any missing column family. */
    public List<String> create(Admin admin, int maxVersions) throws IOException {
        List<String> done = new ArrayList<>();
        for (TableDescriptor wanted : descriptors(maxVersions)) {
            TableName name = wanted.getTableName();
            if (!admin.tableExists(name)) {
                if (name.getNameAsString().equals(sensorTable) && sensorSplits.length > 0) {
                    admin.createTable(wanted, sensorSplits);
                    done.add("created table " + name + " in " + (sensorSplits.length + 1) + " regions, split at "
                            + String.join(", ", java.util.Arrays.stream(sensorSplits).map(Bytes::toStringBinary).toList()));
                } else {
                    admin.createTable(wanted);
                    done.add("created table " + name);
                }
                continue;
            }
            TableDescriptor existing = admin.getDescriptor(name);
            for (ColumnFamilyDescriptor family : wanted.getColumnFamilies()) {
                if (!existing.hasColumnFamily(family.getName())) {
                    admin.addColumnFamily(name, family);
                    done.add("added family " + family.getNameAsString() + " to table " + name);
                }
            }
        }
        return done;
    }

    /** The number of regions of the sensor table, as HBase has it now. */
    public int sensorRegions(Admin admin) throws IOException {
        return admin.getRegions(TableName.valueOf(sensorTable)).size();
    }

    /** Connects to HBase and creates what is missing; returns what it did (empty: nothing to do). */
    public List<String> createAll(Configuration conf) throws IOException {
        long deadline = System.nanoTime() + MASTER_START.toNanos();
        while (true) {
            try {
                return withAdmin(conf, admin -> create(admin, MAX_VERSIONS));
            } catch (IOException e) {
                // A master that has just started answers, but refuses table operations until it has
                // finished initializing: wait for it, as long as a start takes.
                if (!masterInitializing(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** How long {@link #createAll} waits for a master that is still initializing. */
    static final java.time.Duration MASTER_START = java.time.Duration.ofSeconds(90);

    private static boolean masterInitializing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.hadoop.hbase.PleaseHoldException
                    || String.valueOf(t.getMessage()).contains("PleaseHoldException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Throws an exception that says what is missing and how to create it, unless every table and
     * column family exists.
     */
    public void verify(Admin admin) throws IOException {
        List<String> missing = new ArrayList<>();
        for (TableDescriptor wanted : descriptors(MAX_VERSIONS)) {
            TableName name = wanted.getTableName();
            if (!admin.tableExists(name)) {
                missing.add("table '" + name + "'");
                continue;
            }
            TableDescriptor existing = admin.getDescriptor(name);
            for (ColumnFamilyDescriptor family : wanted.getColumnFamilies()) {
                if (!existing.hasColumnFamily(family.getName())) {
                    missing.add("column family '" + family.getNameAsString() + "' of table '" + name + "'");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "HBase is missing " + String.join(", ", missing) + ". " + howToCreate());
        }
    }

    public String howToCreate() {
        return "Create the tables first, with\n"
                + "  java -cp flink-job.jar " + CreateTables.class.getName()
                + " --hbase.zookeeper.quorum HOST:2181"
                + " --hbase.table.sensor " + sensorTable
                + " --hbase.table.dead-letters " + deadLetterTable + "\n"
                + "or in the HBase shell:\n  " + shellCommands().replace("\n", "\n  ");
    }

    /** The HBase shell commands that create the same tables. */
    public String shellCommands() {
        StringBuilder shell = new StringBuilder();
        shell.append(shellCreate(sensorTable, PumpSchema.SENSOR_FAMILIES)).append('\n');
        shell.append(shellCreate(deadLetterTable, PumpSchema.DEAD_LETTER_FAMILIES)).append('\n');
        shell.append(shellCreate(PumpSchema.pumpIndexTable(sensorTable), PumpSchema.PUMP_INDEX_FAMILIES));
        return shell.toString();
    }

    private static String shellCreate(String table, List<byte[]> families) {
        StringBuilder create = new StringBuilder("create '" + table + "'");
        for (byte[] family : families) {
            create.append(", {NAME => '").append(Bytes.toString(family))
                    .append("', VERSIONS => ").append(MAX_VERSIONS).append('}');
        }
        return create.toString();
    }

    private List<TableDescriptor> descriptors(int maxVersions) {
        return List.of(
                PumpSchema.sensorTable(TableName.valueOf(sensorTable), maxVersions),
                PumpSchema.deadLetterTable(TableName.valueOf(deadLetterTable), maxVersions),
                PumpSchema.pumpIndexTable(TableName.valueOf(PumpSchema.pumpIndexTable(sensorTable))));
    }

    /** Opens a fail-fast connection, runs {@code action}, and closes it. */
    public static <T> T withAdmin(Configuration conf, AdminAction<T> action) throws IOException {
        try (Connection connection = ConnectionFactory.createConnection(HBaseClientConfig.failFast(conf));
                Admin admin = connection.getAdmin()) {
            return action.apply(admin);
        } catch (IOException e) {
            String quorum = conf.get("hbase.zookeeper.quorum");
            throw new IOException("Cannot reach HBase through ZooKeeper at " + quorum
                    + " (is HBase running? is --hbase.zookeeper.quorum right?): " + e.getMessage(), e);
        }
    }

    /** An action on HBase's Admin. */
    @FunctionalInterface
    public interface AdminAction<T> {
        T apply(Admin admin) throws IOException;
    }
}
