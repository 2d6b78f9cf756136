package io.sluice.scheme;

import io.sluice.config.ValueLocator;

import java.text.Normalizer;
import java.time.Instant;
import java.util.UUID;

/**
 * EasyPost: {@code X-Hmac-Signature: hmac-sha256-hex=<hex>} = HMAC-SHA256 of the raw body, keyed with the
 * webhook's {@code webhook_secret} after Unicode NFKD normalization (what every EasyPost client library's
 * {@code validateWebhook} does, so a secret with accents keys the same bytes however it was typed). No
 * timestamp is signed. Id: the Event's {@code /id} (stable across retries); type: {@code /description}
 * ({@code tracker.updated}, {@code batch.created}…).
 */
final class EasypostProvider extends HmacFamily {
    EasypostProvider() {
        super(HmacRule.header("X-Hmac-Signature").prefix("hmac-sha256-hex=")
                .idFrom(ValueLocator.json("/id")).typeFrom(ValueLocator.json("/description")));
    }

    @Override
    byte[] key(String secret) {
        return Codec.utf8(Normalizer.normalize(secret, Normalizer.Form.NFKD));
    }

    @Override
    public String name() {
        return "easypost";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/result/id").time("/created_at")
                .attribute("mode", "/mode").attribute("object", "/result/object")
                .attribute("status", "/result/status").attribute("tracking_code", "/result/tracking_code");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"description\":\"tracker.updated\",\"mode\":\"test\",\"previous_attributes\":{\"status\":\"pre_transit\"},"
                + "\"created_at\":\"" + now + "\",\"id\":\"evt_" + UUID.randomUUID().toString().replace("-", "")
                + "\",\"user_id\":\"user_1\",\"status\":\"pending\",\"object\":\"Event\",\"result\":{\"id\":\"trk_1\","
                + "\"object\":\"Tracker\",\"mode\":\"test\",\"tracking_code\":\"EZ1000000001\",\"status\":\"in_transit\","
                + "\"weight\":136.0,\"carrier\":\"USPS\"}}";
    }

    @Override
    public Proof proof() {
        return Proof.SDK_TEST_VECTOR;
    }

    @Override
    public String vectorOrigin() {
        return "easypost-node's shared test vector (NFKD secret); node crypto, checked by @easypost/api validateWebhook (tools/vectors/package-lock.json)";
    }
}
