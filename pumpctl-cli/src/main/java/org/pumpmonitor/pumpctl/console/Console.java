package org.pumpmonitor.pumpctl.console;

import picocli.CommandLine;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a command is given by whoever runs it: where it prints (its standard output and error) and
 * the project it works in (where {@code ./pumpctl} is: the job jar, the runtimes, flink-conf/).
 * {@code Pumpctl.run} makes one per command line; a test makes its own.
 */
public record Console(PrintStream out, PrintStream err, Path root) {

    public Console {
        root = root.toAbsolutePath().normalize();
    }

    /** Warns that an option is spelt the old way; returns its value. */
    public String deprecated(String old, String now, String value) {
        err.println("pumpctl: " + old + " is deprecated; use " + now);
        return value;
    }

    /**
     * For a command that needs a subcommand and got none: prints its usage (made anew from the
     * command, as pumpctl has always printed it here) and returns exit code 2.
     */
    public int usage(CommandLine.Model.CommandSpec spec) {
        new CommandLine(spec.userObject(), spec.commandLine().getFactory()).usage(out);
        return 2;
    }
}
