package org.pumpmonitor.pumpctl.local;

import org.pumpmonitor.pumpctl.console.PumpctlException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the files of one local stack are: the project's (the runtimes' classpaths Maven resolved,
 * flink-conf/, the jars the build makes) and the stack's own directory (each service's home, log
 * and pid file).
 *
 * @param root the project's root
 * @param dir where the stack's data, logs and pid files go
 */
public record StackFiles(Path root, Path dir) {

    public StackFiles {
        root = root.toAbsolutePath().normalize();
        dir = dir.toAbsolutePath().normalize();
    }

    /** Deletes a file or a directory with everything in it; nothing if it does not exist. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    Path home(String service) {
        return dir.resolve(service);
    }

    Path log(String service) {
        return dir.resolve(service + ".log");
    }

    Path pidFile(String service) {
        return dir.resolve(service + ".pid");
    }

    /** A runtime's classpath ({@code pumpctl-cli/runtimes/NAME}), as Maven resolved it. */
    String classpath(String runtime) throws IOException {
        Path file = root.resolve("pumpctl-cli/runtimes/" + runtime + "/target/classpath.txt");
        if (!Files.exists(file)) {
            throw new PumpctlException("the " + runtime + " runtime is not built: run 'mvn -B package -DskipTests' in "
                    + root);
        }
        return Files.readString(file).strip();
    }

    /**
     * The job jar's libraries as Maven resolved them ({@code flink-job/target/flink-lib-classpath.txt}): the
     * local Flink's lib/, as docker/ copies them into Flink's image.
     */
    String flinkLibClasspath() throws IOException {
        Path file = root.resolve("flink-job/target/flink-lib-classpath.txt");
        if (!Files.exists(file)) {
            throw new PumpctlException("the job's libraries for Flink's lib/ are not resolved: run 'mvn -B package"
                    + " -DskipTests' in " + root);
        }
        return Files.readString(file).strip();
    }

    /** A jar the project's build makes, e.g. {@code pumpctl-cli/runtimes/rest-guard/target/rest-guard.jar}. */
    Path builtJar(String path, String what) {
        Path jar = root.resolve(path);
        if (!Files.exists(jar)) {
            throw new PumpctlException(what + " is not built: run 'mvn -B package -DskipTests' in " + root);
        }
        return jar;
    }

    /** A path as the user would type it from the project's root. */
    String display(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }
}
