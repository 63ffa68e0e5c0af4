package org.pumpmonitor.pumpctl;

import org.pumpmonitor.pumpctl.bench.BenchCommand;
import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.console.PumpctlException;
import org.pumpmonitor.pumpctl.dashboard.DashboardCommand;
import org.pumpmonitor.pumpctl.demo.DemoCommand;
import org.pumpmonitor.pumpctl.flink.JobsCommand;
import org.pumpmonitor.pumpctl.flink.SavepointCommand;
import org.pumpmonitor.pumpctl.flink.StopCommand;
import org.pumpmonitor.pumpctl.flink.SubmitCommand;
import org.pumpmonitor.pumpctl.local.LocalCommand;
import org.pumpmonitor.pumpctl.query.AlarmsCommand;
import org.pumpmonitor.pumpctl.query.QueryCommand;
import org.pumpmonitor.pumpctl.rules.RulesCommand;
import org.pumpmonitor.pumpctl.stack.SetupCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code ./pumpctl}: runs, operates and queries the pump-monitor pipeline. Each command is a class
 * of its own ({@code *Command}, in the package of what it works on); this one holds the entry point
 * and the error handling they share, and hands each command its {@link Console}.
 */
@Command(name = "pumpctl", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "pumpctl 0.1.0",
        description = "Runs, operates and queries the pump-monitor pipeline.",
        subcommands = {
            DemoCommand.class, LocalCommand.class, SetupCommand.class, SubmitCommand.class, JobsCommand.class,
            DashboardCommand.class, AlarmsCommand.class, RulesCommand.class,
            SavepointCommand.class, StopCommand.class, SimulateCommand.class, QueryCommand.class, BenchCommand.class})
public final class Pumpctl extends ConsoleCommand {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Pumpctl(Console console) {
        super(console);
    }

    public static void main(String[] args) {
        // Hadoop's client logs through java.util.logging here; its notices are not for the user.
        java.util.logging.LogManager.getLogManager().reset();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs a command line in the project of the system property {@code pumpctl.root} (the directory
     * of ./pumpctl; default: the working directory); returns the exit code (0 ok, 1 failure, 2 wrong
     * arguments).
     */
    public static int run(PrintStream stdout, PrintStream stderr, String... args) {
        Console console = new Console(stdout, stderr, Path.of(System.getProperty("pumpctl.root", ".")));
        if (args.length > 0 && args[0].equals("simulate")) {
            // Every argument after 'simulate' is the simulator's, exactly as given.
            return SimulateCommand.simulate(console, Arrays.asList(args).subList(1, args.length));
        }
        return new CommandLine(new Pumpctl(console), new ConsoleFactory(console))
                .setOut(new PrintWriter(stdout, true))
                .setErr(new PrintWriter(stderr, true))
                .setParameterExceptionHandler((e, args1) -> {
                    String command = e.getCommandLine().getCommandSpec().qualifiedName();
                    stderr.println(command + ": " + e.getMessage() + " (see " + command + " --help)");
                    return 2;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof PumpctlException || e instanceof IllegalArgumentException
                            || e instanceof IllegalStateException) {
                        // The whole name: 'pumpctl rules set', not 'pumpctl set'.
                        stderr.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                        return 1;
                    }
                    throw e;
                })
                .execute(args);
    }

    @Override
    public Integer call() {
        return console.usage(spec);
    }
}
