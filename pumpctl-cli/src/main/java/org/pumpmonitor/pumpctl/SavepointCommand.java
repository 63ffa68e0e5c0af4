package org.pumpmonitor.pumpctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

import static org.pumpmonitor.pumpctl.Pumpctl.out;

@Command(name = "savepoint", description = "Takes a savepoint of a running job; prints its path.")
final class SavepointCommand implements Callable<Integer> {
    @CommandLine.Mixin
    SavepointTarget target = new SavepointTarget();

    @Override
    public Integer call() throws Exception {
        FlinkRest rest = new FlinkRest(target.flink);
        out.println(rest.savepoint(target.runningJob(rest), target.directory));
        return 0;
    }
}
