package io.sluice.scheme;

import java.time.Instant;
import java.util.UUID;

/**
 * Polar: Standard Webhooks headers ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}:
 * {@code v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">}, 300 s), but keyed with the UTF-8 bytes of the
 * endpoint secret as Polar shows it ({@code polar_whs_…}), not with a base64-decoded {@code whsec_} key: Polar's
 * sender base64-encodes the secret's text before handing it to the standardwebhooks library. Id:
 * {@code webhook-id} (the event's id, repeated on retries); type: body {@code /type}.
 */
final class PolarProvider extends StandardWebhooksFamily {
    @Override
    byte[] key(String secret) {
        return Codec.utf8(secret);
    }

    @Override
    String secretFormat() {
        return "the endpoint secret as Polar shows it (its text is the key)";
    }

    @Override
    public Example example() {
        return Example.secret("polar_whs_ExampleSecretNotReal0123456789abcdefGHIJ");
    }

    @Override
    public String name() {
        return "polar";
    }

    @Override
    public Handshake handshake() {
        return Handshake.NONE;
    }

    @Override
    public EventRules events() {
        return EventRules.json().subject("/data/id").time("/timestamp")
                .attribute("customer_id", "/data/customer_id").attribute("product_id", "/data/product_id")
                .attribute("status", "/data/status");
    }

    @Override
    public String sampleBody(Instant now) {
        return "{\"type\":\"order.paid\",\"timestamp\":\"" + now + "\",\"data\":{\"id\":\"" + UUID.randomUUID()
                + "\",\"status\":\"paid\",\"customer_id\":\"992fae2a-2a17-4b7a-8d9e-e287cf90131b\","
                + "\"product_id\":\"e3a8c2b1-4d5f-4a6b-9c7d-8e9f0a1b2c3d\",\"total_amount\":2000,\"currency\":\"usd\"}}";
    }

    @Override
    public Proof proof() {
        return Proof.OFFICIAL_LIBRARY_VERIFIES;
    }

    @Override
    public String vectorOrigin() {
        return "standardwebhooks Webhook.sign keyed as Polar's sender keys it, checked by @polar-sh/sdk webhooks.validateEvent (tools/vectors/package-lock.json)";
    }
}
