package io.sluice.scheme;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class GithubSchemeTest {
    private static final String BODY = "{\"action\":\"opened\",\"number\":1}";
    private final WebhookVerifier verifier = Schemes.verifier(source("github", SECRET), CLOCK);

    private static Map<String, String> valid(String secret, String body) {
        return map("X-Hub-Signature-256", "sha256=" + hmacHex(secret, body),
                "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958", "X-GitHub-Event", "pull_request");
    }

    @Test
    void githubsPublishedVectorVerifies() {
        // docs.github.com "Validating webhook deliveries": secret and payload with their published signature.
        WebhookVerifier v = Schemes.verifier(source("github", "It's a Secret to Everybody"), CLOCK);
        Delivery d = delivery(map("X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                "X-GitHub-Delivery", "d-1", "X-GitHub-Event", "ping"), "Hello, World!");
        Verification.Verified ok = verified(v.verify(d));
        assertThat(ok.eventId()).isEqualTo("d-1");
        assertThat(ok.eventType()).isEqualTo("ping");
        assertThat(ok.timestamp()).isNull();
    }

    @Test
    void signerReproducesThePublishedVector() {
        WebhookSigner s = Schemes.signer(source("github", "It's a Secret to Everybody"), CLOCK);
        Map<String, String> h = s.sign(new SignRequest(utf8("Hello, World!"), null, "d-1", null, "ping"));
        assertThat(h).containsEntry("X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
                .containsEntry("X-GitHub-Delivery", "d-1").containsEntry("X-GitHub-Event", "ping");
    }

    @Test
    void validDeliveryYieldsDeliveryIdAndEvent() {
        Verification.Verified ok = verified(verifier.verify(delivery(valid(SECRET, BODY), BODY)));
        assertThat(ok.eventId()).isEqualTo("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(ok.eventType()).isEqualTo("pull_request");
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        Map<String, String> h = map("x-hub-signature-256", "sha256=" + hmacHex(SECRET, BODY), "x-github-delivery", "d");
        assertThat(verified(verifier.verify(delivery(h, BODY))).eventType()).isEmpty();
    }

    @Test
    void upperCaseHexVerifies() {
        Map<String, String> h = with(valid(SECRET, BODY), "X-Hub-Signature-256", "sha256=" + hmacHex(SECRET, BODY).toUpperCase());
        verified(verifier.verify(delivery(h, BODY)));
    }

    @Test
    void tamperedBodyIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(SECRET, BODY), BODY + " ")), Reason.INVALID_SIGNATURE);
    }

    @Test
    void wrongSecretIsInvalidSignature() {
        rejected(verifier.verify(delivery(valid(OTHER, BODY), BODY)), Reason.INVALID_SIGNATURE);
    }

    @Test
    void secondSecretVerifiesDuringRotation() {
        WebhookVerifier rotated = Schemes.verifier(source("github", OTHER, SECRET), CLOCK);
        verified(rotated.verify(delivery(valid(SECRET, BODY), BODY)));
    }

    @Test
    void missingSignatureIsRejected() {
        rejected(verifier.verify(delivery(without(valid(SECRET, BODY), "X-Hub-Signature-256"), BODY)), Reason.MISSING_SIGNATURE);
    }

    @Test
    void signatureWithoutPrefixIsMalformed() {
        Map<String, String> h = with(valid(SECRET, BODY), "X-Hub-Signature-256", hmacHex(SECRET, BODY));
        rejected(verifier.verify(delivery(h, BODY)), Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void nonHexSignatureIsMalformed() {
        Map<String, String> h = with(valid(SECRET, BODY), "X-Hub-Signature-256", "sha256=zz" + hmacHex(SECRET, BODY).substring(2));
        rejected(verifier.verify(delivery(h, BODY)), Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void shortSignatureIsMalformed() {
        Map<String, String> h = with(valid(SECRET, BODY), "X-Hub-Signature-256", "sha256=abcd");
        rejected(verifier.verify(delivery(h, BODY)), Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void missingDeliveryIdIsRejected() {
        rejected(verifier.verify(delivery(without(valid(SECRET, BODY), "X-GitHub-Delivery"), BODY)), Reason.MISSING_EVENT_ID);
    }

    @Test
    void deliveryIdWithControlCharactersIsMalformed() {
        Map<String, String> h = with(valid(SECRET, BODY), "X-GitHub-Delivery", "a\u0000b");
        rejected(verifier.verify(delivery(h, BODY)), Reason.MALFORMED_EVENT_ID);
    }

    @Test
    void overlongDeliveryIdIsMalformed() {
        Map<String, String> h = with(valid(SECRET, BODY), "X-GitHub-Delivery", "x".repeat(257));
        rejected(verifier.verify(delivery(h, BODY)), Reason.MALFORMED_EVENT_ID);
    }

    @Test
    void duplicateSignatureHeaderIsMalformed() {
        rejected(verifier.verify(duplicated(valid(SECRET, BODY), "X-Hub-Signature-256", BODY)), Reason.MALFORMED_HEADER);
    }

    @Test
    void formEncodedBodyVerifiesWithoutParsing() {
        String form = "payload=%7B%22zen%22%3A%22hi%22%7D";
        verified(verifier.verify(delivery(valid(SECRET, form), form)));
    }

    @Test
    void signerGeneratesADeliveryIdWhenNoneIsGiven() {
        Map<String, String> h = Schemes.signer(source("github", SECRET), CLOCK)
                .sign(new SignRequest(utf8(BODY), null, null, null));
        assertThat(h.get("X-GitHub-Delivery")).isNotBlank();
        verified(verifier.verify(delivery(h, BODY)));
    }
}
