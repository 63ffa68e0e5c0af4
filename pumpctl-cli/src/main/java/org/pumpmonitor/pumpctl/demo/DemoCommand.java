package org.pumpmonitor.pumpctl.demo;

import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

@Command(name = "demo", description = "Runs the whole pipeline locally with synthetic pumps (or a replay) and shows it live.")
public final class DemoCommand extends ConsoleCommand {
    @Option(names = "--replay", paramLabel = "FILE", description = "Replay this file instead of synthetic pumps.")
    Path replay;

    @Option(names = "--pumps", defaultValue = "10", description = "Synthetic pumps (default: ${DEFAULT-VALUE}).")
    int pumps;

    @Option(names = "--rate", defaultValue = "50", description = "Readings per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--count", defaultValue = "0", description = "Stop the simulator after this many readings; 0 = never (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--exit-when-done", description = "Stop once everything sent is stored, print a summary and the statistics.")
    boolean exitWhenDone;

    @Option(names = "--dashboard-port", defaultValue = "8080",
            description = "Port of the dashboard the demo serves on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--dir", defaultValue = ".local", description = "Data, logs and pid files of the local stack (default: ${DEFAULT-VALUE}).")
    Path dir;

    DemoCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() throws Exception {
        if (exitWhenDone && replay == null && count == 0) {
            throw new IllegalArgumentException("--exit-when-done needs a run that ends: --replay FILE or --count N");
        }
        if (replay != null && count > 0) {
            throw new IllegalArgumentException("--count is for synthetic pumps; --replay sends the whole file");
        }
        Path stackDir = console.root().resolve(dir);
        return new DemoRun(console, new DemoRun.Load(replay, pumps, rate, count), exitWhenDone, dashboardPort, stackDir)
                .run();
    }
}
