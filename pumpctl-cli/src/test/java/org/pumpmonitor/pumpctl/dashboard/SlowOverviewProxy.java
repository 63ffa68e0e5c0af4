package org.pumpmonitor.pumpctl.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands between a browser and the dashboard: passes every request on, and holds each answer of
 * {@code /api/pumps} for a while, as a slow HBase would. It counts how many of those are in flight
 * at once, at most, and the shortest pause between an answer and the next request. (A browser
 * may queue a request for a URL that is already being fetched, and send it only once the first
 * is answered: a page that piles up requests then shows as requests that follow their answers at
 * once, not as requests in flight together.)
 */
final class SlowOverviewProxy implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final String target;
    private final Duration delay;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicLong lastAnswer = new AtomicLong();
    private final AtomicLong shortestPause = new AtomicLong(Long.MAX_VALUE);

    SlowOverviewProxy(String target, Duration delay) throws IOException {
        this.target = target;
        this.delay = delay;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::pass);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int mostInFlight() {
        return mostInFlight.get();
    }

    int answered() {
        return answered.get();
    }

    /** The shortest time from an answer of {@code /api/pumps} to the next request of it. */
    Duration shortestPause() {
        return Duration.ofNanos(shortestPause.get());
    }

    private void pass(HttpExchange exchange) throws IOException {
        boolean overview = exchange.getRequestURI().getPath().equals("/api/pumps");
        if (overview) {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            long previous = lastAnswer.get();
            if (previous != 0) {
                shortestPause.accumulateAndGet(System.nanoTime() - previous, Math::min);
            }
        }
        try {
            HttpResponse<byte[]> response = client.send(
                    HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (overview) {
                Thread.sleep(delay.toMillis());
            }
            response.headers().firstValue("Content-Type")
                    .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
        } finally {
            exchange.close();
            if (overview) {
                inFlight.decrementAndGet();
                lastAnswer.set(System.nanoTime());
                answered.incrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
