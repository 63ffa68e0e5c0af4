package org.pumpmonitor.pumpctl;

import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.local.LocalAddresses;
import org.pumpmonitor.simulator.SensorSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "simulate", description = "Runs the sensor simulator against the local Kafka unless told "
        + "otherwise; 'pumpctl simulate --help' lists its options.")
final class SimulateCommand extends ConsoleCommand {
    @Parameters(paramLabel = "SIMULATOR-OPTION", description = "Options of the simulator.")
    List<String> args = new ArrayList<>();

    SimulateCommand(Console console) {
        super(console);
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
