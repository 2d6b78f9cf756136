package io.sluice.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The admin API as the CLI talks to it: {@code --admin URL} (default {@code $SLUICE_ADMIN_URL}, else
 * {@code http://127.0.0.1:8082}) and {@code --token} (default {@code $SLUICE_ADMIN_TOKEN}). A picocli
 * mixin: commands that call the admin API add it with {@code @Mixin AdminClient admin;}.
 */
final class AdminClient {
    static final String DEFAULT_URL = "http://127.0.0.1:8082";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"--admin", "--admin-url"}, paramLabel = "URL",
            description = "Admin API base URL (default: $SLUICE_ADMIN_URL, else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Admin token (default: $SLUICE_ADMIN_TOKEN). Prefer the variable: arguments show in `ps`.")
    String token;

    /** A failed call: the status and the API's error body, for one clear line. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    /** A path segment, percent-encoded. */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query parameter {@code &name=value}, or "" when value is null. */
    static String param(String name, Object value) {
        return value == null ? "" : "&" + name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
    }

    JsonNode get(String path) {
        return call("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return call("POST", path, body);
    }

    JsonNode delete(String path) {
        return call("DELETE", path, null);
    }

    /** Calls the API; returns the JSON answer of a 2xx, throws {@link Failed} otherwise. */
    JsonNode call(String method, String path, Object body) {
        String base = url != null ? url : System.getenv().getOrDefault("SLUICE_ADMIN_URL", DEFAULT_URL);
        String bearer = token != null ? token : System.getenv("SLUICE_ADMIN_TOKEN");
        if (bearer == null || bearer.isBlank()) {
            throw new Failed("no admin token: set SLUICE_ADMIN_TOKEN (bin/sluice up prints one) or pass --token");
        }
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + bearer)
                    .header("Accept", "application/json");
            if (body != null) {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (r.statusCode() / 100 != 2) {
                String detail = answer.path("detail").asText("");
                throw new Failed(r.statusCode() + " " + answer.path("error").asText("error")
                        + (detail.isEmpty() ? "" : ": " + detail));
            }
            return answer;
        } catch (IOException e) {
            throw new Failed("cannot reach the admin API at " + base + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        } catch (IllegalArgumentException e) {
            throw new Failed("bad admin URL " + base);
        }
    }

    static String pretty(JsonNode n) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (IOException e) {
            return n.toString();
        }
    }
}
