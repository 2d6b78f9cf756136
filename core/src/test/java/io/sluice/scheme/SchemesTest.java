package io.sluice.scheme;

import io.sluice.config.HmacConfig;
import io.sluice.config.SchemeKind;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class SchemesTest {
    private static final HmacConfig RULE = new HmacConfig("X-Partner-Signature", "sha256", "hex", "", "{body}");

    static SourceConfig any(SchemeKind kind) {
        String secret = kind == SchemeKind.STANDARD_WEBHOOKS ? "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" : SECRET;
        return switch (kind) {
            case HMAC, HYPONEMA -> source(kind, RULE, null, null, null, null, secret);
            default -> source(kind, secret);
        };
    }

    @Test
    void everySchemeRoundTripsThroughItsSigner() {
        String body = "{\"id\":\"evt_1\",\"event_id\":\"e1\",\"timestamp\":" + NOW.getEpochSecond() + ",\"type\":\"t\",\"channel\":\"c\"}";
        for (SchemeKind kind : SchemeKind.values()) {
            SourceConfig s = any(kind);
            Map<String, String> h = Schemes.signer(s, CLOCK).sign(new SignRequest(utf8(body), null, null, null));
            assertThat(Schemes.verifier(s, CLOCK).verify(delivery(h, body))).as(kind.id()).isInstanceOf(Verification.Verified.class);
        }
    }

    @Test
    void secretHeadersNameEachSchemesSignatureHeaderInLowerCase() {
        Map<SchemeKind, String> expected = new HashMap<>();
        expected.put(SchemeKind.HYPERSPELL, "x-hyperspell-signature");
        expected.put(SchemeKind.HUME, "x-hume-ai-webhook-signature");
        expected.put(SchemeKind.HYPONEMA, "x-partner-signature");
        expected.put(SchemeKind.AIHUMMER_INBOUND, "x-aihummer-inbound-secret");
        expected.put(SchemeKind.AIHUMMER_TRIGGER, "x-aihummer-signature");
        expected.put(SchemeKind.STANDARD_WEBHOOKS, "webhook-signature");
        expected.put(SchemeKind.STRIPE, "stripe-signature");
        expected.put(SchemeKind.GITHUB, "x-hub-signature-256");
        expected.put(SchemeKind.SLACK, "x-slack-signature");
        expected.put(SchemeKind.SHOPIFY, "x-shopify-hmac-sha256");
        expected.put(SchemeKind.HMAC, "x-partner-signature");
        for (SchemeKind kind : SchemeKind.values()) {
            assertThat(Schemes.secretHeaders(any(kind))).as(kind.id())
                    .contains(expected.get(kind), "authorization", "x-aihummer-inbound-secret")
                    .allMatch(h -> h.equals(h.toLowerCase()));
        }
    }

    @Test
    void signerHeadersNeverIncludeAnythingButSecretsWhereExpected() {
        // Only aihummer-inbound puts the secret itself on the wire; every other signer sends MACs only.
        String body = "{\"id\":\"evt_1\",\"timestamp\":" + NOW.getEpochSecond() + "}";
        for (SchemeKind kind : SchemeKind.values()) {
            if (kind == SchemeKind.AIHUMMER_INBOUND) {
                continue;
            }
            Map<String, String> h = Schemes.signer(any(kind), CLOCK).sign(new SignRequest(utf8(body), null, null, null));
            assertThat(h.values()).as(kind.id()).noneMatch(v -> v.contains(SECRET));
        }
    }

    @Test
    void rejectionDetailsNeverContainSecretsOrSignatures() {
        String body = "{\"id\":\"evt_1\",\"timestamp\":" + NOW.getEpochSecond() + "}";
        for (SchemeKind kind : SchemeKind.values()) {
            SourceConfig s = any(kind);
            Map<String, String> h = Schemes.signer(s, CLOCK).sign(new SignRequest(utf8(body), null, null, null));
            Verification v = Schemes.verifier(s, CLOCK).verify(delivery(h, body + " "));
            if (v instanceof Verification.Rejected r) {
                assertThat(r.detail()).as(kind.id()).doesNotContain(SECRET);
                h.values().stream().filter(x -> x.length() > 20).forEach(x -> assertThat(r.detail()).doesNotContain(x));
            }
        }
    }

    @Test
    void nullPartsOfADeliveryAreRejectedNotThrown() {
        for (SchemeKind kind : SchemeKind.values()) {
            WebhookVerifier v = Schemes.verifier(any(kind), CLOCK);
            assertThat(v.verify(null)).isInstanceOf(Verification.Rejected.class);
            assertThat(v.verify(new Delivery(null, null, null))).isInstanceOf(Verification.Rejected.class);
            assertThat(v.verify(new Delivery(null, name -> null, new byte[0]))).isInstanceOf(Verification.Rejected.class);
        }
    }

    @Test
    void eventTypeOverrideWinsOverThePreset() {
        SourceConfig s = withOverrides(source(SchemeKind.GITHUB, SECRET), null, ValueLocator.json("/action"), null);
        String body = "{\"action\":\"opened\"}";
        Map<String, String> h = Schemes.signer(s, CLOCK).sign(new SignRequest(utf8(body), null, "d", null, "issues"));
        assertThat(((Verification.Verified) Schemes.verifier(s, CLOCK).verify(delivery(h, body))).eventType()).isEqualTo("opened");
    }
}
