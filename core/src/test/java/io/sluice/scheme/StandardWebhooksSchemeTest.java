package io.sluice.scheme;

import io.sluice.config.ValueLocator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandardWebhooksSchemeTest {
    // The Standard Webhooks / Svix reference test vector.
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String SPEC_TS = "1614265330";
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Clock SPEC_CLOCK = Clock.fixed(Instant.ofEpochSecond(1614265330), ZoneOffset.UTC);

    private static final String KEY_B64 = Base64.getEncoder().encodeToString(utf8("a-32-byte-standard-webhooks-key!"));
    private static final String SECRET_SW = "whsec_" + KEY_B64;
    private static final String OTHER_SW = "whsec_" + Base64.getEncoder().encodeToString(utf8("another-key-of-some-length"));
    private static final String BODY = "{\"type\":\"invoice.paid\",\"data\":{}}";

    private final WebhookVerifier verifier = Schemes.verifier(source("standard-webhooks", SECRET_SW), CLOCK);

    private static String sig(String secretB64Key, String id, String ts, String body) {
        byte[] key = Base64.getDecoder().decode(secretB64Key);
        return "v1," + Base64.getEncoder().encodeToString(hmac("HmacSHA256", key, utf8(id + "." + ts + "." + body)));
    }

    private static Map<String, String> valid(Instant at) {
        String ts = seconds(at);
        return map("webhook-id", "msg_1", "webhook-timestamp", ts, "webhook-signature", sig(KEY_B64, "msg_1", ts, BODY));
    }

    @Test
    void specVectorVerifies() {
        WebhookVerifier v = Schemes.verifier(source("standard-webhooks", SPEC_SECRET), SPEC_CLOCK);
        Verification.Verified ok = verified(v.verify(delivery(
                map("webhook-id", SPEC_ID, "webhook-timestamp", SPEC_TS, "webhook-signature", SPEC_SIG), SPEC_BODY)));
        assertThat(ok.eventId()).isEqualTo(SPEC_ID);
        assertThat(ok.timestamp()).isEqualTo(Instant.ofEpochSecond(1614265330));
        assertThat(ok.eventType()).isEmpty();
    }

    @Test
    void specVectorVerifiesWithSecretWithoutPrefix() {
        WebhookVerifier v = Schemes.verifier(source("standard-webhooks", SPEC_SECRET.substring(6)), SPEC_CLOCK);
        verified(v.verify(delivery(
                map("webhook-id", SPEC_ID, "webhook-timestamp", SPEC_TS, "webhook-signature", SPEC_SIG), SPEC_BODY)));
    }

    @Test
    void signerReproducesSpecVector() {
        Map<String, String> h = Schemes.signer(source("standard-webhooks", SPEC_SECRET), SPEC_CLOCK)
                .sign(new SignRequest(utf8(SPEC_BODY), Instant.ofEpochSecond(1614265330), SPEC_ID, null));
        assertThat(h).containsEntry("webhook-signature", SPEC_SIG).containsEntry("webhook-id", SPEC_ID)
                .containsEntry("webhook-timestamp", SPEC_TS);
    }

    @Test
    void svixHeaderNamesVerify() {
        WebhookVerifier v = Schemes.verifier(source("standard-webhooks", SPEC_SECRET), SPEC_CLOCK);
        verified(v.verify(delivery(map("svix-id", SPEC_ID, "svix-timestamp", SPEC_TS, "svix-signature", SPEC_SIG), SPEC_BODY)));
    }

    @Test
    void anyOfSeveralSignaturesMayMatch() {
        Map<String, String> h = valid(NOW);
        h = with(h, "webhook-signature", "v1,bm9wZQ== v1a,AAAA " + h.get("webhook-signature"));
        verified(verifier.verify(delivery(h, BODY)));
    }

    @Test
    void validDeliveryYieldsIdTypeAndTime() {
        Verification.Verified ok = verified(verifier.verify(delivery(valid(NOW), BODY)));
        assertThat(ok.eventId()).isEqualTo("msg_1");
        assertThat(ok.eventType()).isEqualTo("invoice.paid");
        assertThat(ok.timestamp()).isEqualTo(NOW);
    }

    @Test
    void tamperedBodyIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(NOW), BODY.replace("paid", "void"))), Reason.INVALID_SIGNATURE);
    }

    @Test
    void tamperedIdIsInvalidSignature() {
        rejected(verifier.verify(delivery(with(valid(NOW), "webhook-id", "msg_2"), BODY)), Reason.INVALID_SIGNATURE);
    }

    @Test
    void wrongSecretIsInvalidSignature() {
        WebhookVerifier v = Schemes.verifier(source("standard-webhooks", OTHER_SW), CLOCK);
        rejected(v.verify(delivery(valid(NOW), BODY)), Reason.INVALID_SIGNATURE);
    }

    @Test
    void secondSecretVerifiesDuringRotation() {
        WebhookVerifier v = Schemes.verifier(source("standard-webhooks", OTHER_SW, SECRET_SW), CLOCK);
        verified(v.verify(delivery(valid(NOW), BODY)));
    }

    @Test
    void staleTimestampIsOutOfTolerance() {
        rejected(verifier.verify(delivery(valid(NOW.minusSeconds(301)), BODY)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void futureTimestampIsOutOfTolerance() {
        rejected(verifier.verify(delivery(valid(NOW.plusSeconds(301)), BODY)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void timestampAtTheEdgeOfToleranceVerifies() {
        verified(verifier.verify(delivery(valid(NOW.minusSeconds(300)), BODY)));
        verified(verifier.verify(delivery(valid(NOW.plusSeconds(300)), BODY)));
    }

    @Test
    void toleranceOverrideApplies() {
        WebhookVerifier v = Schemes.verifier(withOverrides(source("standard-webhooks", SECRET_SW), null, null,
                java.time.Duration.ofSeconds(10)), CLOCK);
        rejected(v.verify(delivery(valid(NOW.minusSeconds(11)), BODY)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void missingSignatureIsRejected() {
        rejected(verifier.verify(delivery(without(valid(NOW), "webhook-signature"), BODY)), Reason.MISSING_SIGNATURE);
    }

    @Test
    void missingIdIsRejected() {
        rejected(verifier.verify(delivery(without(valid(NOW), "webhook-id"), BODY)), Reason.MISSING_EVENT_ID);
    }

    @Test
    void missingTimestampIsRejected() {
        rejected(verifier.verify(delivery(without(valid(NOW), "webhook-timestamp"), BODY)), Reason.MISSING_TIMESTAMP);
    }

    @Test
    void nonNumericTimestampIsMalformed() {
        rejected(verifier.verify(delivery(with(valid(NOW), "webhook-timestamp", "12ab"), BODY)), Reason.MALFORMED_TIMESTAMP);
    }

    @Test
    void signatureWithoutVersionIsMissingV1() {
        Map<String, String> h = with(valid(NOW), "webhook-signature", valid(NOW).get("webhook-signature").substring(3));
        rejected(verifier.verify(delivery(h, BODY)), Reason.MISSING_SIGNATURE);
    }

    @Test
    void signatureThatIsNotBase64IsMalformed() {
        rejected(verifier.verify(delivery(with(valid(NOW), "webhook-signature", "v1,***"), BODY)), Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void duplicateSignatureHeaderIsMalformed() {
        rejected(verifier.verify(duplicated(valid(NOW), "webhook-signature", BODY)), Reason.MALFORMED_HEADER);
    }

    @Test
    void bodyThatIsNotJsonIsInvalidJson() {
        String body = "not json";
        String ts = seconds(NOW);
        Map<String, String> h = map("webhook-id", "m", "webhook-timestamp", ts, "webhook-signature", sig(KEY_B64, "m", ts, body));
        rejected(verifier.verify(delivery(h, body)), Reason.INVALID_JSON);
    }

    @Test
    void eventTypeOverrideReadsAHeader() {
        WebhookVerifier v = Schemes.verifier(withOverrides(source("standard-webhooks", SECRET_SW), null,
                ValueLocator.header("X-Kind"), null), CLOCK);
        assertThat(verified(v.verify(delivery(with(valid(NOW), "X-Kind", "k"), BODY))).eventType()).isEqualTo("k");
    }

    @Test
    void secretThatIsNotBase64FailsAtConstruction() {
        assertThatThrownBy(() -> Schemes.verifier(source("standard-webhooks", "whsec_***"), CLOCK))
                .isInstanceOf(io.sluice.config.ConfigException.class)
                .hasMessageNotContaining("***");
    }

    @Test
    void signerGeneratesAMessageId() {
        Map<String, String> h = Schemes.signer(source("standard-webhooks", SECRET_SW), CLOCK)
                .sign(new SignRequest(utf8(BODY), null, null, null));
        assertThat(h.get("webhook-id")).startsWith("msg_");
        verified(verifier.verify(delivery(h, BODY)));
    }
}
