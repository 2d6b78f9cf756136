package io.sluice.scheme;

import io.sluice.config.HmacConfig;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class SchemesTest {
    private static final HmacConfig RULE = new HmacConfig("X-Partner-Signature", "sha256", "hex", "", "{body}");

    /** The presets with {@link Fixtures#SECRET}; every other provider as its example source. */
    static SourceConfig any(String kind) {
        String secret = kind.equals("standard-webhooks") ? "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" : SECRET;
        return switch (kind) {
            case "hmac", "hyponema" -> source(kind, RULE, null, null, null, null, secret);
            case "hyperspell", "hume", "aihummer-inbound", "aihummer-trigger", "standard-webhooks", "stripe", "github",
                 "slack", "shopify" -> source(kind, secret);
            default -> exampleIfPublicKey(kind);
        };
    }

    private static SourceConfig exampleIfPublicKey(String kind) {
        Example e = Providers.get(kind).example();
        return publicKey(kind) ? e.source("src", kind) : source(kind, SECRET);
    }

    private static boolean publicKey(String kind) {
        Example e = Providers.get(kind).example();
        return !e.secrets().get(0).equals(e.signingKey());
    }

    /** Signs as a provider would: public-key providers with their example's private key. */
    static Map<String, String> sign(String kind, SourceConfig s, String body) {
        String key = publicKey(kind) ? Providers.get(kind).example().signingKey() : null;
        return Schemes.signer(s, CLOCK).sign(new SignRequest(utf8(body), null, null, "https://sluice.example/webhooks/src", null, key));
    }

    @Test
    void everySchemeRoundTripsThroughItsSigner() {
        String body = "{\"id\":\"evt_1\",\"event_id\":\"e1\",\"timestamp\":" + NOW.getEpochSecond() + ",\"type\":\"t\",\"channel\":\"c\"}";
        for (String kind : Providers.ALL.stream().map(Provider::name).toList()) {
            SourceConfig s = any(kind);
            Map<String, String> h = sign(kind, s, body);
            assertThat(Schemes.verifier(s, CLOCK).verify(delivery(h, body))).as(kind).isInstanceOf(Verification.Verified.class);
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
        for (String kind : Providers.ALL.stream().map(Provider::name).toList()) {
            SourceConfig s = any(kind);
            String signature = expected.getOrDefault(kind, Providers.get(kind).headers().get(0).toLowerCase(java.util.Locale.ROOT));
            assertThat(Schemes.secretHeaders(s)).as(kind)
                    .contains(signature, "authorization", "x-aihummer-inbound-secret")
                    .allMatch(h -> h.equals(h.toLowerCase()));
        }
    }

    @Test
    void signerHeadersNeverIncludeAnythingButSecretsWhereExpected() {
        // Only token providers (aihummer-inbound) put the secret itself on the wire; every other signer sends MACs only.
        String body = "{\"id\":\"evt_1\",\"timestamp\":" + NOW.getEpochSecond() + "}";
        for (String kind : Providers.ALL.stream().map(Provider::name).toList()) {
            if (Providers.get(kind).family() == Family.TOKEN) {
                continue;
            }
            Map<String, String> h = sign(kind, any(kind), body);
            assertThat(h.values()).as(kind).noneMatch(v -> v.contains(SECRET));
        }
    }

    @Test
    void rejectionDetailsNeverContainSecretsOrSignatures() {
        String body = "{\"id\":\"evt_1\",\"timestamp\":" + NOW.getEpochSecond() + "}";
        for (String kind : Providers.ALL.stream().map(Provider::name).toList()) {
            SourceConfig s = any(kind);
            Map<String, String> h = sign(kind, s, body);
            Verification v = Schemes.verifier(s, CLOCK).verify(delivery(h, body + " "));
            if (v instanceof Verification.Rejected r) {
                assertThat(r.detail()).as(kind).doesNotContain(SECRET);
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
