package io.sluice.scheme;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class ShopifySchemeTest {
    private static final String BODY = "{\"id\":820982911946154508,\"email\":\"jon@example.com\"}";
    private final WebhookVerifier verifier = Schemes.verifier(source("shopify", SECRET), CLOCK);

    private static Map<String, String> valid(String secret, String body) {
        return map("X-Shopify-Hmac-Sha256", hmacBase64(secret, body), "X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
                "X-Shopify-Topic", "orders/create", "X-Shopify-Triggered-At", "2026-11-23T11:59:58.123Z");
    }

    @Test
    void handComputedSignatureVerifies() {
        // printf '{"id":1}' | openssl dgst -sha256 -hmac shop-secret -binary | base64
        WebhookVerifier v = Schemes.verifier(source("shopify", "shop-secret"), CLOCK);
        verified(v.verify(delivery(map("X-Shopify-Hmac-Sha256", "plW8VGqq0nDMIEhDqaNNW99asdUCy7EIqLZVcQwtAZ0=",
                "X-Shopify-Webhook-Id", "w"), "{\"id\":1}")));
    }

    @Test
    void validDeliveryYieldsWebhookIdTopicAndTriggeredAt() {
        Verification.Verified ok = verified(verifier.verify(delivery(valid(SECRET, BODY), BODY)));
        assertThat(ok.eventId()).isEqualTo("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        assertThat(ok.eventType()).isEqualTo("orders/create");
        assertThat(ok.timestamp()).isEqualTo(Instant.parse("2026-11-23T11:59:58.123Z"));
    }

    @Test
    void oldTriggeredAtIsNotRefused() {
        Map<String, String> h = with(valid(SECRET, BODY), "X-Shopify-Triggered-At", "2020-01-01T00:00:00Z");
        verified(verifier.verify(delivery(h, BODY)));
    }

    @Test
    void tamperedBodyIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(SECRET, BODY), BODY.replace("jon", "joe"))), Reason.INVALID_SIGNATURE);
    }

    @Test
    void wrongSecretIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(OTHER, BODY), BODY)), Reason.INVALID_SIGNATURE);
    }

    @Test
    void secondSecretVerifiesDuringRotation() {
        verified(Schemes.verifier(source("shopify", OTHER, SECRET), CLOCK).verify(delivery(valid(SECRET, BODY), BODY)));
    }

    @Test
    void missingSignatureIsRejected() {
        rejected(verifier.verify(delivery(without(valid(SECRET, BODY), "X-Shopify-Hmac-Sha256"), BODY)), Reason.MISSING_SIGNATURE);
    }

    @Test
    void hexSignatureIsMalformed() {
        Map<String, String> h = with(valid(SECRET, BODY), "X-Shopify-Hmac-Sha256", hmacHex(SECRET, BODY));
        rejected(verifier.verify(delivery(h, BODY)), Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void missingWebhookIdIsRejected() {
        rejected(verifier.verify(delivery(without(valid(SECRET, BODY), "X-Shopify-Webhook-Id"), BODY)), Reason.MISSING_EVENT_ID);
    }

    @Test
    void signerRoundTrips() {
        Map<String, String> h = Schemes.signer(source("shopify", SECRET), CLOCK)
                .sign(new SignRequest(utf8(BODY), null, "wid", null, "orders/paid"));
        assertThat(h).containsEntry("X-Shopify-Hmac-Sha256", hmacBase64(SECRET, BODY));
        Verification.Verified ok = verified(verifier.verify(delivery(h, BODY)));
        assertThat(ok.eventId()).isEqualTo("wid");
        assertThat(ok.eventType()).isEqualTo("orders/paid");
    }
}
