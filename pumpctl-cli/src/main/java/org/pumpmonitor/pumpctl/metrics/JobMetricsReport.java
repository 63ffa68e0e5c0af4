package org.pumpmonitor.pumpctl.metrics;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A report of each running job's key metrics (uptime, restarts, readings, alarms, dead letters,
 * late and duplicate readings, consumer lag, checkpoints), summed from the Prometheus endpoints of
 * the JobManager and the TaskManagers: what a Grafana dashboard shows, for a terminal.
 */
public final class JobMetricsReport {

    private static final String TASK = "flink_taskmanager_job_task_operator_";
    private static final String JOB = "flink_jobmanager_job_";

    private JobMetricsReport() {
    }

    /** Prints the figures of every job the scrapes know; says so where there is none. */
    public static void print(PrometheusScrape jobManager, PrometheusScrape taskManagers, PrintStream out) {
        Map<String, String> jobs = new LinkedHashMap<>();
        jobManager.samples().stream().filter(s -> s.name().equals(JOB + "uptime"))
                .forEach(s -> jobs.put(s.label("job_id"), s.label("job_name")));
        if (jobs.isEmpty()) {
            out.println("no job is running");
            return;
        }
        jobs.forEach((id, name) -> {
            java.util.function.Predicate<PrometheusScrape.Sample> ofJob = s -> s.label("job_id").equals(id);
            double uptime = jobManager.sum(JOB + "uptime", ofJob);
            out.printf("job %s (%s): up %s, %s restarts; counts since its tasks last started%n", name, id,
                    duration(uptime), count(jobManager.sum(JOB + "numRestarts", ofJob)));
            out.printf("  %-20s %12s   now %s/s%n", "readings parsed", count(taskManagers.sum(TASK + "readingsParsed", ofJob)),
                    rate(taskManagers.sum(TASK + "KafkaSourceReader_KafkaConsumer_records_consumed_rate", ofJob)));
            out.printf("  %-20s %12s%n", "alarms raised", count(taskManagers.sum(TASK + "alarmsRaised", ofJob)));
            out.printf("  %-20s %12s%n", "dead letters", count(taskManagers.sum(TASK + "deadLetters", ofJob)));
            out.printf("  %-20s %12s%n", "late readings", count(taskManagers.sum(TASK + "lateReadings", ofJob)));
            out.printf("  %-20s %12s%n", "duplicate readings", count(taskManagers.sum(TASK + "duplicateReadings", ofJob)));
            out.printf("  %-20s %12s   records not yet read from Kafka%n", "consumer lag",
                    count(taskManagers.sum(TASK + "pendingRecords", ofJob)));
            out.printf("  %-20s %12s   completed, %s failed; the last took %s ms, %s bytes%n", "checkpoints",
                    count(jobManager.sum(JOB + "numberOfCompletedCheckpoints", ofJob)),
                    count(jobManager.sum(JOB + "numberOfFailedCheckpoints", ofJob)),
                    count(jobManager.sum(JOB + "lastCheckpointDuration", ofJob)),
                    count(jobManager.sum(JOB + "lastCheckpointSize", ofJob)));
        });
    }

    /**
     * A line per TaskManager: what its tasks read (summed over jobs), its CPU load and heap. Shows
     * whether the work is spread over the TaskManagers.
     */
    public static void printTaskManagers(Map<String, PrometheusScrape> taskManagers, PrintStream out) {
        taskManagers.forEach((name, scrape) -> {
            java.util.function.Predicate<PrometheusScrape.Sample> all = s -> true;
            out.printf("  %-20s %12s readings parsed, now %s/s; CPU load %s, heap %s MB%n", name,
                    count(scrape.sum(TASK + "readingsParsed", all)),
                    rate(scrape.sum(TASK + "KafkaSourceReader_KafkaConsumer_records_consumed_rate", all)),
                    rate(scrape.sum("flink_taskmanager_Status_JVM_CPU_Load", all)),
                    count(scrape.sum("flink_taskmanager_Status_JVM_Memory_Heap_Used", all) / (1024 * 1024)));
        });
    }

    private static String count(double value) {
        return Double.isNaN(value) ? "-" : String.format("%,d", Math.round(value));
    }

    private static String rate(double value) {
        return Double.isNaN(value) ? "-" : String.format("%,.1f", value);
    }

    private static String duration(double millis) {
        if (Double.isNaN(millis)) {
            return "-";
        }
        long seconds = Math.round(millis / 1000);
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }
}
