package org.pumpmonitor.pumpctl.bench;

import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.console.PumpctlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JMH benchmarks of benchmarks/ (parser, converters), run from their build. */
@Command(name = "jmh", description = "Runs the JMH benchmarks of the parser and the converters (benchmarks/), "
        + "one fork, figures per core; results also in target/bench/jmh.csv.")
final class JmhBenchmark extends ConsoleCommand {
    @Parameters(paramLabel = "JMH-OPTION", description = "JMH's own options after --, e.g. -- Parser -f 2 (default: all benchmarks).")
    List<String> jmhOptions = new ArrayList<>();

    JmhBenchmark(Console console) {
        super(console);
    }

    @Override
    public Integer call() throws Exception {
        Path root = console.root();
        Path classes = root.resolve("benchmarks/target/classes");
        Path classpath = root.resolve("benchmarks/target/classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isReadable(classpath)) {
            throw new PumpctlException("the benchmarks are not built; build them with "
                    + "'mvn -B package -DskipTests -pl benchmarks -am'");
        }
        Path results = root.resolve("target/bench/jmh.csv");
        Files.createDirectories(results.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + File.pathSeparator + Files.readString(classpath).strip(),
                "org.openjdk.jmh.Main", "-rf", "csv", "-rff", results.toString()));
        command.addAll(jmhOptions);
        Process jmh = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
        int exit = jmh.waitFor();
        if (exit == 0) {
            Path history = root.resolve("target/bench/jmh-history.csv");
            FiguresCsv.appendTable(history, MeasuredCommit.of(root), Files.readAllLines(results));
            console.out().println("results: " + root.relativize(results) + " (this run), "
                    + root.relativize(history) + " (every run, with its time and commit)");
        }
        return exit == 0 ? 0 : 1;
    }
}
