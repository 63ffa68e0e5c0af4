package org.pumpmonitor.pumpctl.flink;

import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;


@Command(name = "savepoint", description = "Takes a savepoint of a running job; prints its path.")
public class SavepointCommand extends ConsoleCommand {
    @CommandLine.Mixin
    SavepointTarget target;

    SavepointCommand(Console console) {
        super(console);
    }

    @Override
    public Integer call() throws Exception {
        FlinkRest rest = new FlinkRest(target.flink);
        console.out().println(savepoint(new Savepoints(rest), target.runningJob(rest), target.directory));
        return 0;
    }

    /** Takes the savepoint (the target directory null: the cluster's); returns its path. */
    String savepoint(Savepoints savepoints, String job, String directory) throws Exception {
        return savepoints.take(job, directory);
    }
}
