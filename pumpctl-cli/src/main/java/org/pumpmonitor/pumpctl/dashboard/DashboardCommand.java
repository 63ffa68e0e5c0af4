package org.pumpmonitor.pumpctl.dashboard;

import org.apache.hadoop.hbase.client.Connection;
import org.pumpmonitor.core.options.Durations;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.console.PumpctlException;
import org.pumpmonitor.pumpctl.stack.StackAddresses;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

@Command(name = "dashboard", description = "Serves the live web dashboard and its JSON API until Ctrl-C.")
public final class DashboardCommand extends ConsoleCommand {
    @CommandLine.Mixin
    StackAddresses stack;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--silent-after", defaultValue = "10 min", paramLabel = "DURATION",
            description = "A pump whose last reading is older than this is shown as silent (default: ${DEFAULT-VALUE}).")
    String silentAfter;

    @Option(names = "--kafka.rules-topic", defaultValue = "pump-rules",
            description = "Kafka topic of the alarm rules, shown on each pump's page (default: ${DEFAULT-VALUE}).")
    String rulesTopic;

    DashboardCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() throws Exception {
        Duration silence = Durations.parse(silentAfter);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be from 0 to 65535");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (Connection hbase = stack.hbase();
                Dashboard dashboard = new Dashboard(hbase, stack.sensorTable, stack.deadLetterTable, silence,
                        new org.pumpmonitor.pumpctl.rules.RulesTopic(stack.bootstrapServers, rulesTopic))) {
            int bound;
            try {
                bound = dashboard.start(bind, port);
            } catch (RuntimeException e) {
                throw new PumpctlException("cannot listen on " + bind + ":" + port + " (" + rootMessage(e)
                        + "); choose another --port");
            }
            console.out().println("dashboard on http://" + (bind.equals("0.0.0.0") ? "localhost" : bind) + ":" + bound
                    + "/ (HBase through ZooKeeper " + stack.zookeeper + "); Ctrl-C stops it");
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }
}
