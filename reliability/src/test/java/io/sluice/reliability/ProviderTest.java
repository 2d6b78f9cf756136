package io.sluice.reliability;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The load's own signers, checked against the providers' published examples. */
class ProviderTest {
    @Test
    void githubSignatureMatchesGithubsDocumentedExample() {
        // docs.github.com "Validating webhook deliveries": secret "It's a Secret to Everybody", payload "Hello, World!"
        Provider.Event e = new Provider.Event("github", "id-1", "rel.github", "Hello, World!".getBytes(StandardCharsets.UTF_8));
        Provider.Signed s = Provider.GITHUB.sign(e, "It's a Secret to Everybody", Instant.EPOCH);
        assertThat(s.headers()).containsEntry("X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void standardWebhooksSignatureMatchesTheSpecExample() {
        // standard-webhooks spec / svix docs example
        String body = "{\"test\": 2432232314}";
        Provider.Event e = new Provider.Event("stdwh", "msg_p5jXN8AQM9LWM0D4loKWxJek", "sluice.events",
                body.getBytes(StandardCharsets.UTF_8));
        Provider.Signed s = Provider.STANDARD_WEBHOOKS.sign(e, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                Instant.ofEpochSecond(1614265330));
        assertThat(s.headers()).containsEntry("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void hyperspellEventIdIsTheSha256OfTheBody() {
        Provider.Event e = Provider.HYPERSPELL.newEvent(1, new Random(1), Instant.ofEpochSecond(1_700_000_000));
        assertThat(e.eventId()).isEqualTo(java.util.HexFormat.of().formatHex(Provider.sha256(e.body())));
        assertThat(e.key()).startsWith("hyperspell:");
    }
}
