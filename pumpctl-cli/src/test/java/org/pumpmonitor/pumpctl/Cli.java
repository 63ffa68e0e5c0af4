package org.pumpmonitor.pumpctl;

import org.pumpmonitor.simulator.Reading;
import org.pumpmonitor.simulator.SensorCsv;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the end-to-end tests share: pumpctl run in-process, and comparisons of what was sent with what is stored. */
final class Cli {

    private Cli() {}

    record Result(int code, String out, String err) {}

    /** Runs {@code ./pumpctl args} in this JVM and captures what it prints. */
    static Result pumpctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Pumpctl.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The reading the job stores for a line the simulator sent, or null for a dead letter: lines
     * whose fields parse here but not in the job (a bad pump id, NaN, infinity) are dead letters.
     */
    static Reading storedReading(String line) {
        Reading r = SensorCsv.parse(line);
        return r != null && r.pump().matches("[A-Z]+") && Double.isFinite(r.psi()) && Double.isFinite(r.flo())
                ? r : null;
    }

    /** A reading's pump and time as {@code pumpctl query} prints them: {@code PUMP@2014-03-10T00:01:00Z}. */
    static String key(Reading r) {
        return r.pump() + "@" + r.time().atOffset(ZoneOffset.UTC).toInstant();
    }

    /** The entries that are in only one of the two maps, or differ. */
    static <V> Map<String, String> difference(Map<String, V> actual, Map<String, V> expected) {
        Map<String, String> difference = new TreeMap<>();
        actual.forEach((k, v) -> {
            if (!v.equals(expected.get(k))) {
                difference.put(k, "stored " + v + ", expected " + expected.get(k));
            }
        });
        expected.forEach((k, v) -> {
            if (!actual.containsKey(k)) {
                difference.put(k, "missing, expected " + v);
            }
        });
        return difference;
    }

    /**
     * {@code pumpctl local down} of a test's stack: it exits 0 and every process the stack ran has
     * ended. Returns the stack, for more checks.
     */
    static org.pumpmonitor.pumpctl.local.LocalCluster stopStack(Path root, String dir) {
        org.pumpmonitor.pumpctl.local.LocalCluster cluster =
                new org.pumpmonitor.pumpctl.local.LocalCluster(root, root.resolve(dir), System.out);
        java.util.List<ProcessHandle> started = cluster.processes();
        Result down = pumpctl("local", "down", "--dir", dir);
        org.assertj.core.api.Assertions.assertThat(down.code()).as(down.err()).isZero();
        org.assertj.core.api.Assertions.assertThat(started).noneMatch(ProcessHandle::isAlive);
        return cluster;
    }

    static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * The TCP sockets a process listens on, port to local address, from /proc: its file
     * descriptors name socket inodes, /proc/net/tcp and tcp6 give each inode's state and address.
     */
    static Map<Integer, java.net.InetAddress> listeningSockets(long pid) throws Exception {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (java.io.IOException gone) {
                    // closed meanwhile
                }
            }
        }
        Map<Integer, java.net.InetAddress> listening = new java.util.TreeMap<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                // f[1] local address:port in hex, f[3] state (0A = LISTEN), f[9] inode
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    listening.put(Integer.parseInt(local[1], 16), procAddress(local[0]));
                }
            }
        }
        return listening;
    }

    /** An address of /proc/net/tcp[6]: 32-bit words in host (little-endian) order. */
    private static java.net.InetAddress procAddress(String hex) throws Exception {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = (word * 4 + 3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return java.net.InetAddress.getByAddress(bytes);
    }
}
