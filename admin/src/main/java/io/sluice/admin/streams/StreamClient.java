package io.sluice.admin.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client behind {@code bin/sluice stream TOPIC}: prints each event of {@code GET /streams/{topic}}
 * as one JSON line (the CloudEvent), and reconnects with {@code Last-Event-ID} whenever the
 * connection drops, so nothing is missed. Without a stream token it mints one with an admin token
 * (and mints again when it expires).
 *
 * @see StreamsApi
 */
public final class StreamClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RECONNECT = Duration.ofSeconds(1);

    /**
     * @param base        the admin API, e.g. {@code http://127.0.0.1:8082}
     * @param since       {@code latest}, {@code earliest} or a cursor; null = latest
     * @param streamToken a stream token, or null to mint one with {@code adminToken}
     * @param max         stop after this many events (null: never)
     * @param idle        stop when no event arrived for this long (null: never)
     */
    public record Options(URI base, String topic, String since, List<String> sources, List<String> types,
                          String streamToken, String adminToken, Integer max, Duration idle) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Runs until {@code max} events, the idle timeout, or an error answer; returns the exit code. */
    public int run(Options o, PrintStream out, PrintStream err) throws InterruptedException {
        String token = o.streamToken();
        String lastId = null;
        int count = 0;
        AtomicLong lastEvent = new AtomicLong(System.nanoTime());
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stream-idle-watchdog");
            t.setDaemon(true);
            return t;
        });
        InputStream[] current = new InputStream[1];
        boolean[] idleStop = new boolean[1];
        if (o.idle() != null) {
            watchdog.scheduleAtFixedRate(() -> {
                if (System.nanoTime() - lastEvent.get() > o.idle().toNanos()) {
                    idleStop[0] = true;
                    closeQuietly(current[0]);
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
        }
        try {
            while (true) {
                if (token == null) {
                    if (o.adminToken() == null) {
                        err.println("{\"error\":\"no_token\",\"detail\":\"give --token (or SLUICE_STREAM_TOKEN), or SLUICE_ADMIN_TOKEN to mint one\"}");
                        return 2;
                    }
                    token = mint(o, err);
                    if (token == null) {
                        return 1;
                    }
                }
                HttpResponse<InputStream> r;
                try {
                    r = http.send(request(o, token, lastId), HttpResponse.BodyHandlers.ofInputStream());
                } catch (IOException e) {
                    if (idleStop[0]) {
                        return 0;
                    }
                    err.println("{\"event\":\"reconnecting\",\"reason\":\"" + e.getClass().getSimpleName() + "\"}");
                    Thread.sleep(RECONNECT.toMillis());
                    continue;
                }
                if (r.statusCode() == 401 && o.streamToken() == null && o.adminToken() != null
                        && body(r).contains("token_expired")) {
                    token = null; // mint a fresh one and resume from the same cursor
                    continue;
                }
                if (r.statusCode() != 200) {
                    err.println(body(r));
                    return 1;
                }
                current[0] = r.body();
                boolean expired = false;
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    String id = null;
                    StringBuilder data = null;
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (line.isEmpty()) {
                            if (data != null) {
                                out.println(compact(data.toString()));
                                out.flush();
                                lastId = id;
                                lastEvent.set(System.nanoTime());
                                if (o.max() != null && ++count >= o.max()) {
                                    return 0;
                                }
                            }
                            id = null;
                            data = null;
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.startsWith("data:")) {
                            String d = line.substring(line.startsWith("data: ") ? 6 : 5);
                            data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
                        } else if (line.startsWith(":") && line.contains("stream token expired")) {
                            expired = true;
                        }
                    }
                } catch (IOException e) {
                    // dropped: reconnect below
                }
                if (idleStop[0]) {
                    return 0;
                }
                if (expired) {
                    if (o.streamToken() != null || o.adminToken() == null) {
                        err.println("{\"error\":\"token_expired\"}");
                        return 1;
                    }
                    token = null;
                } else {
                    Thread.sleep(RECONNECT.toMillis());
                }
            }
        } finally {
            watchdog.shutdownNow();
        }
    }

    private HttpRequest request(Options o, String token, String lastId) {
        StringBuilder q = new StringBuilder();
        if (lastId == null && o.since() != null) {
            q.append("&since=").append(enc(o.since()));
        }
        for (String s : o.sources()) {
            q.append("&source=").append(enc(s));
        }
        for (String t : o.types()) {
            q.append("&type=").append(enc(t));
        }
        String query = q.length() == 0 ? "" : "?" + q.substring(1);
        HttpRequest.Builder b = HttpRequest.newBuilder(o.base().resolve("/streams/" + enc(o.topic()) + query))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET();
        if (lastId != null) {
            b.header("Last-Event-ID", lastId);
        }
        return b.build();
    }

    private String mint(Options o, PrintStream err) throws InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("topic", o.topic());
        if (!o.sources().isEmpty()) {
            o.sources().forEach(body.putArray("sources")::add);
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(o.base().resolve("/admin/stream-tokens"))
                    .header("Authorization", "Bearer " + o.adminToken()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                err.println(r.body());
                return null;
            }
            return JSON.readTree(r.body()).path("token").asText();
        } catch (IOException e) {
            err.println("{\"error\":\"unavailable\",\"detail\":\"cannot reach " + o.base() + "\"}");
            return null;
        }
    }

    private static String compact(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            return json.replace("\n", " ");
        }
    }

    private static String body(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing to stop: nothing to do
            }
        }
    }
}
