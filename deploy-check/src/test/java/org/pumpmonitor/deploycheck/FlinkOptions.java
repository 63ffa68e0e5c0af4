package org.pumpmonitor.deploycheck;

import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flink's configuration options, read by reflection from the Flink jars of the build: every public
 * static {@link ConfigOption} of every {@code org.apache.flink..*Options} class, with its fallback
 * keys. A key is deprecated when its field or class is {@code @Deprecated} or when it is a
 * deprecated fallback key, and no current option has it.
 *
 * <p>Patterns, handled one by one: {@code metrics.reporter.<name>.<option>} takes the reporter
 * options of {@link MetricOptions} (fields marked {@code @SuffixOption("metrics.reporter.<name>")})
 * and the options of the reporter its {@code factory.class} names (Prometheus: {@code port}; the
 * Prometheus push gateway: its options class). Every other suffix option's prefix is matched with
 * any one segment for each {@code <placeholder>}. {@code kubernetes.*} and {@code high-availability.*}
 * keys are ordinary options of flink-kubernetes and flink-core and must match one exactly. Keys of
 * the operator itself ({@code kubernetes.operator.*}, {@code job.autoscaler.*}) are not on Maven
 * Central with their registry: they are refused like any unknown key.
 */
final class FlinkOptions {

    /** One class of each Flink jar whose options the cluster reads. */
    private static final List<String> JARS = List.of(
            "org.apache.flink.configuration.CoreOptions",                          // flink-core
            "org.apache.flink.runtime.jobgraph.JobGraph",                           // flink-runtime
            "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment", // flink-streaming-java
            "org.apache.flink.client.cli.CliFrontend",                              // flink-clients
            "org.apache.flink.kubernetes.configuration.KubernetesConfigOptions",    // flink-kubernetes
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");       // flink-metrics-prometheus

    static final String REPORTER_PREFIX = "metrics.reporter.<name>";
    private static final Pattern REPORTER_KEY = Pattern.compile("metrics\\.reporter\\.([^.]+)\\.(.+)");
    private static final String PROMETHEUS = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
    private static final String PUSH_GATEWAY = "org.apache.flink.metrics.prometheus.PrometheusPushGatewayReporterFactory";

    private static FlinkOptions loaded;

    private final Map<String, ConfigOption<?>> current = new HashMap<>();
    private final Set<String> deprecated = new TreeSet<>();
    /** Suffix options by their prefix ("metrics.reporter.<name>"): suffix to whether it is current. */
    private final Map<String, Map<String, Boolean>> suffixOptions = new HashMap<>();
    private final List<String> unreadable = new ArrayList<>();

    private FlinkOptions() {}

    static synchronized FlinkOptions load() {
        if (loaded == null) {
            FlinkOptions options = new FlinkOptions();
            for (String marker : JARS) {
                options.readJar(marker);
            }
            options.deprecated.removeAll(options.current.keySet());
            loaded = options;
        }
        return loaded;
    }

    int size() {
        return current.size();
    }

    boolean isCurrent(String key) {
        return current.containsKey(key);
    }

    boolean isDeprecated(String key) {
        return deprecated.contains(key);
    }

    /** The problems of a whole flinkConfiguration: unknown and deprecated keys, values that do not parse. */
    List<String> check(Map<String, String> configuration) {
        List<String> problems = new ArrayList<>();
        Configuration parsed = Configuration.fromMap(configuration);
        configuration.forEach((key, value) -> {
            String problem = check(key, configuration);
            if (problem != null) {
                problems.add(problem);
                return;
            }
            ConfigOption<?> option = current.get(key);
            if (option != null) {
                try {
                    parsed.get(option);
                } catch (RuntimeException e) {
                    problems.add(key + ": value '" + value + "' does not parse: " + e.getMessage());
                }
            }
        });
        return problems;
    }

    private String check(String key, Map<String, String> configuration) {
        if (current.containsKey(key)) {
            return null;
        }
        if (deprecated.contains(key)) {
            return key + ": deprecated in Flink " + System.getProperty("flink.version");
        }
        Matcher reporter = REPORTER_KEY.matcher(key);
        if (reporter.matches()) {
            String name = reporter.group(1);
            String suffix = reporter.group(2);
            Boolean generic = suffixOptions.getOrDefault(REPORTER_PREFIX, Map.of()).get(suffix);
            if (generic != null) {
                return generic ? null : key + ": deprecated reporter option in Flink " + System.getProperty("flink.version");
            }
            String factory = configuration.get("metrics.reporter." + name + ".factory.class");
            if (reporterOptions(factory).contains(suffix)) {
                return null;
            }
            return key + ": not an option of metrics reporters nor of " + (factory == null ? "a reporter without factory.class" : factory);
        }
        for (Map.Entry<String, Map<String, Boolean>> prefix : suffixOptions.entrySet()) {
            if (prefix.getKey().equals(REPORTER_PREFIX)) {
                continue;
            }
            String regex = Pattern.quote(prefix.getKey() + ".").replaceAll("<[^>]+>", "\\\\E[^.]+\\\\Q");
            Matcher matcher = Pattern.compile(regex + "(.+)").matcher(key);
            if (matcher.matches() && prefix.getValue().containsKey(matcher.group(1))) {
                return prefix.getValue().get(matcher.group(1)) ? null : key + ": deprecated";
            }
        }
        return key + ": unknown to Flink " + System.getProperty("flink.version")
                + (unreadable.isEmpty() ? "" : " (options classes that did not load: " + unreadable + ")");
    }

    /** The options of one reporter factory: Prometheus' port, the push gateway's options class. */
    static Set<String> reporterOptions(String factory) {
        Set<String> keys = new TreeSet<>();
        try {
            if (PROMETHEUS.equals(factory)) {
                Field port = Class.forName(PROMETHEUS)
                        .getDeclaredField("ARG_PORT");
                port.setAccessible(true);
                keys.add((String) port.get(null));
            } else if (PUSH_GATEWAY.equals(factory)) {
                for (Field field : Class.forName("org.apache.flink.metrics.prometheus.PrometheusPushGatewayReporterOptions").getFields()) {
                    if (field.get(null) instanceof ConfigOption<?> option) {
                        keys.add(option.key());
                    }
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the options of " + factory, e);
        }
        return keys;
    }

    private void readJar(String markerClass) {
        Path jar;
        try {
            jar = Path.of(Class.forName(markerClass).getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("no Flink jar with " + markerClass, e);
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                String name = entry.getName();
                if (name.startsWith("org/apache/flink/") && name.endsWith("Options.class") && !name.contains("$")) {
                    readClass(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readClass(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, FlinkOptions.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            unreadable.add(className);
            return;
        }
        boolean deprecatedClass = type.isAnnotationPresent(Deprecated.class);
        for (Field field : type.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || !ConfigOption.class.isAssignableFrom(field.getType())) {
                continue;
            }
            ConfigOption<?> option;
            try {
                option = (ConfigOption<?>) field.get(null);
            } catch (IllegalAccessException e) {
                continue;
            }
            boolean isDeprecated = deprecatedClass || field.isAnnotationPresent(Deprecated.class);
            Documentation.SuffixOption suffix = field.getAnnotation(Documentation.SuffixOption.class);
            if (suffix != null) {
                suffixOptions.computeIfAbsent(suffix.value(), p -> new HashMap<>())
                        .merge(option.key(), !isDeprecated, Boolean::logicalOr);
                continue;
            }
            if (isDeprecated) {
                deprecated.add(option.key());
            } else {
                current.put(option.key(), option);
            }
            for (FallbackKey fallback : option.fallbackKeys()) {
                if (fallback.isDeprecated() || isDeprecated) {
                    deprecated.add(fallback.getKey());
                } else {
                    current.putIfAbsent(fallback.getKey(), option);
                }
            }
        }
    }
}
