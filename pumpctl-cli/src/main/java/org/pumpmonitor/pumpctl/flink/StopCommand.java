package org.pumpmonitor.pumpctl.flink;

import org.pumpmonitor.pumpctl.console.Console;
import picocli.CommandLine.Command;

/** {@code savepoint}, and the job stops with it. */
@Command(name = "stop", description = "Stops a job with a savepoint; prints the savepoint's path.")
public final class StopCommand extends SavepointCommand {

    StopCommand(Console console) {
        super(console);
    }

    @Override
    String savepoint(Savepoints savepoints, String job, String directory) throws Exception {
        return savepoints.stopWithSavepoint(job, directory);
    }
}
