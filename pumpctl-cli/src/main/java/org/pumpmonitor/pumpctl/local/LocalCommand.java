package org.pumpmonitor.pumpctl.local;

import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.metrics.JobMetricsReport;
import org.pumpmonitor.pumpctl.metrics.PrometheusScrape;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

import static org.pumpmonitor.pumpctl.local.LocalAddresses.JOBMANAGER_METRICS;

@Command(name = "local", description = "Runs Kafka, HBase and a Flink session cluster as local background processes.")
public final class LocalCommand extends ConsoleCommand {
    @Option(names = "--dir", defaultValue = ".local", scope = CommandLine.ScopeType.INHERIT,
            description = "Data, logs and pid files (default: ${DEFAULT-VALUE}).")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    LocalCommand(Console console) {
        super(console);
    }

    private LocalCluster cluster() {
        return new LocalCluster(console.root(), console.root().resolve(dir), console.out());
    }

    @Override
    public Integer call() {
        return console.usage(spec);
    }

    @Command(name = "up", description = "Starts what is not running and waits until each service answers.")
    int up(@Option(names = "--taskmanagers", paramLabel = "N",
                   description = "Flink TaskManagers to run, 1 to " + Service.MAX_TASKMANAGERS + ", each with "
                           + "numberOfTaskSlots slots and its own metrics port (9250, 9251, ...); those beyond N "
                           + "stop (default: as many as the stack last ran, 1 for a new stack).")
           Integer taskManagers) throws Exception {
        LocalCluster cluster = cluster();
        int n = taskManagers == null ? cluster.taskManagers() : taskManagers;
        if (n < 1 || n > Service.MAX_TASKMANAGERS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--taskmanagers must be 1 to " + Service.MAX_TASKMANAGERS + ", not " + n);
        }
        cluster.up(n);
        return 0;
    }

    @Command(name = "down", description = "Stops the processes 'up' started, or only the services named; "
            + "'up' starts them again.")
    int down(@Parameters(paramLabel = "SERVICE", arity = "0..*",
                    description = "kafka, hbase, flink-jobmanager, flink-taskmanager, flink-taskmanager-2, ... "
                            + "(default: all).")
             List<String> services,
             @Option(names = "--kill", description = "SIGKILL, as in a crash, instead of a clean stop.")
             boolean kill) throws Exception {
        List<Service> only = new ArrayList<>();
        for (String name : services == null ? List.<String>of() : services) {
            only.add(Service.named(name));
        }
        cluster().down(only, kill);
        return 0;
    }

    @Command(name = "status", description = "Says what runs, its memory and where its log is; exit 0 if everything runs.")
    int status() {
        LocalCluster cluster = cluster();
        boolean all = cluster.status();
        if (cluster.pid(Service.FLINK_JOBMANAGER).isPresent()) {
            try {
                Map<String, PrometheusScrape> taskManagers = new LinkedHashMap<>();
                for (int n = 1; n <= cluster.taskManagers(); n++) {
                    if (cluster.pid(Service.taskManager(n)).isPresent()) {
                        taskManagers.put(Service.taskManager(n).name(),
                                PrometheusScrape.of(LocalAddresses.taskManagerMetrics(n)));
                    }
                }
                JobMetricsReport.print(PrometheusScrape.of(JOBMANAGER_METRICS),
                        PrometheusScrape.merge(List.copyOf(taskManagers.values())), console.out());
                console.out().println("TaskManagers:");
                JobMetricsReport.printTaskManagers(taskManagers, console.out());
            } catch (IOException e) {
                console.out().println("no figures: a Prometheus endpoint of the stack (" + JOBMANAGER_METRICS + ", "
                        + LocalAddresses.taskManagerMetrics(1) + ", ...) does not answer (" + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return all ? 0 : 1;
    }
}
