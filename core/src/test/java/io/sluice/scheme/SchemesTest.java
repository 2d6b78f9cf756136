package io.sluice.scheme;

import io.sluice.config.HmacConfig;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class SchemesTest {
    private static final HmacConfig RULE = new HmacConfig("X-Partner-Signature", "sha256", "hex", "", "{body}");

    private static final String URL = "https://sluice.example/webhooks/src";

    static SourceConfig any(String kind) {
        return switch (kind) {
            case "hmac", "hyponema" -> source(kind, RULE, null, null, null, null, SECRET);
            default -> publicKey(kind) ? Providers.get(kind).example().source("src", kind) : source(kind, secretFor(kind));
        };
    }

    /** True for providers whose secrets hold a public key (their example signs with its private key). */
    private static boolean publicKey(String kind) {
        Example e = Providers.get(kind).example();
        return !e.secrets().get(0).equals(e.signingKey());
    }

    /** What signs for {@code kind} besides the source's first secret: a public-key provider's private key. */
    private static String key(String kind) {
        return publicKey(kind) ? Providers.get(kind).example().signingKey() : null;
    }

    @Test
    void everySchemeRoundTripsThroughItsSigner() {
        // Each provider's own sample body (the one `up` prints a curl for), signed for the URL it is sent to;
        // providers that sign inside the body hand back the body to send.
        for (Provider p : Providers.ALL) {
            SourceConfig s = any(p.name());
            WebhookSigner signer = Schemes.signer(s, CLOCK);
            SignRequest request = new SignRequest(utf8(p.sampleBody(NOW)), null, null, URL, null, key(p.name()));
            Map<String, String> h = signer.sign(request);
            Delivery d = new Delivery(URL, Headers.of(h), signer.signedBody(request));
            assertThat(Schemes.verifier(s, CLOCK).verify(d)).as(p.name()).isInstanceOf(Verification.Verified.class);
        }
    }

    @Test
    void secretHeadersNameEachSchemesSignatureHeaderInLowerCase() {
        Map<String, String> expected = new HashMap<>();
        expected.put("hyperspell", "x-hyperspell-signature");
        expected.put("hume", "x-hume-ai-webhook-signature");
        expected.put("hyponema", "x-partner-signature");
        expected.put("aihummer-inbound", "x-aihummer-inbound-secret");
        expected.put("aihummer-trigger", "x-aihummer-signature");
        expected.put("standard-webhooks", "webhook-signature");
        expected.put("stripe", "stripe-signature");
        expected.put("github", "x-hub-signature-256");
        expected.put("slack", "x-slack-signature");
        expected.put("shopify", "x-shopify-hmac-sha256");
        expected.put("hmac", "x-partner-signature");
        for (Provider p : Providers.ALL) {
            SourceConfig s = any(p.name());
            // The presets above by name; every other provider: the headers its descriptor declares secret.
            List<String> own = expected.containsKey(p.name()) ? List.of(expected.get(p.name()))
                    : p.secretHeaders(s).stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            assertThat(Schemes.secretHeaders(s)).as(p.name())
                    .containsAll(own).contains("authorization", "x-aihummer-inbound-secret")
                    .allMatch(h -> h.equals(h.toLowerCase()));
        }
    }

    @Test
    void signerHeadersNeverIncludeAnythingButSecretsWhereExpected() {
        // Only shared-token providers (aihummer-inbound, GitLab…) put the secret itself on the wire; every
        // other signer sends MACs only.
        String body = "{\"id\":\"evt_1\",\"timestamp\":" + NOW.getEpochSecond() + "}";
        for (String kind : Providers.ALL.stream().map(Provider::name).toList()) {
            if (Providers.get(kind).family() == Family.TOKEN) {
                continue;
            }
            Map<String, String> h = Schemes.signer(any(kind), CLOCK).sign(new SignRequest(utf8(body), null, null, URL, null, key(kind)));
            assertThat(h.values()).as(kind).noneMatch(v -> v.contains(secretFor(kind)));
        }
    }

    @Test
    void rejectionDetailsNeverContainSecretsOrSignatures() {
        String body = "{\"id\":\"evt_1\",\"timestamp\":" + NOW.getEpochSecond() + "}";
        for (String kind : Providers.ALL.stream().map(Provider::name).toList()) {
            SourceConfig s = any(kind);
            Map<String, String> h = Schemes.signer(s, CLOCK).sign(new SignRequest(utf8(body), null, null, URL, null, key(kind)));
            Verification v = Schemes.verifier(s, CLOCK).verify(delivery(h, body + " "));
            if (v instanceof Verification.Rejected r) {
                assertThat(r.detail()).as(kind).doesNotContain(secretFor(kind));
                h.values().stream().filter(x -> x.length() > 20).forEach(x -> assertThat(r.detail()).doesNotContain(x));
            }
        }
    }

    @Test
    void nullPartsOfADeliveryAreRejectedNotThrown() {
        for (String kind : Providers.ALL.stream().map(Provider::name).toList()) {
            WebhookVerifier v = Schemes.verifier(any(kind), CLOCK);
            assertThat(v.verify(null)).isInstanceOf(Verification.Rejected.class);
            assertThat(v.verify(new Delivery(null, null, null))).isInstanceOf(Verification.Rejected.class);
            assertThat(v.verify(new Delivery(null, name -> null, new byte[0]))).isInstanceOf(Verification.Rejected.class);
        }
    }

    @Test
    void eventTypeOverrideWinsOverThePreset() {
        SourceConfig s = withOverrides(source("github", SECRET), null, ValueLocator.json("/action"), null);
        String body = "{\"action\":\"opened\"}";
        Map<String, String> h = Schemes.signer(s, CLOCK).sign(new SignRequest(utf8(body), null, "d", null, "issues"));
        assertThat(((Verification.Verified) Schemes.verifier(s, CLOCK).verify(delivery(h, body))).eventType()).isEqualTo("opened");
    }
}
