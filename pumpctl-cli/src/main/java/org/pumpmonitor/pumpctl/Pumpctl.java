package org.pumpmonitor.pumpctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ./pumpctl}: runs, operates and queries the pump-monitor pipeline. Each command is a class
 * of its own ({@code *Command}, and {@link Bench}); this one holds the entry point, the error
 * handling they share and the project's root.
 */
@Command(name = "pumpctl", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "pumpctl 0.1.0",
        description = "Runs, operates and queries the pump-monitor pipeline.",
        subcommands = {
            DemoCommand.class, LocalCommand.class, SetupCommand.class, SubmitCommand.class, JobsCommand.class,
            DashboardCommand.class, AlarmsCommand.class,
            SavepointCommand.class, StopCommand.class, SimulateCommand.class, QueryCommand.class, Bench.class})
public final class Pumpctl implements Callable<Integer> {

    static PrintStream out = System.out;
    static PrintStream err = System.err;

    public static void main(String[] args) {
        // Hadoop's client logs through java.util.logging here; its notices are not for the user.
        java.util.logging.LogManager.getLogManager().reset();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
        System.exit(run(System.out, System.err, args));
    }

    /** Runs a command line; returns the exit code (0 ok, 1 failure, 2 wrong arguments). */
    public static int run(PrintStream stdout, PrintStream stderr, String... args) {
        out = stdout;
        err = stderr;
        if (args.length > 0 && args[0].equals("simulate")) {
            // Every argument after 'simulate' is the simulator's, exactly as given.
            return SimulateCommand.simulate(java.util.Arrays.asList(args).subList(1, args.length));
        }
        return new CommandLine(new Pumpctl())
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
                        stderr.println("pumpctl " + cmd.getCommandName() + ": " + e.getMessage());
                        return 1;
                    }
                    throw e;
                })
                .execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return 2;
    }

    /** The project's root: where ./pumpctl is. */
    static Path root() {
        return Path.of(System.getProperty("pumpctl.root", ".")).toAbsolutePath().normalize();
    }

    /** Warns that an option is spelt the old way; returns its value. */
    static String deprecated(String old, String now, String value) {
        err.println("pumpctl: " + old + " is deprecated; use " + now);
        return value;
    }
}
