package org.pumpmonitor.pumpctl.bench;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of a JVM by class, as {@code jcmd PID GC.class_histogram} prints them (after a
 * full collection): what a heap that grew holds more of, and their total bytes (-1 if not printed).
 */
record ClassHistogram(Map<String, Entry> byClass, long totalBytes) {

    static final ClassHistogram NONE = new ClassHistogram(Map.of(), -1);

    /** Instances and bytes of one class. */
    record Entry(long instances, long bytes) {}

    /** A row such as {@code    1:   123456   12345678  [B (java.base@17.0.9)}. */
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    /** The last row: {@code Total   734223   66431808}. */
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)\\s*$");

    static ClassHistogram parse(String jcmdOutput) {
        Map<String, Entry> byClass = new LinkedHashMap<>();
        long total = -1;
        for (String line : jcmdOutput.lines().toList()) {
            Matcher row = ROW.matcher(line);
            Matcher sum = TOTAL.matcher(line);
            if (sum.matches()) {
                total = Long.parseLong(sum.group(1));
            } else if (row.matches()) {
                byClass.merge(row.group(3), new Entry(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
                        (a, b) -> new Entry(a.instances + b.instances, a.bytes + b.bytes));
            }
        }
        return new ClassHistogram(Map.copyOf(byClass), total);
    }

    /**
     * The classes whose live bytes grew most from this histogram to a later one, largest first,
     * each as {@code class +MB (instances before -> after)}; empty when either histogram is missing.
     */
    List<String> grewMost(ClassHistogram later, int count) {
        if (byClass.isEmpty() || later.byClass.isEmpty()) {
            return List.of();
        }
        Entry none = new Entry(0, 0);
        return later.byClass.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new Entry[] {byClass.getOrDefault(e.getKey(), none), e.getValue()}))
                .filter(e -> e.getValue()[1].bytes > e.getValue()[0].bytes)
                .sorted(Comparator.comparingLong(e -> e.getValue()[0].bytes - e.getValue()[1].bytes))
                .limit(count)
                .map(e -> String.format(Locale.ROOT, "%s %+.1f MB (%,d -> %,d instances)", e.getKey(),
                        (e.getValue()[1].bytes - e.getValue()[0].bytes) / (1024.0 * 1024), e.getValue()[0].instances,
                        e.getValue()[1].instances))
                .toList();
    }
}
