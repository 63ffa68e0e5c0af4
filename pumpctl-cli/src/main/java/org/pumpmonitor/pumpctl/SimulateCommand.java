package org.pumpmonitor.pumpctl;

import org.pumpmonitor.simulator.SensorSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "simulate", description = "Runs the sensor simulator against the local Kafka unless told "
        + "otherwise; 'pumpctl simulate --help' lists its options.")
final class SimulateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SIMULATOR-OPTION", description = "Options of the simulator.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return simulate(args);
    }

    static int simulate(List<String> args) {
        List<String> all = new ArrayList<>(args);
        if (all.stream().noneMatch(a -> a.startsWith("--kafka.bootstrap-servers") || a.startsWith("--bootstrap-servers"))) {
            all.add(0, "--kafka.bootstrap-servers=" + LocalCluster.KAFKA_BOOTSTRAP);
        }
        return SensorSimulator.run(Pumpctl.out, Pumpctl.err, all.toArray(String[]::new));
    }
}
