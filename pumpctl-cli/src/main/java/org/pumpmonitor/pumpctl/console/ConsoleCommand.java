package org.pumpmonitor.pumpctl.console;

import java.util.concurrent.Callable;

/**
 * A pumpctl command: made (by picocli, through pumpctl's factory) with the console of the command
 * line it runs in, where it prints and finds the project; its exit code is what it returns.
 */
public abstract class ConsoleCommand implements Callable<Integer> {

    protected final Console console;

    protected ConsoleCommand(Console console) {
        this.console = console;
    }
}
