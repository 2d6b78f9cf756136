package io.sluice.scheme;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webflow sends {@code x-webflow-timestamp} in milliseconds and signs {@code <timestamp>:<body>} with that text:
 * the signer must write milliseconds as Webflow does, and the verifier reads milliseconds and seconds alike.
 */
class WebflowSchemeTest {
    private static final String BODY = "{\"triggerType\":\"form_submission\",\"payload\":{\"id\":\"f1\"}}";
    private final WebhookVerifier verifier = Schemes.verifier(source("webflow", SECRET), CLOCK);

    private static Map<String, String> signed(String timestamp) {
        return map("x-webflow-timestamp", timestamp, "x-webflow-signature", hmacHex(SECRET, timestamp + ":" + BODY));
    }

    @Test
    void signerWritesMillisecondsAsWebflowDoes() {
        Map<String, String> h = Schemes.signer(source("webflow", SECRET), CLOCK)
                .sign(new SignRequest(utf8(BODY), NOW.plusMillis(344), null, null, null));
        String ts = Long.toString(NOW.plusMillis(344).toEpochMilli());
        assertThat(h).containsEntry("x-webflow-timestamp", ts)
                .containsEntry("x-webflow-signature", hmacHex(SECRET, ts + ":" + BODY));
        assertThat(verified(verifier.verify(delivery(h, BODY))).timestamp()).isEqualTo(NOW.plusMillis(344));
    }

    @Test
    void millisecondTimestampVerifies() {
        String ts = Long.toString(NOW.minusSeconds(30).toEpochMilli());
        assertThat(verified(verifier.verify(delivery(signed(ts), BODY))).timestamp()).isEqualTo(NOW.minusSeconds(30));
    }

    @Test
    void secondTimestampStillVerifies() {
        String ts = seconds(NOW.minusSeconds(30));
        assertThat(verified(verifier.verify(delivery(signed(ts), BODY))).timestamp()).isEqualTo(NOW.minusSeconds(30));
    }

    @Test
    void millisecondTimestampOlderThanFiveMinutesIsRefused() {
        String ts = Long.toString(NOW.minusSeconds(301).toEpochMilli());
        rejected(verifier.verify(delivery(signed(ts), BODY)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void hubspotSignerWritesMillisecondsToo() {
        // HubSpot's v3 timestamp is milliseconds as well (its own library compares it with Date.now())
        Map<String, String> h = Schemes.signer(source("hubspot", SECRET), CLOCK)
                .sign(new SignRequest(utf8("[]"), NOW, null, "https://sluice.example/webhooks/src", null));
        assertThat(h).containsEntry("X-HubSpot-Request-Timestamp", Long.toString(NOW.toEpochMilli()));
        verified(Schemes.verifier(source("hubspot", SECRET), CLOCK)
                .verify(new Delivery("https://sluice.example/webhooks/src", Headers.of(h), utf8("[]"))));
    }
}
