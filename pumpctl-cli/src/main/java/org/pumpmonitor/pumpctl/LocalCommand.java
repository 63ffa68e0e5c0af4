package org.pumpmonitor.pumpctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "local", description = "Runs Kafka, HBase and a Flink session cluster as local background processes.")
final class LocalCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = ".local", scope = CommandLine.ScopeType.INHERIT,
            description = "Data, logs and pid files (default: ${DEFAULT-VALUE}).")
    Path dir;

    LocalCluster cluster() {
        return new LocalCluster(Pumpctl.root(), Pumpctl.root().resolve(dir), Pumpctl.out);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(Pumpctl.out);
        return 2;
    }

    @Command(name = "up", description = "Starts what is not running and waits until each service answers.")
    int up() throws Exception {
        cluster().up();
        return 0;
    }

    @Command(name = "down", description = "Stops the processes 'up' started, or only the services named; "
            + "'up' starts them again.")
    int down(@Parameters(paramLabel = "SERVICE", arity = "0..*",
                    description = "kafka, hbase, flink-jobmanager or flink-taskmanager (default: all).")
             List<String> services,
             @Option(names = "--kill", description = "SIGKILL, as in a crash, instead of a clean stop.")
             boolean kill) throws Exception {
        List<LocalCluster.Service> only = new ArrayList<>();
        for (String name : services == null ? List.<String>of() : services) {
            only.add(LocalCluster.service(name));
        }
        cluster().down(only, kill);
        return 0;
    }

    @Command(name = "status", description = "Says what runs, its memory and where its log is; exit 0 if everything runs.")
    int status() {
        return cluster().status() ? 0 : 1;
    }
}
