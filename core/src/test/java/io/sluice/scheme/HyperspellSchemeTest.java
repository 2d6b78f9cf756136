package io.sluice.scheme;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class HyperspellSchemeTest {
    private final WebhookVerifier verifier = Schemes.verifier(source("hyperspell", SECRET), CLOCK);

    private static String body(Instant at) {
        return "{\"event\":\"index-completed\",\"app\":\"demo\",\"user_id\":null,\"source\":\"notion\",\"resource_id\":\"r1\",\"timestamp\":"
                + at.getEpochSecond() + "}";
    }

    private static Map<String, String> valid(String secret, String body) {
        return map("X-Hyperspell-Signature", hmacHex(secret, body));
    }

    @Test
    void handComputedSignatureVerifies() {
        // printf '{"event":"index-completed","timestamp":1700000000}' | openssl dgst -sha256 -hmac hs-secret
        WebhookVerifier v = Schemes.verifier(source("hyperspell", "hs-secret"),
                Clock.fixed(Instant.ofEpochSecond(1700000000), ZoneOffset.UTC));
        verified(v.verify(delivery(map("X-Hyperspell-Signature", "700f604cfc52fb22c6b6fc79695fb2062c09754fafc36656ad02097c6bbbb33b"),
                "{\"event\":\"index-completed\",\"timestamp\":1700000000}")));
    }

    @Test
    void validDeliveryYieldsBodyHashEventAndTime() {
        String b = body(NOW);
        Verification.Verified ok = verified(verifier.verify(delivery(valid(SECRET, b), b)));
        assertThat(ok.eventId()).isEqualTo(sha256Hex(b));
        assertThat(ok.eventType()).isEqualTo("index-completed");
        assertThat(ok.timestamp()).isEqualTo(NOW);
    }

    @Test
    void tamperedBodyIsInvalidSignature() {
        String b = body(NOW);
        rejected(verifier.verify(delivery(valid(SECRET, b), b.replace("r1", "r2"))), Reason.INVALID_SIGNATURE);
    }

    @Test
    void wrongSecretIsInvalidSignature() {
        String b = body(NOW);
        rejected(verifier.verify(delivery(valid(OTHER, b), b)), Reason.INVALID_SIGNATURE);
    }

    @Test
    void secondSecretVerifiesDuringRotation() {
        String b = body(NOW);
        verified(Schemes.verifier(source("hyperspell", OTHER, SECRET), CLOCK).verify(delivery(valid(SECRET, b), b)));
    }

    @Test
    void staleTimestampIsOutOfTolerance() {
        String b = body(NOW.minusSeconds(301));
        rejected(verifier.verify(delivery(valid(SECRET, b), b)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void futureTimestampIsOutOfTolerance() {
        String b = body(NOW.plusSeconds(301));
        rejected(verifier.verify(delivery(valid(SECRET, b), b)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void bodyWithoutTimestampIsMissingTimestamp() {
        String b = "{\"event\":\"index-started\"}";
        rejected(verifier.verify(delivery(valid(SECRET, b), b)), Reason.MISSING_TIMESTAMP);
    }

    @Test
    void textualTimestampThatIsNotANumberIsMalformed() {
        String b = "{\"event\":\"index-started\",\"timestamp\":\"yesterday\"}";
        rejected(verifier.verify(delivery(valid(SECRET, b), b)), Reason.MALFORMED_TIMESTAMP);
    }

    @Test
    void missingSignatureIsRejected() {
        rejected(verifier.verify(delivery(map(), body(NOW))), Reason.MISSING_SIGNATURE);
    }

    @Test
    void signedBodyThatIsNotJsonIsInvalidJson() {
        rejected(verifier.verify(delivery(valid(SECRET, "event=x"), "event=x")), Reason.INVALID_JSON);
    }

    @Test
    void unsignedGarbageIsRefusedBeforeParsing() {
        rejected(verifier.verify(delivery(valid(OTHER, "[[[["), "[[[[")), Reason.INVALID_SIGNATURE);
    }

    @Test
    void signerRoundTrips() {
        String b = body(NOW);
        Map<String, String> h = Schemes.signer(source("hyperspell", SECRET), CLOCK).sign(new SignRequest(utf8(b), null, null, null));
        assertThat(h).isEqualTo(valid(SECRET, b));
        verified(verifier.verify(delivery(h, b)));
    }
}
