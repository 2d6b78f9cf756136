package io.sluice.admin.streams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A minimal Server-Sent Events client for the tests: frames as the browser's EventSource parses them. */
final class SseClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One frame: its id (null for comment-only frames), data lines joined by \n, comments, retry. */
    record Frame(String id, String data, List<String> comments, String retry) {
    }

    final int status;
    final String body;
    private final InputStream in;
    private final BufferedReader reader;

    private SseClient(int status, String body, InputStream in) {
        this.status = status;
        this.body = body;
        this.in = in;
        this.reader = in == null ? null : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    static SseClient open(int port, String pathAndQuery, String token, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Accept", "text/event-stream").GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            try (InputStream body = r.body()) {
                return new SseClient(r.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8), null);
            }
        }
        return new SseClient(200, null, r.body());
    }

    /** The next frame, or null at the end of the stream. */
    Frame next() throws IOException {
        String id = null;
        StringBuilder data = null;
        List<String> comments = new ArrayList<>();
        String retry = null;
        boolean any = false;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (any) {
                    return new Frame(id, data == null ? null : data.toString(), comments, retry);
                }
                continue;
            }
            any = true;
            if (line.startsWith(":")) {
                comments.add(line.substring(1).trim());
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
                String d = line.substring(5);
                d = d.startsWith(" ") ? d.substring(1) : d;
                data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
            } else if (line.startsWith("retry:")) {
                retry = line.substring(6).trim();
            }
        }
        // a frame cut off before its blank line is not dispatched (as EventSource does)
        return null;
    }

    /** The next frame that carries an event (skipping comment-only frames), or null at the end. */
    Frame nextEvent() throws IOException {
        Frame f;
        while ((f = next()) != null) {
            if (f.data() != null) {
                return f;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }
}
