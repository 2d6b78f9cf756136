package io.sluice.ingress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.scheme.Reason;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The one place that maps every outcome of a request to its HTTP status and JSON body (DESIGN.md,
 * "Ingress HTTP contract"). Bodies are built from fixed codes and verifier details only: never a
 * secret, a computed signature or a stack trace.
 */
final class Replies {
    static final String JSON = "application/json";

    /** {@code {"error":"…","detail":"…"}}; detail is left out when null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorBody(String error, String detail) {
    }

    /** {@code {"status":"accepted","id":"…"}}. */
    record AcceptedBody(String status, String id) {
    }

    /** Health answers. */
    record StatusBody(String status) {
    }

    private static final byte[] ACCEPTED_PREFIX = "{\"status\":\"accepted\",\"id\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ACCEPTED_SUFFIX = "\"}".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json;
    private final String retryAfterSeconds;

    /**
     * @param json       shared mapper
     * @param retryAfter the {@code Retry-After} sent with every 503
     */
    Replies(ObjectMapper json, Duration retryAfter) {
        this.json = json;
        this.retryAfterSeconds = String.valueOf(Math.max(1, retryAfter.toSeconds()));
    }

    Reply accepted(String eventId) {
        if (eventId != null && plainAscii(eventId)) {
            // Every 2xx has this body: an id of printable ASCII without quote or backslash is written
            // as is by the mapper too, so the body is the fixed prefix, the id and the suffix, without a
            // generator and its buffers per request. Anything else goes through the mapper.
            int n = eventId.length();
            byte[] body = new byte[ACCEPTED_PREFIX.length + n + ACCEPTED_SUFFIX.length];
            System.arraycopy(ACCEPTED_PREFIX, 0, body, 0, ACCEPTED_PREFIX.length);
            for (int i = 0; i < n; i++) {
                body[ACCEPTED_PREFIX.length + i] = (byte) eventId.charAt(i); // ASCII: one byte per char
            }
            System.arraycopy(ACCEPTED_SUFFIX, 0, body, ACCEPTED_PREFIX.length + n, ACCEPTED_SUFFIX.length);
            return new Reply(200, "accepted", JSON, body, Map.of(), false);
        }
        return of(200, "accepted", new AcceptedBody("accepted", eventId));
    }

    /** Printable ASCII (0x20–0x7e) with no {@code "} or {@code \}: what JSON needs no escape for. */
    private static boolean plainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * A verifier's refusal. 400s carry the verifier's detail (what is missing or malformed); 401s
     * carry none, so an attacker learns nothing beyond the code.
     */
    Reply rejected(Reason reason, String detail) {
        String d = reason.status() == 400 ? detail : null;
        return of(reason.status(), reason.code(), new ErrorBody(reason.code(), d));
    }

    Reply failure(Failure f) {
        return failure(f, null);
    }

    Reply failure(Failure f, String detail) {
        Reply r = of(f.status(), f.code(), new ErrorBody(f.code(), detail));
        return switch (f) {
            case UNAVAILABLE -> r.withHeader("Retry-After", retryAfterSeconds);
            case METHOD_NOT_ALLOWED -> r.withHeader("Allow", "POST");
            // the rest of such a body is never read: the connection cannot be reused
            case PAYLOAD_TOO_LARGE, REQUEST_TIMEOUT -> r.closing();
            default -> r;
        };
    }

    /** 429 with {@code Retry-After} in whole seconds (rounded up): when the source's bucket has a token again. */
    Reply rateLimited(long retryAfterSeconds) {
        return failure(Failure.RATE_LIMITED).withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    /** 405 on a GET-only route. */
    Reply getOnly() {
        return failure(Failure.METHOD_NOT_ALLOWED).withHeader("Allow", "GET, HEAD");
    }

    Reply health(boolean up, String status) {
        Reply r = of(up ? 200 : 503, status, new StatusBody(status));
        return up ? r : r.withHeader("Retry-After", retryAfterSeconds);
    }

    Reply text(String contentType, String body) {
        return new Reply(200, "ok", contentType, body.getBytes(StandardCharsets.UTF_8), Map.of(), false);
    }

    private Reply of(int status, String outcome, Object body) {
        try {
            return new Reply(status, outcome, JSON, json.writeValueAsBytes(body), Map.of(), false);
        } catch (JsonProcessingException e) {
            // records of strings always serialize; this is unreachable but must not leak anything
            return new Reply(500, "internal_error", JSON,
                    "{\"error\":\"internal_error\"}".getBytes(StandardCharsets.UTF_8), Map.of(), false);
        }
    }
}
