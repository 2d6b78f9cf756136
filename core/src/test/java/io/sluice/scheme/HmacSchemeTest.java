package io.sluice.scheme;

import io.sluice.config.HmacConfig;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class HmacSchemeTest {
    private static final String BODY = "{\"id\":\"evt-9\",\"type\":\"order.paid\",\"ts\":1700000000}";

    /** DESIGN.md's "partner" example. */
    private static SourceConfig partner(String... secrets) {
        return source("hmac", new HmacConfig("X-Signature", "sha256", "hex", "sha256=", "{timestamp}.{body}"),
                ValueLocator.header("X-Timestamp"), ValueLocator.header("X-Event-Id"), ValueLocator.json("/type"),
                Duration.ofMinutes(5), secrets);
    }

    private final WebhookVerifier verifier = Schemes.verifier(partner(SECRET), CLOCK);

    private static Map<String, String> valid(String secret, Instant at) {
        String ts = seconds(at);
        return map("X-Timestamp", ts, "X-Event-Id", "evt-9", "X-Signature", "sha256=" + hmacHex(secret, ts + "." + BODY));
    }

    @Test
    void partnerExampleVerifies() {
        Verification.Verified ok = verified(verifier.verify(delivery(valid(SECRET, NOW), BODY)));
        assertThat(ok.eventId()).isEqualTo("evt-9");
        assertThat(ok.eventType()).isEqualTo("order.paid");
        assertThat(ok.timestamp()).isEqualTo(NOW);
    }

    @Test
    void sha512Base64WithUrlAndJsonIdVerifies() {
        SourceConfig s = source("hmac", new HmacConfig("X-Sig", "sha512", "base64", "", "{url}|{id}|{body}"),
                null, ValueLocator.json("/id"), null, null, SECRET);
        String url = "https://sluice.example/webhooks/src";
        String sig = Base64.getEncoder().encodeToString(hmac("HmacSHA512", utf8(SECRET), utf8(url + "|evt-9|" + BODY)));
        Verification.Verified ok = verified(Schemes.verifier(s, CLOCK).verify(delivery(map("X-Sig", sig), BODY)));
        assertThat(ok.eventId()).isEqualTo("evt-9");
        assertThat(ok.timestamp()).isNull();
        assertThat(ok.eventType()).isEmpty();
    }

    @Test
    void sha1HexOfBodyWithoutIdRuleUsesBodyHash() {
        SourceConfig s = source("hmac", new HmacConfig("X-Sig", "sha1", "hex", "", "{body}"), null, null, null, null, SECRET);
        String sig = HexFormat.of().formatHex(hmac("HmacSHA1", utf8(SECRET), utf8(BODY)));
        assertThat(verified(Schemes.verifier(s, CLOCK).verify(delivery(map("X-Sig", sig), BODY))).eventId()).isEqualTo(sha256Hex(BODY));
    }

    @Test
    void jsonTimestampVerifies() {
        SourceConfig s = source("hmac", new HmacConfig("X-Sig", "sha256", "hex", "", "{timestamp}:{body}"),
                ValueLocator.json("/ts"), null, null, Duration.ofDays(10000), SECRET);
        Map<String, String> h = map("X-Sig", hmacHex(SECRET, "1700000000:" + BODY));
        assertThat(verified(Schemes.verifier(s, CLOCK).verify(delivery(h, BODY))).timestamp()).isEqualTo(Instant.ofEpochSecond(1700000000));
    }

    @Test
    void tamperedBodyIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(SECRET, NOW), BODY.replace("paid", "void"))), Reason.INVALID_SIGNATURE);
    }

    @Test
    void wrongSecretIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(OTHER, NOW), BODY)), Reason.INVALID_SIGNATURE);
    }

    @Test
    void secondSecretVerifiesDuringRotation() {
        verified(Schemes.verifier(partner(OTHER, SECRET), CLOCK).verify(delivery(valid(SECRET, NOW), BODY)));
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
    void missingTimestampIsRejected() {
        rejected(verifier.verify(delivery(without(valid(SECRET, NOW), "X-Timestamp"), BODY)), Reason.MISSING_TIMESTAMP);
    }

    @Test
    void missingEventIdIsRejected() {
        rejected(verifier.verify(delivery(without(valid(SECRET, NOW), "X-Event-Id"), BODY)), Reason.MISSING_EVENT_ID);
    }

    @Test
    void missingSignatureIsRejected() {
        rejected(verifier.verify(delivery(without(valid(SECRET, NOW), "X-Signature"), BODY)), Reason.MISSING_SIGNATURE);
    }

    @Test
    void wrongPrefixIsMalformed() {
        Map<String, String> h = valid(SECRET, NOW);
        h = with(h, "X-Signature", "sha1=" + h.get("X-Signature").substring(7));
        rejected(verifier.verify(delivery(h, BODY)), Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void signerRoundTripsWithGeneratedId() {
        Map<String, String> h = Schemes.signer(partner(SECRET), CLOCK).sign(new SignRequest(utf8(BODY), null, null, null));
        assertThat(h.get("X-Event-Id")).isNotBlank();
        assertThat(h.get("X-Signature")).isEqualTo("sha256=" + hmacHex(SECRET, seconds(NOW) + "." + BODY));
        verified(verifier.verify(delivery(h, BODY)));
    }
}
