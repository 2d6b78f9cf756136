package io.sluice.scheme;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ingress's answer to a {@link Handshake}: written as is, never to Kafka.
 *
 * @param status      HTTP status
 * @param contentType the Content-Type header
 * @param body        the response body
 * @param headers     extra response headers (Asana's {@code X-Hook-Secret})
 */
public record HandshakeReply(int status, String contentType, byte[] body, Map<String, String> headers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public HandshakeReply {
        headers = Map.copyOf(headers);
    }

    /** 200 with a plain-text body (the challenge echoed); {@code nosniff}, so it is never rendered as HTML. */
    public static HandshakeReply text(String body) {
        return new HandshakeReply(200, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8),
                Map.of("X-Content-Type-Options", "nosniff"));
    }

    /** 200 with a JSON object of string fields, in order. */
    public static HandshakeReply json(Map<String, String> fields) {
        try {
            return new HandshakeReply(200, "application/json", JSON.writeValueAsBytes(new LinkedHashMap<>(fields)),
                    Map.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    /** 200 with an empty body and these headers. */
    public static HandshakeReply headers(Map<String, String> headers) {
        return new HandshakeReply(200, "text/plain; charset=utf-8", new byte[0], headers);
    }

    /** A refused challenge: the contract's JSON error body with {@code status}. */
    public static HandshakeReply refused(int status, String code, String detail) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("detail", detail);
        HandshakeReply ok = json(body);
        return new HandshakeReply(status, ok.contentType(), ok.body(), Map.of());
    }
}
