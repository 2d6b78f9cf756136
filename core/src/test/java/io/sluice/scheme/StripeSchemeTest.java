package io.sluice.scheme;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class StripeSchemeTest {
    private static final String WHSEC = "whsec_test_1234567890abcdef";
    private static final String BODY = "{\"id\":\"evt_1NG8Du2eZvKYlo2CUI79vXWy\",\"object\":\"event\",\"type\":\"charge.succeeded\"}";
    private final WebhookVerifier verifier = Schemes.verifier(source("stripe", WHSEC), CLOCK);

    private static Map<String, String> valid(String secret, Instant at, String body) {
        String t = seconds(at);
        return map("Stripe-Signature", "t=" + t + ",v1=" + hmacHex(secret, t + "." + body) + ",v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39");
    }

    @Test
    void handComputedSignatureVerifies() {
        // Stripe publishes no vector; this one is computed with openssl:
        // printf '1700000000.{}' | openssl dgst -sha256 -hmac whsec_test_1234567890abcdef
        WebhookVerifier v = Schemes.verifier(source("stripe", WHSEC),
                java.time.Clock.fixed(Instant.ofEpochSecond(1700000000), java.time.ZoneOffset.UTC));
        String sig = hmacHex(WHSEC, "1700000000.{\"id\":\"evt_1\"}");
        assertThat(sig).isEqualTo(StripeVector.SIG);
        verified(v.verify(delivery(map("Stripe-Signature", "t=1700000000,v1=" + StripeVector.SIG), "{\"id\":\"evt_1\"}")));
    }

    @Test
    void validDeliveryYieldsIdTypeAndTime() {
        Verification.Verified ok = verified(verifier.verify(delivery(valid(WHSEC, NOW, BODY), BODY)));
        assertThat(ok.eventId()).isEqualTo("evt_1NG8Du2eZvKYlo2CUI79vXWy");
        assertThat(ok.eventType()).isEqualTo("charge.succeeded");
        assertThat(ok.timestamp()).isEqualTo(NOW);
    }

    @Test
    void anyV1MayMatch() {
        String t = seconds(NOW);
        Map<String, String> h = map("Stripe-Signature", "t=" + t + ",v1=" + "ab".repeat(32) + ",v1=" + hmacHex(WHSEC, t + "." + BODY));
        verified(verifier.verify(delivery(h, BODY)));
    }

    @Test
    void tamperedBodyIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(WHSEC, NOW, BODY), BODY.replace("succeeded", "failed"))), Reason.INVALID_SIGNATURE);
    }

    @Test
    void wrongSecretIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid("whsec_other", NOW, BODY), BODY)), Reason.INVALID_SIGNATURE);
    }

    @Test
    void secondSecretVerifiesDuringRotation() {
        WebhookVerifier v = Schemes.verifier(source("stripe", "whsec_old", WHSEC), CLOCK);
        verified(v.verify(delivery(valid(WHSEC, NOW, BODY), BODY)));
    }

    @Test
    void staleTimestampIsOutOfTolerance() {
        rejected(verifier.verify(delivery(valid(WHSEC, NOW.minusSeconds(301), BODY), BODY)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void futureTimestampIsOutOfTolerance() {
        rejected(verifier.verify(delivery(valid(WHSEC, NOW.plusSeconds(301), BODY), BODY)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void missingHeaderIsMissingSignature() {
        rejected(verifier.verify(delivery(map(), BODY)), Reason.MISSING_SIGNATURE);
    }

    @Test
    void headerWithoutTimestampIsMissingTimestamp() {
        rejected(verifier.verify(delivery(map("Stripe-Signature", "v1=" + "ab".repeat(32)), BODY)), Reason.MISSING_TIMESTAMP);
    }

    @Test
    void headerWithoutV1IsMissingSignature() {
        rejected(verifier.verify(delivery(map("Stripe-Signature", "t=" + seconds(NOW) + ",v0=abc"), BODY)), Reason.MISSING_SIGNATURE);
    }

    @Test
    void garbledHeaderIsRejectedNotThrown() {
        rejected(verifier.verify(delivery(map("Stripe-Signature", ",,,=,t=,v1=="), BODY)), Reason.MISSING_TIMESTAMP);
        rejected(verifier.verify(delivery(map("Stripe-Signature", "t=abc,v1=00"), BODY)), Reason.MALFORMED_TIMESTAMP);
        rejected(verifier.verify(delivery(map("Stripe-Signature", "t=" + seconds(NOW) + ",v1=xyz"), BODY)), Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void twoTimestampsAreMalformed() {
        String t = seconds(NOW);
        Map<String, String> h = map("Stripe-Signature", "t=" + t + ",t=" + t + ",v1=" + hmacHex(WHSEC, t + "." + BODY));
        rejected(verifier.verify(delivery(h, BODY)), Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void duplicateHeaderLinesAreMalformed() {
        rejected(verifier.verify(duplicated(valid(WHSEC, NOW, BODY), "Stripe-Signature", BODY)), Reason.MALFORMED_HEADER);
    }

    @Test
    void bodyWithoutIdIsMissingEventId() {
        String body = "{\"type\":\"x\"}";
        rejected(verifier.verify(delivery(valid(WHSEC, NOW, body), body)), Reason.MISSING_EVENT_ID);
    }

    @Test
    void bodyThatIsNotJsonIsInvalidJson() {
        String body = "{\"id\":";
        rejected(verifier.verify(delivery(valid(WHSEC, NOW, body), body)), Reason.INVALID_JSON);
    }

    @Test
    void signerRoundTrips() {
        Map<String, String> h = Schemes.signer(source("stripe", WHSEC), CLOCK).sign(new SignRequest(utf8(BODY), NOW, null, null));
        assertThat(h.get("Stripe-Signature")).isEqualTo("t=" + seconds(NOW) + ",v1=" + hmacHex(WHSEC, seconds(NOW) + "." + BODY));
        verified(verifier.verify(delivery(h, BODY)));
    }

    /** Computed once with: printf '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test_1234567890abcdef */
    static final class StripeVector {
        static final String SIG = "26750b51d8b9abded0e1b9c9795008fd878e055b6f6d40b29474217a17fd10c2";
    }
}
