package io.sluice.scheme;

import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Shopify: {@code X-Shopify-Hmac-Sha256} = base64 HMAC-SHA256 of the body, keyed with the app's client
 * secret. No timestamp check (Shopify retries the same delivery for up to 48 h); {@code
 * X-Shopify-Triggered-At}, when it parses, is reported as the provider time. Id: {@code
 * X-Shopify-Webhook-Id} (required); type: {@code X-Shopify-Topic}.
 */
final class ShopifyProvider extends Preset {
    static final String SIGNATURE = "X-Shopify-Hmac-Sha256";
    static final String WEBHOOK_ID = "X-Shopify-Webhook-Id";
    static final String TOPIC = "X-Shopify-Topic";
    static final String TRIGGERED_AT = "X-Shopify-Triggered-At";
    private static final List<ValueLocator> ID_RULE = List.of(ValueLocator.header(WEBHOOK_ID));
    private static final Duration TOLERANCE = Duration.ZERO;

    ShopifyProvider() {
        super("shopify", Family.HMAC, TOLERANCE, List.of(SIGNATURE, WEBHOOK_ID, TOPIC, TRIGGERED_AT),
                "header X-Shopify-Webhook-Id");
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.anyBody().subject("/admin_graphql_api_id", "/id").time("/updated_at", "/created_at");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"id\":820982911946154508,\"admin_graphql_api_id\":\"gid://shopify/Order/820982911946154508\","
                + "\"email\":\"jon@example.com\",\"created_at\":\"" + now + "\"}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_SIGNS;
    }

    @Override
    public String vectorOrigin() {
        return "@shopify/shopify-api createSHA256HMAC (tools/vectors/package-lock.json)";
    }

    @Override
    Scheme scheme(SourceConfig source, Clock clock) {
        return new Verifier(source, clock);
    }

    private static final class Verifier extends Scheme {
        private final List<HmacKey> keys;

        Verifier(SourceConfig source, Clock clock) {
            super(source, clock, TOLERANCE);
            this.keys = utf8Keys("HmacSHA256");
        }

        @Override
        Verification check(Inbound in) {
            byte[] sig = base64Signature(required(in, SIGNATURE, Reason.MISSING_SIGNATURE), SIGNATURE, keys);
            requireMatch(keys, List.of(sig), in.body());
            return new Verification.Verified(eventId(in, ID_RULE, false), eventType(in), triggeredAt(in), null);
        }

        private static Instant triggeredAt(Inbound in) {
            String v;
            try {
                v = in.header(TRIGGERED_AT);
            } catch (Rejection duplicate) {
                return null; // informational only
            }
            if (v == null || v.length() > 64) {
                return null;
            }
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        @Override
        String presetType(Inbound in) {
            String t = in.header(TOPIC);
            return t == null ? "" : t;
        }

        @Override
        public Map<String, String> sign(SignRequest r) {
            Map<String, String> h = headers();
            h.put(WEBHOOK_ID, r.eventId() != null ? r.eventId() : randomId());
            if (r.eventType() != null) {
                h.put(TOPIC, r.eventType());
            }
            h.put(TRIGGERED_AT, (r.time() != null ? r.time() : clock.instant()).toString());
            h.put(SIGNATURE, Codec.base64(keys.get(0).sign(r.body())));
            return h;
        }
    }
}
