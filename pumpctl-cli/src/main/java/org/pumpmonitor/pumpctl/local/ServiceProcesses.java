package org.pumpmonitor.pumpctl.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The processes of one stack's services: each started in a session of its own, with a marker on
 * its command line that names the stack and the service, and found again through its pid file
 * only while it still carries that marker.
 */
final class ServiceProcesses {

    private final StackFiles files;

    ServiceProcesses(StackFiles files) {
        this.files = files;
    }

    /** Starts the service's process, its output appended to its log, and writes its pid file. */
    ProcessHandle start(Service service) throws Exception {
        Path home = files.home(service.name);
        Files.createDirectories(home);
        List<String> command = new ArrayList<>();
        command.add(LocalService.javaExecutable());
        command.add(marker(service));
        command.addAll(service.process.command(files, home, files.log(service.name)));
        ProcessBuilder builder = new ProcessBuilder(detached(command));
        builder.environment().putAll(service.process.environment(files));
        builder.directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log(service.name).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = builder.start();
        // With setsid the child is the java process itself (setsid execs it).
        Files.writeString(files.pidFile(service.name), Long.toString(process.pid()));
        return process.toHandle();
    }

    /** The live process of a pid file, if it is still the one this directory started. */
    Optional<ProcessHandle> find(Service service) {
        Path file = files.pidFile(service.name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(file).strip());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    // A pid file outlives a reboot or a crash, and its pid may be another process's by
                    // now: only a process whose command line carries this stack's marker is ours.
                    .filter(p -> p.info().commandLine().map(c -> carries(c, marker(service))).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void forget(Service service) throws IOException {
        Files.deleteIfExists(files.pidFile(service.name));
    }

    /** Whether the command line carries the marker as an argument of its own; arguments are separated by spaces. */
    static boolean carries(String commandLine, String marker) {
        return (" " + commandLine + " ").contains(" " + marker + " ");
    }

    /** A system property on the command line that says which stack and service a process is. */
    private String marker(Service service) {
        return "-Dpumpctl.service=" + service.name + "@" + files.dir();
    }

    /** Runs the command in a session of its own, so that a Ctrl-C in the terminal does not reach it. */
    private static List<String> detached(List<String> command) {
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            List<String> detached = new ArrayList<>(List.of("/usr/bin/setsid"));
            detached.addAll(command);
            return detached;
        }
        return command;
    }
}
