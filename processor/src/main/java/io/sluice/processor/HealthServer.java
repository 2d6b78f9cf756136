package io.sluice.processor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health/live}, {@code GET /health/ready} and {@code GET /metrics} (Prometheus text) on
 * the JDK's HTTP server: three tiny endpoints do not need a web framework.
 */
final class HealthServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    HealthServer(String host, int port, BooleanSupplier live, BooleanSupplier ready, PrometheusMeterRegistry registry)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "sluice-processor-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/health/live", ex -> status(ex, live.getAsBoolean()));
        server.createContext("/health/ready", ex -> status(ex, ready.getAsBoolean()));
        server.createContext("/metrics", ex -> {
            if (!get(ex)) {
                return;
            }
            send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void status(HttpExchange ex, boolean up) throws IOException {
        if (!get(ex)) {
            return;
        }
        send(ex, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }

    /** Exact paths and GET (HEAD) only. */
    private static boolean get(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.equals(ex.getHttpContext().getPath())) {
            send(ex, 404, "application/json", "{\"error\":\"not_found\"}");
            return false;
        }
        String m = ex.getRequestMethod();
        if (!m.equals("GET") && !m.equals("HEAD")) {
            ex.getResponseHeaders().add("Allow", "GET, HEAD");
            ex.sendResponseHeaders(405, -1);
            ex.close();
            return false;
        }
        return true;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
