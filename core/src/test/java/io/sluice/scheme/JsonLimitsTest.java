package io.sluice.scheme;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Hostile but correctly signed JSON must end as invalid_json, never as an exception or a stack overflow. */
class JsonLimitsTest {
    private final WebhookVerifier stripe = Schemes.verifier(source("stripe", SECRET), CLOCK);

    private Verification signedStripe(String body) {
        Map<String, String> h = Schemes.signer(source("stripe", SECRET), CLOCK).sign(new SignRequest(utf8(body), null, null, null));
        return stripe.verify(delivery(h, body));
    }

    @Test
    void deeplyNestedJsonIsInvalidJson() {
        String body = "[".repeat(100_000) + "]".repeat(100_000);
        rejected(signedStripe(body), Reason.INVALID_JSON);
    }

    @Test
    void deeplyNestedObjectsAreInvalidJson() {
        String body = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        rejected(signedStripe(body), Reason.INVALID_JSON);
    }

    @Test
    void hugeNumberIsInvalidJson() {
        String body = "{\"id\":\"evt\",\"n\":" + "9".repeat(10_000) + "}";
        rejected(signedStripe(body), Reason.INVALID_JSON);
    }

    @Test
    void trailingGarbageIsInvalidJson() {
        rejected(signedStripe("{\"id\":\"evt\"}{\"id\":\"x\"}"), Reason.INVALID_JSON);
    }

    @Test
    void invalidUtf8IsInvalidJson() {
        byte[] body = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Map<String, String> h = Schemes.signer(source("stripe", SECRET), CLOCK).sign(new SignRequest(body, null, null, null));
        rejected(stripe.verify(delivery(h, body)), Reason.INVALID_JSON);
    }

    @Test
    void emptyBodyIsInvalidJson() {
        rejected(signedStripe(""), Reason.INVALID_JSON);
    }

    @Test
    void idThatIsAnObjectIsInvalidJson() {
        rejected(signedStripe("{\"id\":{\"x\":1}}"), Reason.INVALID_JSON);
    }

    @Test
    void numericIdIsAccepted() {
        assertThat(verified(signedStripe("{\"id\":12345}")).eventId()).isEqualTo("12345");
    }

    @Test
    void moderatelyNestedJsonIsFine() {
        String body = "{\"id\":\"evt\",\"d\":" + "[".repeat(150) + "]".repeat(150) + "}";
        verified(signedStripe(body));
    }
}
