package org.pumpmonitor.pumpctl;

import org.pumpmonitor.pumpctl.console.Console;
import picocli.CommandLine;

import java.lang.reflect.Constructor;

/**
 * Makes pumpctl's commands and their option groups for picocli: those that print, or work in the
 * project, take the {@link Console} in their constructor and get this command line's; the others
 * are made as picocli makes them.
 */
final class ConsoleFactory implements CommandLine.IFactory {

    private final Console console;

    ConsoleFactory(Console console) {
        this.console = console;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Constructor<K> withConsole;
        try {
            withConsole = type.getDeclaredConstructor(Console.class);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(type);
        }
        withConsole.setAccessible(true);
        return withConsole.newInstance(console);
    }
}
