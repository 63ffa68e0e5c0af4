package org.pumpmonitor.metrics;

import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Properties;

/**
 * Flink's Prometheus reporter with its endpoint on one address. Flink's own factory
 * ({@code PrometheusReporterFactory}) listens on every interface; this one takes {@code host}
 * (default 127.0.0.1) besides {@code port} (a port or a range, e.g. 9249-9250, default 9249):
 * <pre>
 * metrics.reporter.prom.factory.class: org.pumpmonitor.metrics.BoundPrometheusReporterFactory
 * metrics.reporter.prom.host: 127.0.0.1
 * metrics.reporter.prom.port: 9250
 * </pre>
 */
public final class BoundPrometheusReporterFactory implements MetricReporterFactory {

    static final String HOST = "host";
    static final String PORT = "port";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new BoundPrometheusReporter(
                properties.getProperty(HOST, "127.0.0.1"), properties.getProperty(PORT, "9249"));
    }
}
