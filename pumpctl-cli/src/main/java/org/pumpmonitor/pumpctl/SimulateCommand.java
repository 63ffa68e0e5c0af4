package org.pumpmonitor.pumpctl;

import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
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

    private final Console console;

    SimulateCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        return simulate(console, args);
    }

    static int simulate(Console console, List<String> args) {
        List<String> all = new ArrayList<>(args);
        if (all.stream().noneMatch(a -> a.startsWith("--kafka.bootstrap-servers") || a.startsWith("--bootstrap-servers"))) {
            all.add(0, "--kafka.bootstrap-servers=" + LocalAddresses.KAFKA_BOOTSTRAP);
        }
        return SensorSimulator.run(console.out(), console.err(), all.toArray(String[]::new));
    }
}
