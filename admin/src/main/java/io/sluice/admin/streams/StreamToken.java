package io.sluice.admin.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A stream token: the right to stream one topic, optionally narrowed to some sources and event-type
 * globs, until it expires. Minted by {@code POST /admin/stream-tokens}, presented to
 * {@code GET /streams/{topic}}.
 *
 * <p>Text form: {@code st1.<base64url(JSON claims)>.<base64url(HMAC-SHA256(server key, claims))>}.
 * Nothing is stored server-side; the signature makes it tamper-evident, the comparison is
 * constant-time, and {@link #toString()} never shows the signature.
 *
 * @param topic     the only topic it opens
 * @param sources   source names it may see; empty = all
 * @param types     event-type globs it may see; empty = all
 * @param expiresAt when it stops opening streams, and when open streams are cut
 * @param nonce     random, so that two tokens with the same claims differ
 */
public record StreamToken(String topic, List<String> sources, List<String> types,
                          Instant expiresAt, String nonce) {
    private static final String PREFIX = "st1.";
    private static final String DOMAIN = "sluice-stream-token";
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public StreamToken {
        sources = sources == null ? List.of() : List.copyOf(sources);
        types = types == null ? List.of() : List.copyOf(types);
    }

    /** The signed text form. */
    public String sign(StreamKey key) {
        byte[] claims = claims();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return PREFIX + b64.encodeToString(claims) + "." + b64.encodeToString(key.mac(DOMAIN, claims));
    }

    private byte[] claims() {
        try {
            // epoch milliseconds: no JSR-310 module needed, and the expiry is exactly the one announced
            return JSON.writeValueAsBytes(new Claims(topic, sources, types, expiresAt.toEpochMilli(), nonce));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Claims(String topic, List<String> sources, List<String> types, long exp, String nonce) {
    }

    /** The token of a presented text when well-formed and signed by {@code key} (expiry is not checked here). */
    public static Optional<StreamToken> verify(StreamKey key, String text) {
        if (text == null || !text.startsWith(PREFIX) || text.length() > 8192) {
            return Optional.empty();
        }
        String[] parts = text.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            byte[] claims = Base64.getUrlDecoder().decode(parts[0]);
            byte[] mac = Base64.getUrlDecoder().decode(parts[1]);
            if (!key.verify(mac, 32, DOMAIN, claims)) {
                return Optional.empty();
            }
            Claims c = JSON.readValue(claims, Claims.class);
            if (c.topic() == null) {
                return Optional.empty();
            }
            return Optional.of(new StreamToken(c.topic(), c.sources(), c.types(), Instant.ofEpochMilli(c.exp()),
                    c.nonce()));
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "StreamToken[topic=" + topic + ", sources=" + sources + ", types=" + types + ", expiresAt="
                + expiresAt + "]";
    }

}
