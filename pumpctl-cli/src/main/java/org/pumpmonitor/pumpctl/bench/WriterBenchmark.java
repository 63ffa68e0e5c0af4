package org.pumpmonitor.pumpctl.bench;

import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.BufferedMutator;
import org.apache.hadoop.hbase.client.BufferedMutatorParams;
import org.apache.hadoop.hbase.client.Connection;
import org.pumpmonitor.core.hbase.AlarmCodec;
import org.pumpmonitor.core.hbase.PumpTables;
import org.pumpmonitor.core.hbase.ReadingCodec;
import org.pumpmonitor.core.model.LowPressureAlarm;
import org.pumpmonitor.core.model.SensorReading;
import org.pumpmonitor.core.options.JobOptions;
import org.pumpmonitor.core.parse.SensorReadingParser;
import org.pumpmonitor.pumpctl.stack.PipelineSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.pumpmonitor.pumpctl.bench.BenchmarkRun.perSecond;

/** The bound of the job's throughput on this HBase: the job's cells written with nothing else in the way. */
@Command(name = "writer", description = "The limit: writes the job's cells for READINGS readings (and their "
        + "alarms) straight to HBase with one BufferedMutator, nothing else; the rows per second the job can "
        + "at most reach on this HBase.")
final class WriterBenchmark implements Callable<Integer> {
    @CommandLine.Mixin
    BenchmarkRun run;

    @Option(names = "--readings", defaultValue = "500000", description = "Readings to write (default: ${DEFAULT-VALUE}).")
    long readings;

    @Option(names = "--buffer-mb", defaultValue = "4", description = "The BufferedMutator's write buffer (default: ${DEFAULT-VALUE} MiB).")
    int bufferMb;

    @Override
    public Integer call() throws Exception {
        run.check();
        SensorReadingParser parser = new SensorReadingParser(ZoneId.of(JobOptions.TIME_ZONE.defaultValue));
        List<SensorReading> parsed = new ArrayList<>();
        for (String line : SyntheticLoad.lines(run.pumps, readings, 100)) {
            parsed.add(parser.parse(line));
        }
        double threshold = Double.parseDouble(JobOptions.PSI_THRESHOLD.defaultValue);
        for (int pass = 1; pass <= run.passes; pass++) {
            String id = BenchmarkRun.newId("writer");
            PumpTables tables = new PumpTables(id, id + "_dead");
            try (Connection hbase = run.stack.hbase()) {
                tables.createAll(hbase.getConfiguration());
                long alarms = 0;
                try (StackMemoryPeak memory = new StackMemoryPeak(run.localStack());
                        BufferedMutator mutator = hbase.getBufferedMutator(
                                new BufferedMutatorParams(TableName.valueOf(id)).writeBufferSize(bufferMb << 20))) {
                    long start = System.nanoTime();
                    for (SensorReading r : parsed) {
                        mutator.mutate(ReadingCodec.READINGS.put(r));
                        if (r.psi < threshold) {
                            mutator.mutate(AlarmCodec.ALARMS.put(new LowPressureAlarm(r.pumpId, r.eventTime, r.psi, threshold)));
                            alarms++;
                        }
                    }
                    mutator.flush();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double rate = readings / seconds;
                    run.console.out().printf("pass %d: %,d readings (%,d alarms) written in %.1f s: %s readings/s; "
                                    + "stack resident peak %,d MB%n",
                            pass, readings, alarms, seconds, perSecond(rate), memory.peakMb());
                    Map<String, Object> figures = new LinkedHashMap<>();
                    figures.put("readings", readings);
                    figures.put("alarms", alarms);
                    figures.put("readings_per_s", Math.round(rate));
                    figures.put("buffer_mb", bufferMb);
                    figures.put("stack_rss_peak_mb", memory.peakMb());
                    run.record("writer", pass, figures);
                }
                new PipelineSetup(run.console).dropTables(hbase, tables);
            }
        }
        return 0;
    }
}
