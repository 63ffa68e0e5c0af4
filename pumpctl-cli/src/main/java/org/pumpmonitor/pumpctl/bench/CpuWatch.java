package org.pumpmonitor.pumpctl.bench;

import org.pumpmonitor.pumpctl.console.Console;
import org.pumpmonitor.pumpctl.console.ConsoleCommand;
import org.pumpmonitor.pumpctl.console.PumpctlException;
import org.pumpmonitor.pumpctl.local.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * {@code pumpctl bench cpu}: the CPU each process of the local stack has used since the command
 * started, printed every interval, beside a run of something else (the side-by-side runner of
 * {@code ../shared/bench/}, a load test): the difference of two lines is what each process spent
 * between their times, its JIT compiler's and garbage collector's share apart ({@link StackCpu}).
 */
@Command(name = "cpu", description = "Prints every INTERVAL seconds the CPU seconds each process of the local stack "
        + "has used since the command started (its JIT compiler's and garbage collector's threads apart) and the "
        + "machine's, busy and idle; subtract two lines for the stretch between them. Runs beside another "
        + "benchmark, until --duration or Ctrl-C.")
final class CpuWatch extends ConsoleCommand {

    @Option(names = "--interval", defaultValue = "1", description = "Seconds between lines (default: ${DEFAULT-VALUE}).")
    double intervalSeconds;

    @Option(names = "--duration", defaultValue = "900", description = "Seconds to run (default: ${DEFAULT-VALUE}).")
    double durationSeconds;

    @Option(names = "--stack-dir", defaultValue = ".local",
            description = "The local stack whose processes are watched (default: ${DEFAULT-VALUE}).")
    Path stackDir;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.S");

    CpuWatch(Console console) {
        super(console);
    }

    @Override
    public Integer call() throws Exception {
        if (intervalSeconds < 0.1 || durationSeconds <= 0) {
            throw new IllegalArgumentException("--interval must be at least 0.1 and --duration more than 0");
        }
        LocalCluster stack = LocalCluster.silent(console.root(), console.root().resolve(stackDir));
        if (stack.running().isEmpty()) {
            throw new PumpctlException("no process of the local stack in " + stackDir + " is running: "
                    + "start it with ./pumpctl local up");
        }
        PrintStream out = console.out();
        StackCpu first = StackCpu.of(stack);
        MachineCpu machineFirst = MachineCpu.read();
        long intervalNanos = (long) (intervalSeconds * 1e9);
        long start = System.nanoTime();
        long next = start;
        while (System.nanoTime() - start < (long) (durationSeconds * 1e9)) {
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            out.println(line(LocalTime.now(), MachineCpu.read().minus(machineFirst),
                    StackCpu.of(stack).spentSince(first)));
            out.flush();
        }
        return 0;
    }

    /** {@code 18:51:33.2 machine 41.3 s busy, 1.2 s idle; kafka 2.1 s (JIT compiler 0.8, GC 0.0), ...}. */
    static String line(LocalTime time, MachineCpu machine, Map<String, StackCpu.Spent> spent) {
        String processes = StackCpu.perReadings(spent, 1, 1);
        return String.format("%s machine %.1f s busy, %.1f s idle; %s", TIME.format(time),
                machine.busySeconds(), machine.idleSeconds(), processes.isEmpty() ? "no process running" : processes);
    }

    /**
     * The machine's CPU seconds, all cores together, from the first line of {@code /proc/stat}
     * (user, nice, system, idle, iowait, irq, softirq, steal, in clock ticks); zero where there is
     * no {@code /proc}.
     */
    record MachineCpu(double busySeconds, double idleSeconds) {

        private static final double TICKS_PER_SECOND = 100;

        static MachineCpu read() {
            Path stat = Path.of("/proc/stat");
            try {
                return Files.isReadable(stat) ? parse(Files.readAllLines(stat).get(0)) : new MachineCpu(0, 0);
            } catch (IOException unreadable) {
                return new MachineCpu(0, 0);
            }
        }

        static MachineCpu parse(String cpuLine) {
            String[] f = cpuLine.trim().split("\\s+");
            long busy = 0;
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += i < f.length ? Long.parseLong(f[i]) : 0;
            }
            return new MachineCpu(busy / TICKS_PER_SECOND, idle / TICKS_PER_SECOND);
        }

        MachineCpu minus(MachineCpu before) {
            return new MachineCpu(busySeconds - before.busySeconds, idleSeconds - before.idleSeconds);
        }
    }
}
