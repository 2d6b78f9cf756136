package io.sluice.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What a health probe sees: the status of a GET on 127.0.0.1, or -1 when nothing answers (not
 * listening yet, connection refused or reset, no answer within 3 s). For the tests that wait for a
 * service's {@code /health/live} and {@code /health/ready}.
 */
public final class Probes {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Probes() {
    }

    /** The status of {@code GET http://127.0.0.1:<port><path>}, or -1 when nothing answered. */
    public static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
