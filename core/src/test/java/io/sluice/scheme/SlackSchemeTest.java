package io.sluice.scheme;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class SlackSchemeTest {
    // The worked example of Slack's "Verifying requests from Slack" page (a form-encoded slash command).
    private static final String DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String DOC_TS = "1531420618";
    private static final String DOC_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String DOC_SIG = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static final Clock DOC_CLOCK = Clock.fixed(Instant.ofEpochSecond(1531420618), ZoneOffset.UTC);

    private static final String BODY = "{\"type\":\"event_callback\",\"event_id\":\"Ev08MFMKH6\",\"event\":{\"type\":\"app_mention\"}}";
    private final WebhookVerifier verifier = Schemes.verifier(source("slack", SECRET), CLOCK);

    private static Map<String, String> valid(String secret, Instant at, String body) {
        String ts = seconds(at);
        return map("X-Slack-Request-Timestamp", ts, "X-Slack-Signature", "v0=" + hmacHex(secret, "v0:" + ts + ":" + body));
    }

    @Test
    void slacksDocumentedExampleVerifiesAsASlashCommand() {
        WebhookVerifier v = Schemes.verifier(source("slack", DOC_SECRET), DOC_CLOCK);
        Verification.Verified ok = verified(v.verify(delivery(
                map("X-Slack-Request-Timestamp", DOC_TS, "X-Slack-Signature", DOC_SIG), DOC_BODY)));
        assertThat(ok.eventType()).isEqualTo("slash_command");
        assertThat(ok.eventId()).isEqualTo(sha256Hex(DOC_BODY));
        assertThat(ok.deliveryAttempt()).isNull();
    }

    @Test
    void signerReproducesTheDocumentedExample() {
        Map<String, String> h = Schemes.signer(source("slack", DOC_SECRET), DOC_CLOCK)
                .sign(new SignRequest(utf8(DOC_BODY), Instant.ofEpochSecond(1531420618), null, null));
        assertThat(h).containsEntry("X-Slack-Signature", DOC_SIG).containsEntry("X-Slack-Request-Timestamp", DOC_TS);
    }

    @Test
    void handComputedEventsApiSignatureVerifies() {
        // printf 'v0:1700000000:{"type":"event_callback"}' | openssl dgst -sha256 -hmac slack-secret
        WebhookVerifier v = Schemes.verifier(source("slack", "slack-secret"),
                Clock.fixed(Instant.ofEpochSecond(1700000000), ZoneOffset.UTC));
        verified(v.verify(delivery(map("X-Slack-Request-Timestamp", "1700000000", "X-Slack-Signature",
                "v0=c852e8586e2bf6402c8378d0092c7ce153bef1250cf1bed1541eb60b9788429f"), "{\"type\":\"event_callback\"}")));
    }

    @Test
    void eventsApiDeliveryYieldsEventIdAndInnerType() {
        Verification.Verified ok = verified(verifier.verify(delivery(valid(SECRET, NOW, BODY), BODY)));
        assertThat(ok.eventId()).isEqualTo("Ev08MFMKH6");
        assertThat(ok.eventType()).isEqualTo("app_mention");
        assertThat(ok.timestamp()).isEqualTo(NOW);
    }

    @Test
    void urlVerificationUsesTopLevelTypeAndBodyHash() {
        String body = "{\"token\":\"t\",\"challenge\":\"c\",\"type\":\"url_verification\"}";
        Verification.Verified ok = verified(verifier.verify(delivery(valid(SECRET, NOW, body), body)));
        assertThat(ok.eventType()).isEqualTo("url_verification");
        assertThat(ok.eventId()).isEqualTo(sha256Hex(body));
    }

    @Test
    void interactivityPayloadTypeIsRead() {
        String body = "payload=%7B%22type%22%3A%22block_actions%22%7D";
        assertThat(verified(verifier.verify(delivery(valid(SECRET, NOW, body), body))).eventType()).isEqualTo("block_actions");
    }

    @Test
    void retryNumberBecomesTheAttempt() {
        Map<String, String> h = with(valid(SECRET, NOW, BODY), "X-Slack-Retry-Num", "2");
        assertThat(verified(verifier.verify(delivery(h, BODY))).deliveryAttempt()).isEqualTo(3);
    }

    @Test
    void tamperedBodyIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(SECRET, NOW, BODY), BODY.replace("app_mention", "message"))), Reason.INVALID_SIGNATURE);
    }

    @Test
    void tamperedTimestampIsInvalidSignature() {
        Map<String, String> h = with(valid(SECRET, NOW, BODY), "X-Slack-Request-Timestamp", seconds(NOW.plusSeconds(1)));
        rejected(verifier.verify(delivery(h, BODY)), Reason.INVALID_SIGNATURE);
    }

    @Test
    void wrongSecretIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(OTHER, NOW, BODY), BODY)), Reason.INVALID_SIGNATURE);
    }

    @Test
    void secondSecretVerifiesDuringRotation() {
        verified(Schemes.verifier(source("slack", OTHER, SECRET), CLOCK).verify(delivery(valid(SECRET, NOW, BODY), BODY)));
    }

    @Test
    void staleTimestampIsOutOfTolerance() {
        rejected(verifier.verify(delivery(valid(SECRET, NOW.minusSeconds(301), BODY), BODY)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void futureTimestampIsOutOfTolerance() {
        rejected(verifier.verify(delivery(valid(SECRET, NOW.plusSeconds(301), BODY), BODY)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void missingSignatureIsRejected() {
        rejected(verifier.verify(delivery(without(valid(SECRET, NOW, BODY), "X-Slack-Signature"), BODY)), Reason.MISSING_SIGNATURE);
    }

    @Test
    void missingTimestampIsRejected() {
        rejected(verifier.verify(delivery(without(valid(SECRET, NOW, BODY), "X-Slack-Request-Timestamp"), BODY)), Reason.MISSING_TIMESTAMP);
    }

    @Test
    void signatureWithoutVersionIsMalformed() {
        Map<String, String> h = valid(SECRET, NOW, BODY);
        h = with(h, "X-Slack-Signature", h.get("X-Slack-Signature").substring(3));
        rejected(verifier.verify(delivery(h, BODY)), Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void brokenJsonBodyIsInvalidJson() {
        String body = "{\"type\":";
        rejected(verifier.verify(delivery(valid(SECRET, NOW, body), body)), Reason.INVALID_JSON);
    }
}
