package io.sluice.scheme;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class HumeSchemeTest {
    private static final String BODY = "{\"event_name\":\"chat_started\",\"chat_id\":\"c-1\",\"chat_group_id\":\"g-1\"}";
    private final WebhookVerifier verifier = Schemes.verifier(source("hume", SECRET), CLOCK);

    private static Map<String, String> valid(String secret, String ts, String body) {
        // Hume's official examples: hex HMAC-SHA256 of `${payload}.${timestamp}`.
        return map("X-Hume-AI-Webhook-Timestamp", ts, "X-Hume-AI-Webhook-Signature", hmacHex(secret, body + "." + ts));
    }

    @Test
    void handComputedSignatureVerifies() {
        // printf '{"event_name":"chat_ended"}.1700000000' | openssl dgst -sha256 -hmac hume-secret
        WebhookVerifier v = Schemes.verifier(source("hume", "hume-secret"),
                Clock.fixed(Instant.ofEpochSecond(1700000000), ZoneOffset.UTC));
        Verification.Verified ok = verified(v.verify(delivery(map("X-Hume-AI-Webhook-Timestamp", "1700000000",
                "X-Hume-AI-Webhook-Signature", "0788ab684d93edfecbeee3c19fe3ffb88d3735f3119308d3033f5230af6eb977"),
                "{\"event_name\":\"chat_ended\"}")));
        assertThat(ok.eventType()).isEqualTo("chat_ended");
    }

    @Test
    void validDeliveryYieldsBodyHashEventNameAndTime() {
        Verification.Verified ok = verified(verifier.verify(delivery(valid(SECRET, seconds(NOW), BODY), BODY)));
        assertThat(ok.eventId()).isEqualTo(sha256Hex(BODY));
        assertThat(ok.eventType()).isEqualTo("chat_started");
        assertThat(ok.timestamp()).isEqualTo(NOW);
    }

    @Test
    void millisecondTimestampIsReadAsMilliseconds() {
        String ms = Long.toString(NOW.toEpochMilli());
        verified(verifier.verify(delivery(valid(SECRET, ms, BODY), BODY)));
    }

    @Test
    void tamperedBodyIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(SECRET, seconds(NOW), BODY), BODY.replace("c-1", "c-2"))), Reason.INVALID_SIGNATURE);
    }

    @Test
    void wrongSecretIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(OTHER, seconds(NOW), BODY), BODY)), Reason.INVALID_SIGNATURE);
    }

    @Test
    void secondSecretVerifiesDuringRotation() {
        verified(Schemes.verifier(source("hume", OTHER, SECRET), CLOCK).verify(delivery(valid(SECRET, seconds(NOW), BODY), BODY)));
    }

    @Test
    void staleTimestampIsOutOfTolerance() {
        rejected(verifier.verify(delivery(valid(SECRET, seconds(NOW.minusSeconds(181)), BODY), BODY)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void futureTimestampIsOutOfTolerance() {
        rejected(verifier.verify(delivery(valid(SECRET, seconds(NOW.plusSeconds(181)), BODY), BODY)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void threeMinutesOldStillVerifies() {
        verified(verifier.verify(delivery(valid(SECRET, seconds(NOW.minusSeconds(180)), BODY), BODY)));
    }

    @Test
    void missingSignatureIsRejected() {
        rejected(verifier.verify(delivery(without(valid(SECRET, seconds(NOW), BODY), "X-Hume-AI-Webhook-Signature"), BODY)), Reason.MISSING_SIGNATURE);
    }

    @Test
    void missingTimestampIsRejected() {
        rejected(verifier.verify(delivery(without(valid(SECRET, seconds(NOW), BODY), "X-Hume-AI-Webhook-Timestamp"), BODY)), Reason.MISSING_TIMESTAMP);
    }

    @Test
    void malformedTimestampIsRejected() {
        rejected(verifier.verify(delivery(valid(SECRET, "2026-11-23T12:00:00Z", BODY), BODY)), Reason.MALFORMED_TIMESTAMP);
    }

    @Test
    void signatureThatIsNotHexIsMalformed() {
        Map<String, String> h = with(valid(SECRET, seconds(NOW), BODY), "X-Hume-AI-Webhook-Signature", hmacBase64(SECRET, BODY));
        rejected(verifier.verify(delivery(h, BODY)), Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void signerRoundTrips() {
        Map<String, String> h = Schemes.signer(source("hume", SECRET), CLOCK).sign(new SignRequest(utf8(BODY), null, null, null));
        assertThat(h).isEqualTo(valid(SECRET, seconds(NOW), BODY));
        verified(verifier.verify(delivery(h, BODY)));
    }
}
