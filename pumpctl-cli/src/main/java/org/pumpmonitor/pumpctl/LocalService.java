package org.pumpmonitor.pumpctl;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One process of the local stack: its command line, its environment and when it is ready. Its
 * configuration lives in resource files under {@code org/pumpmonitor/pumpctl/local/}.
 */
abstract class LocalService {

    /** The JVM options, main class and arguments, after {@code java}; may write configuration files into home. */
    abstract List<String> command(LocalCluster cluster, Path home) throws Exception;

    /** Environment variables besides the user's. */
    Map<String, String> environment(LocalCluster cluster) throws Exception {
        return Map.of();
    }

    /** Whether the service answers; false (or an exception) while it starts. */
    abstract boolean ready() throws Exception;

    /** Once it answers: throws if the service does not behave as it must before anyone may use it. */
    void checkStarted(LocalCluster cluster) throws Exception {
    }
}
