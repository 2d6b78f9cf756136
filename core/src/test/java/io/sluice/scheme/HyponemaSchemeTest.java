package io.sluice.scheme;

import io.sluice.config.HmacConfig;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HyponemaSchemeTest {
    private static final HmacConfig RULE = new HmacConfig("X-Hyponema-Signature", "sha256", "hex", "v1=", "{id}.{timestamp}.{body}");
    private static final ValueLocator TS = ValueLocator.header("X-Hyponema-Timestamp");
    private static final String ID = "0b6c5c0e-6a55-4f7e-9d77-3c1c2a9e1f00";
    private static final String BODY = "{\"event_id\":\"" + ID + "\",\"type\":\"chat.completed\"}";

    private static SourceConfig src(String... secrets) {
        return source("hyponema", RULE, TS, null, null, null, secrets);
    }

    private final WebhookVerifier verifier = Schemes.verifier(src(SECRET), CLOCK);

    private static Map<String, String> valid(String secret, Instant at) {
        String ts = seconds(at);
        return map("X-Hyponema-Event-Id", ID, "X-Hyponema-Event-Type", "chat.completed", "X-Hyponema-Delivery-Attempt", "2",
                "X-Hyponema-Timestamp", ts, "X-Hyponema-Signature", "v1=" + hmacHex(secret, ID + "." + ts + "." + BODY));
    }

    @Test
    void validDeliveryYieldsHeaderIdTypeAttemptAndTime() {
        Verification.Verified ok = verified(verifier.verify(delivery(valid(SECRET, NOW), BODY)));
        assertThat(ok.eventId()).isEqualTo(ID);
        assertThat(ok.eventType()).isEqualTo("chat.completed");
        assertThat(ok.deliveryAttempt()).isEqualTo(2);
        assertThat(ok.timestamp()).isEqualTo(NOW);
    }

    @Test
    void bodyEventIdIsUsedWhenTheHeaderIsAbsent() {
        Verification.Verified ok = verified(verifier.verify(delivery(without(valid(SECRET, NOW), "X-Hyponema-Event-Id"), BODY)));
        assertThat(ok.eventId()).isEqualTo(ID);
    }

    @Test
    void noIdAnywhereIsMissingEventId() {
        SourceConfig s = source("hyponema", new HmacConfig("X-Hyponema-Signature", "sha256", "hex", "", "{body}"),
                null, null, null, null, SECRET);
        String body = "{\"type\":\"x\"}";
        rejected(Schemes.verifier(s, CLOCK).verify(delivery(map("X-Hyponema-Signature", hmacHex(SECRET, body)), body)),
                Reason.MISSING_EVENT_ID);
    }

    @Test
    void missingTypeHeaderGivesEmptyType() {
        assertThat(verified(verifier.verify(delivery(without(valid(SECRET, NOW), "X-Hyponema-Event-Type"), BODY))).eventType()).isEmpty();
    }

    @Test
    void garbledAttemptHeaderIsIgnored() {
        Map<String, String> h = with(valid(SECRET, NOW), "X-Hyponema-Delivery-Attempt", "two");
        assertThat(verified(verifier.verify(delivery(h, BODY))).deliveryAttempt()).isNull();
    }

    @Test
    void tamperedIdIsInvalidSignature() {
        rejected(verifier.verify(delivery(with(valid(SECRET, NOW), "X-Hyponema-Event-Id", "other"), BODY)), Reason.INVALID_SIGNATURE);
    }

    @Test
    void tamperedBodyIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(SECRET, NOW), BODY.replace("completed", "failed"))), Reason.INVALID_SIGNATURE);
    }

    @Test
    void wrongSecretIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(OTHER, NOW), BODY)), Reason.INVALID_SIGNATURE);
    }

    @Test
    void secondSecretVerifiesDuringRotation() {
        verified(Schemes.verifier(src(OTHER, SECRET), CLOCK).verify(delivery(valid(SECRET, NOW), BODY)));
    }

    @Test
    void staleTimestampIsOutOfTolerance() {
        rejected(verifier.verify(delivery(valid(SECRET, NOW.minusSeconds(301)), BODY)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void futureTimestampIsOutOfTolerance() {
        rejected(verifier.verify(delivery(valid(SECRET, NOW.plusSeconds(301)), BODY)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void missingSignatureIsRejected() {
        rejected(verifier.verify(delivery(without(valid(SECRET, NOW), "X-Hyponema-Signature"), BODY)), Reason.MISSING_SIGNATURE);
    }

    @Test
    void missingPrefixIsMalformed() {
        Map<String, String> h = valid(SECRET, NOW);
        h = with(h, "X-Hyponema-Signature", h.get("X-Hyponema-Signature").substring(3));
        rejected(verifier.verify(delivery(h, BODY)), Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void missingTimestampIsRejected() {
        rejected(verifier.verify(delivery(without(valid(SECRET, NOW), "X-Hyponema-Timestamp"), BODY)), Reason.MISSING_TIMESTAMP);
    }

    @Test
    void templateWithTimestampButNoTimestampRuleFailsAtConstruction() {
        SourceConfig s = source("hyponema", RULE, null, null, null, null, SECRET);
        assertThatThrownBy(() -> Schemes.verifier(s, CLOCK)).isInstanceOf(io.sluice.config.ConfigException.class)
                .hasMessageContaining("timestamp");
    }

    @Test
    void signerRoundTripsAndMatchesAHandComputedHmac() {
        Map<String, String> h = Schemes.signer(src(SECRET), CLOCK).sign(new SignRequest(utf8(BODY), NOW, ID, null, "chat.completed"));
        assertThat(h.get("X-Hyponema-Signature")).isEqualTo("v1=" + hmacHex(SECRET, ID + "." + seconds(NOW) + "." + BODY));
        Verification.Verified ok = verified(verifier.verify(delivery(h, BODY)));
        assertThat(ok.eventType()).isEqualTo("chat.completed");
        assertThat(ok.deliveryAttempt()).isEqualTo(1);
    }
}
