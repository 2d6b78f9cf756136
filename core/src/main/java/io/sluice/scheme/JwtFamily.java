package io.sluice.scheme;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Family: a JWT signed with HMAC-SHA256 (HS256) with the shared secret, sent as
 * {@code Authorization: Bearer <jwt>} (or in another header), whose claims carry the hex SHA-256 of the
 * raw body (the JWT alone does not cover the body) and the time it was issued (Vonage's signed
 * webhooks). Only {@code HS256} is accepted: {@code none} and every other algorithm are refused, so a
 * token cannot choose how it is checked. A descriptor gives the header, the body-hash claim, the time
 * claim and its tolerance, and the id and type locators (null id: SHA-256 of the body).
 */
abstract class JwtFamily extends Provider {
    /** Longest token accepted; real ones are a few hundred bytes. */
    private static final int MAX_TOKEN = 8192;

    private final String header;
    private final String hashClaim;
    private final String timeClaim;
    private final Duration tolerance;
    private final List<ValueLocator> ids;
    private final List<ValueLocator> types;

    /**
     * @param header    the header carrying the token ({@code Authorization} takes a {@code Bearer } prefix)
     * @param hashClaim the claim holding the hex SHA-256 of the body
     * @param timeClaim the claim holding the issue time (epoch seconds), or null for none
     * @param tolerance the default tolerance of the time claim (ZERO without one)
     * @param ids       where the event id is, first present wins, else the SHA-256 of the body
     * @param types     where the type is, first present wins; none: ""
     */
    JwtFamily(String header, String hashClaim, String timeClaim, Duration tolerance, List<ValueLocator> ids,
              List<ValueLocator> types) {
        this.header = header;
        this.hashClaim = hashClaim;
        this.timeClaim = timeClaim;
        this.tolerance = tolerance;
        this.ids = List.copyOf(ids);
        this.types = List.copyOf(types);
    }

    @Override
    public final Family family() {
        return Family.JWT;
    }

    @Override
    public List<String> headers() {
        List<String> out = new ArrayList<>(List.of(header));
        out.addAll(Scheme.headerNames(ids, types));
        return out;
    }

    @Override
    public final Duration tolerance() {
        return tolerance;
    }

    @Override
    public String eventIdSource() {
        return Scheme.idSourcesElseHash(ids);
    }

    @Override
    final Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
    private static final Base64.Encoder B64URL_OUT = Base64.getUrlEncoder().withoutPadding();

    private final class Verifier extends Scheme {
        private final List<HmacKey> keys;

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, JwtFamily.this.tolerance);
            this.keys = utf8Keys("HmacSHA256");
        }

        @Override
        Verification check(Inbound in) {
            String raw = required(in, header, Reason.MISSING_SIGNATURE);
            String token = header.equalsIgnoreCase("Authorization") ? stripPrefix(raw, "Bearer ", header).trim() : raw;
            String[] parts = token.length() > MAX_TOKEN ? new String[0] : token.split("\\.", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, header + " is not a JWT (header.claims.signature)");
            }
            JsonNode head = part(parts[0]);
            if (!"HS256".equals(head.path("alg").asText(null))) {
                throw new Rejection(Reason.INVALID_SIGNATURE, "the JWT is not HS256");
            }
            byte[] sig = decode(parts[2]);
            if (sig == null || sig.length != 32) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, "the JWT signature is not a base64url HMAC-SHA256");
            }
            requireMatch(keys, List.of(sig), (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            JsonNode claims = part(parts[1]);
            JsonNode hash = claims.path(hashClaim);
            byte[] given = hash.isTextual() ? Codec.hex(hash.textValue()) : null;
            if (given == null || !MessageDigest.isEqual(given, Codec.sha256(in.body()))) {
                throw new Rejection(Reason.INVALID_SIGNATURE, "the JWT's " + hashClaim + " is not the body's SHA-256");
            }
            Instant at = null;
            if (timeClaim != null) {
                JsonNode t = claims.path(timeClaim);
                if (t.isMissingNode() || t.isNull()) {
                    throw new Rejection(Reason.MISSING_TIMESTAMP, "the JWT has no " + timeClaim + " claim");
                }
                at = withinTolerance(time(t, "the JWT's " + timeClaim));
            }
            return new Verification.Verified(eventId(in, ids, true), eventType(in), at, null);
        }

        private JsonNode part(String b64) {
            byte[] json = decode(b64);
            if (json == null) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, "a JWT part is not base64url");
            }
            JsonNode n;
            try {
                n = Json.parse(json, "a JWT part");
            } catch (Rejection r) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, "a JWT part is not a JSON object");
            }
            if (!n.isObject()) {
                throw new Rejection(Reason.MALFORMED_SIGNATURE, "a JWT part is not a JSON object");
            }
            return n;
        }

        private static byte[] decode(String b64url) {
            try {
                return B64URL.decode(b64url);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        @Override
        String presetType(Inbound in) {
            return firstType(in, types);
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            String head = B64URL_OUT.encodeToString(Codec.utf8("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
            StringBuilder claims = new StringBuilder("{");
            if (timeClaim != null) {
                claims.append('"').append(timeClaim).append("\":").append(nowOr(r.time())).append(',');
            }
            claims.append('"').append(hashClaim).append("\":\"").append(Codec.sha256Hex(r.body())).append("\"}");
            String unsigned = head + "." + B64URL_OUT.encodeToString(Codec.utf8(claims.toString()));
            HmacKey key = r.signingKey() == null ? keys.get(0) : new HmacKey("HmacSHA256", Codec.utf8(r.signingKey()));
            String token = unsigned + "." + B64URL_OUT.encodeToString(key.sign(unsigned.getBytes(StandardCharsets.US_ASCII)));
            Map<String, String> h = headers();
            h.put(header, header.equalsIgnoreCase("Authorization") ? "Bearer " + token : token);
            return h;
        }
    }
}
