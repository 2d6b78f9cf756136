package io.sluice.testkit;

import io.sluice.config.Secret;
import io.sluice.config.SourceConfig;
import io.sluice.scheme.Reason;
import io.sluice.scheme.Schemes;
import io.sluice.scheme.Verification;
import io.sluice.scheme.WebhookVerifier;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SignedDeliveryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    private static final SourceConfig STRIPE = new SourceConfig("pay", "stripe", null,
            List.of(new Secret("whsec_abc")), null, null, null, null, null, null);
    private final WebhookVerifier verifier = Schemes.verifier(STRIPE, CLOCK);
    private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"charge.succeeded\"}";

    @Test
    void buildsADeliveryTheVerifierAccepts() {
        SignedDelivery d = SignedDelivery.of(STRIPE).clock(CLOCK).body(BODY).build();
        assertThat(d.headers()).containsKeys("Stripe-Signature", "Content-Type");
        assertThat(verifier.verify(d.toDelivery())).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void secretOverrideProducesAnInvalidSignature() {
        SignedDelivery d = SignedDelivery.of(STRIPE).clock(CLOCK).body(BODY).secret("whsec_wrong").build();
        assertThat(((Verification.Rejected) verifier.verify(d.toDelivery())).reason()).isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void oldTimeProducesAStaleDelivery() {
        SignedDelivery d = SignedDelivery.of(STRIPE).clock(CLOCK).body(BODY).time(CLOCK.instant().minusSeconds(3600)).build();
        assertThat(((Verification.Rejected) verifier.verify(d.toDelivery())).reason()).isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void droppedSignatureIsMissing() {
        SignedDelivery d = SignedDelivery.of(STRIPE).clock(CLOCK).body(BODY).withoutHeader("stripe-signature").build();
        assertThat(((Verification.Rejected) verifier.verify(d.toDelivery())).reason()).isEqualTo(Reason.MISSING_SIGNATURE);
    }
}
