package io.sluice.scheme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.config.SourceConfig;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Vonage (signed webhooks of the Messages, Voice and Verify APIs): {@code Authorization: Bearer <JWT>},
 * HS256 keyed with the account's signature secret; its claims carry {@code iat} (checked against 300 s)
 * and {@code payload_hash}, the hex SHA-256 of the raw body, which must match: the JWT alone does not
 * cover the body. Only {@code HS256} is accepted (never {@code none}). Id: SHA-256 of the body (Vonage
 * sends no delivery id); type: body {@code /status}, else {@code /message_type}.
 */
final class VonageProvider extends Provider {
    static final String AUTHORIZATION = "Authorization";
    private static final Duration TOLERANCE = Duration.ofSeconds(300);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] DOT = {'.'};
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
    private static final Base64.Encoder B64URL_OUT = Base64.getUrlEncoder().withoutPadding();
    private static final String HS256_HEADER = B64URL_OUT.encodeToString(Codec.utf8("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));

    @Override
    public String name() {
        return "vonage";
    }

    @Override
    public Family family() {
        return Family.JWT;
    }

    @Override
    public List<String> headers() {
        return List.of(AUTHORIZATION);
    }

    @Override
    public Duration tolerance() {
        return TOLERANCE;
    }

    @Override
    public String eventIdSource() {
        return "SHA-256 of the body";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/message_uuid", "/uuid").time("/timestamp")
                .attribute("channel", "/channel").attribute("from", "/from").attribute("to", "/to");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"message_uuid\":\"" + UUID.randomUUID() + "\",\"to\":\"447700900000\",\"from\":\"447700900001\","
                + "\"timestamp\":\"" + now + "\",\"status\":\"delivered\",\"channel\":\"sms\"}";
    }

    @Override
    public String vectorOrigin() {
        return "jsonwebtoken sign with Vonage's claims, checked by @vonage/jwt verifySignature (tools/vectors/package-lock.json)";
    }

    @Override
    Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Verifier extends Scheme {
        private final List<HmacKey> keys;

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, TOLERANCE);
            this.keys = utf8Keys("HmacSHA256");
        }

        @Override
        Verification check(Inbound in) {
            String auth = required(in, AUTHORIZATION, Reason.MISSING_SIGNATURE);
            String token = stripPrefix(auth.trim(), "Bearer ", AUTHORIZATION).trim();
            String[] parts = token.split("\\.", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, AUTHORIZATION + " is not a signed JWT");
            }
            JsonNode header = part(parts[0], "JWT header");
            if (!"HS256".equals(header.path("alg").asText(null))) {
                // Only the algorithm Vonage signs with: never "none", never an algorithm the key could be confused with.
                throw new Rejection(Reason.INVALID_SIGNATURE, "the JWT is not signed with HS256");
            }
            byte[] sig = decode(parts[2]);
            if (sig == null || sig.length != keys.get(0).length()) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, AUTHORIZATION + " has no well-formed JWT signature");
            }
            requireMatch(keys, List.of(sig), Codec.utf8(parts[0]), DOT, Codec.utf8(parts[1]));
            JsonNode claims = part(parts[1], "JWT claims");
            JsonNode hash = claims.path("payload_hash");
            if (!hash.isTextual() || !MessageDigest.isEqual(Codec.utf8(hash.textValue().toLowerCase(java.util.Locale.ROOT)),
                    Codec.utf8(sha256Hex(in.body())))) {
                throw new Rejection(Reason.INVALID_SIGNATURE, "the JWT's payload_hash does not match the body");
            }
            JsonNode iat = claims.path("iat");
            if (iat.isMissingNode() || iat.isNull()) {
                throw new Rejection(Reason.MISSING_TIMESTAMP, "the JWT has no iat");
            }
            Instant ts = iat.canConvertToLong() && iat.isIntegralNumber() ? Timestamps.epoch(iat.longValue()) : null;
            if (ts == null) {
                throw new Rejection(Reason.MALFORMED_TIMESTAMP, "the JWT's iat must be seconds since the epoch");
            }
            Instant at = withinTolerance(ts);
            return new Verification.Verified(eventId(in, List.of(), true), eventType(in), at, null);
        }

        private static byte[] decode(String part) {
            try {
                return B64URL.decode(part);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static JsonNode part(String part, String what) {
            byte[] bytes = decode(part);
            if (bytes == null) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, what + " is not base64url");
            }
            try {
                JsonNode n = Json.parse(bytes, what);
                if (!n.isObject()) {
                    throw new Rejection(Reason.MALFORMED_SIGNATURE, what + " is not a JSON object");
                }
                return n;
            } catch (Rejection r) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, what + " is not a JSON object");
            }
        }

        @Override
        String presetType(Inbound in) {
            for (String p : List.of("/status", "/message_type")) {
                String t = in.jsonText(com.fasterxml.jackson.core.JsonPointer.compile(p), "event type");
                if (t != null && !t.isEmpty()) {
                    return t;
                }
            }
            return "";
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            ObjectNode claims = MAPPER.createObjectNode();
            claims.put("iat", nowOr(r.time()));
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("iss", "Vonage");
            claims.put("payload_hash", sha256Hex(r.body()));
            String payload;
            try {
                payload = B64URL_OUT.encodeToString(MAPPER.writeValueAsBytes(claims));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            HmacKey key = r.signingKey() == null ? keys.get(0) : new HmacKey("HmacSHA256", Codec.utf8(r.signingKey()));
            String sig = B64URL_OUT.encodeToString(key.sign(Codec.utf8(HS256_HEADER), DOT, Codec.utf8(payload)));
            Map<String, String> h = headers();
            h.put(AUTHORIZATION, "Bearer " + HS256_HEADER + "." + payload + "." + sig);
            return h;
        }
    }
}
