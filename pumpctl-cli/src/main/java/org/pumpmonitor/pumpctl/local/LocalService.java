package org.pumpmonitor.pumpctl.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One process of the local stack: its command line, its environment and when it is ready. Its
 * configuration lives in resource files ({@link LocalConfigFiles}).
 */
abstract class LocalService {

    /**
     * The JVM options, main class and arguments, after {@code java}; may write configuration files
     * into home, and output of a preparing step into the service's log.
     */
    abstract List<String> command(StackFiles stack, Path home, Path log) throws Exception;

    /** Environment variables besides the user's. */
    Map<String, String> environment(StackFiles stack) throws Exception {
        return Map.of();
    }

    /** Whether the service answers; false (or an exception) while it starts. */
    abstract boolean ready() throws Exception;

    /** Once it answers: throws if the service does not behave as it must before anyone may use it. */
    void checkStarted() throws Exception {
    }

    /** The java of this JVM, which runs the stack's processes too. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
