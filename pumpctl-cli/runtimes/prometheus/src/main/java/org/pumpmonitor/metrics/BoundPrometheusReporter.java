package org.pumpmonitor.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.pumpmonitor.internals.LibraryInternals;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Flink's Prometheus reporter (metric names, labels and types are all {@link AbstractPrometheusReporter}'s)
 * serving {@code /metrics} on the first free port of a range on one address.
 */
final class BoundPrometheusReporter extends AbstractPrometheusReporter {

    private final HTTPServer server;

    BoundPrometheusReporter(String host, String ports) {
        server = start(host, ports, registry());
    }

    private HTTPServer start(String host, String ports, CollectorRegistry registry) {
        IOException last = null;
        for (int port : range(ports)) {
            try {
                HTTPServer started = new HTTPServer(new InetSocketAddress(host, port), registry, true);
                log.info("Prometheus endpoint on http://{}:{}/metrics", host, port);
                return started;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no free port for the Prometheus endpoint on " + host + " in " + ports, last);
    }

    /**
     * The registry the base class fills. It is package-private there, and the endpoint is the one
     * thing Flink's subclass does not let us choose.
     */
    private CollectorRegistry registry() {
        try {
            return (CollectorRegistry) LibraryInternals.PROMETHEUS_REPORTER_REGISTRY.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "9249" or "9249-9250". */
    static int[] range(String ports) {
        String[] bounds = ports.strip().split("-", 2);
        try {
            int first = Integer.parseInt(bounds[0].strip());
            int last = bounds.length == 2 ? Integer.parseInt(bounds[1].strip()) : first;
            if (first < 1 || last > 65535 || last < first) {
                throw new NumberFormatException();
            }
            return java.util.stream.IntStream.rangeClosed(first, last).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port: expected a port or a range such as 9249-9250, not '" + ports + "'");
        }
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }
}
