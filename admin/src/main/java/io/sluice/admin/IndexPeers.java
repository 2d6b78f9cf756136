package io.sluice.admin;

import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The other processor instances' admin APIs, for the event index: each instance holds the index of
 * its own partitions (the dedupe store), so a lookup of an event another instance holds, and the
 * lists and counts over every partition, are asked of those instances (with the caller's token and
 * {@code local=true}, so a forwarded call is never forwarded again). Blocking: call it off the event loop.
 */
class IndexPeers {
    /** Longest wait for another instance's answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** The query parameter that asks an instance for its own partitions only. */
    static final String LOCAL = "local";

    /** Where events live: the instance holding a key, and the other instances. */
    interface Directory {
        /** The other instance holding {@code key}, or empty when it is this one. */
        Optional<HostInfo> ownerOf(byte[] key);

        /** Every other instance. */
        List<HostInfo> others();
    }

    /** One instance (no directory): everything is local. */
    static final Directory ALONE = new Directory() {
        @Override
        public Optional<HostInfo> ownerOf(byte[] key) {
            return Optional.empty();
        }

        @Override
        public List<HostInfo> others() {
            return List.of();
        }
    };

    /** An answer of another instance. */
    record Reply(int status, byte[] body) {
    }

    /** Another instance could not be asked (down, unreachable, timed out). */
    static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Directory directory;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    IndexPeers(Directory directory) {
        this.directory = directory;
    }

    Directory directory() {
        return directory;
    }

    /**
     * GET {@code pathAndQuery} (already encoded, including {@code local=true}) on {@code host}.
     *
     * @param authorization the caller's Authorization header, passed on (the peer checks it again)
     */
    Reply get(HostInfo host, String pathAndQuery, String authorization) throws Unreachable {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://" + hostPart(host.host()) + ":" + host.port()
                + pathAndQuery)).timeout(TIMEOUT).GET();
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new Unreachable("instance " + host.host() + ":" + host.port() + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted", e);
        }
    }

    private static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** A path segment, percent-encoded. */
    static String segment(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
