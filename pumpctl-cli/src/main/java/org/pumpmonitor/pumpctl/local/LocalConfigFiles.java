package org.pumpmonitor.pumpctl.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The local stack's configuration: resource files beside this class
 * ({@code org/pumpmonitor/pumpctl/local/}), with {@code ${key}} placeholders filled in.
 */
public final class LocalConfigFiles {

    private LocalConfigFiles() {
    }

    /** A configuration file with {@code ${key}} replaced by its value. */
    static String text(String name, Map<String, String> values) {
        try (InputStream in = LocalConfigFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource local/" + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace("${" + value.getKey() + "}", value.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code *.options} file: one JVM option per line, # for comments. */
    public static List<String> jvmOptions(String name) {
        return text(name, Map.of()).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
