package org.pumpmonitor.core.hbase;

import org.apache.hadoop.conf.Configuration;
import org.pumpmonitor.core.options.JobOptions;

import java.util.List;

/**
 * Creates the job's HBase tables; running it again changes nothing. Reads the job's own options
 * (only the HBase ones matter), so one command line serves both.
 *
 * <p>{@code java -cp flink-job.jar org.pumpmonitor.core.hbase.CreateTables --hbase.zookeeper.quorum localhost:2181}
 */
public final class CreateTables {

    private CreateTables() {}

    public static void main(String[] args) {
        try {
            JobOptions options = JobOptions.fromArgs(args);
            Configuration conf = HBaseClientConfig.configuration(options);
            PumpTables tables = new PumpTables(
                    options.get(JobOptions.SENSOR_TABLE),
                    options.get(JobOptions.DEAD_LETTER_TABLE));
            List<String> done = tables.createAll(conf);
            (done.isEmpty() ? List.of("tables already exist, nothing to do") : done).forEach(System.out::println);
        } catch (Exception e) {
            System.err.println("create-tables: " + e.getMessage());
            System.exit(1);
        }
    }
}
