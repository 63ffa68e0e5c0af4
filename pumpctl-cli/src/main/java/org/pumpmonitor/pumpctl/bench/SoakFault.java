package org.pumpmonitor.pumpctl.bench;

import org.pumpmonitor.pumpctl.local.LocalCluster;
import org.pumpmonitor.pumpctl.local.Service;

import java.time.Duration;
import java.util.List;

/**
 * The soak's faults, injected in this order and again from the first: each returns once what it
 * broke is back (services started, the job running again), which is the end of its window.
 */
enum SoakFault {
    /** The TaskManager killed with SIGKILL, as in a crash, then started again. */
    TASKMANAGER_KILL("taskmanager-kill") {
        @Override
        void inject(Context run) throws Exception {
            run.cluster().down(List.of(Service.FLINK_TASKMANAGER), true);
            run.cluster().up();
        }
    },
    /** HBase frozen (SIGSTOP), then thawed (SIGCONT): a long GC pause or a hung disk. */
    HBASE_FREEZE("hbase-freeze") {
        @Override
        void inject(Context run) throws Exception {
            long pid = run.cluster().pid(Service.HBASE).orElseThrow(() -> new IllegalStateException("HBase is not running"))
                    .pid();
            // A soak stopped during the freeze (Ctrl-C) must not leave HBase frozen.
            Thread thaw = new Thread(() -> {
                try {
                    signal(pid, "CONT");
                } catch (Exception e) {
                    System.err.println("soak: could not thaw HBase (kill -CONT " + pid + "): " + e.getMessage());
                }
            }, "thaw-hbase");
            Runtime.getRuntime().addShutdownHook(thaw);
            signal(pid, "STOP");
            try {
                Thread.sleep(run.freezeFor().toMillis()); // the freeze itself, not a wait for a condition
            } finally {
                signal(pid, "CONT");
                Runtime.getRuntime().removeShutdownHook(thaw);
            }
        }
    },
    /** The Kafka broker stopped and started again. */
    KAFKA_RESTART("kafka-restart") {
        @Override
        void inject(Context run) throws Exception {
            run.cluster().down(List.of(Service.KAFKA), false);
            run.cluster().up();
        }
    },
    /** The job cancelled, and a new one resumed from its newest retained checkpoint. */
    CANCEL_RESUME("cancel-resume") {
        @Override
        void inject(Context run) throws Exception {
            run.cancelAndResume();
        }
    },
    /** The job stopped with a savepoint and resumed from it at the other parallelism (1 or 2). */
    SAVEPOINT_RESCALE("savepoint-rescale") {
        @Override
        void inject(Context run) throws Exception {
            run.stopAndRescale();
        }
    },
    /** HBase stopped and started again. */
    HBASE_RESTART("hbase-restart") {
        @Override
        void inject(Context run) throws Exception {
            run.cluster().down(List.of(Service.HBASE), false);
            run.cluster().up();
        }
    };

    /** What a fault acts on. */
    interface Context {
        LocalCluster cluster();

        Duration freezeFor();

        void cancelAndResume() throws Exception;

        void stopAndRescale() throws Exception;
    }

    final String label;

    SoakFault(String label) {
        this.label = label;
    }

    abstract void inject(Context run) throws Exception;

    static SoakFault of(String label) {
        for (SoakFault f : values()) {
            if (f.label.equals(label.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + label + "': " + String.join(", ",
                java.util.Arrays.stream(values()).map(f -> f.label).toList()));
    }

    private static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw new IllegalStateException("kill -" + signal + " " + pid + " did not return within 10 s");
        }
        if (kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed (exit " + kill.exitValue() + ")");
        }
    }
}
