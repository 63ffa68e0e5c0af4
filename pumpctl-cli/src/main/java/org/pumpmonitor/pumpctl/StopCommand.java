package org.pumpmonitor.pumpctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

import static org.pumpmonitor.pumpctl.Pumpctl.out;

@Command(name = "stop", description = "Stops a job with a savepoint; prints the savepoint's path.")
final class StopCommand implements Callable<Integer> {
    @CommandLine.Mixin
    SavepointTarget target = new SavepointTarget();

    @Override
    public Integer call() throws Exception {
        FlinkRest rest = new FlinkRest(target.flink);
        out.println(rest.stopWithSavepoint(target.runningJob(rest), target.directory));
        return 0;
    }
}
