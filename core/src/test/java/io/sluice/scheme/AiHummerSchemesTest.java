package io.sluice.scheme;

import io.sluice.config.ValueLocator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class AiHummerSchemesTest {
    private static final String BODY = "{\"channel\":\"email\",\"external_id\":\"ticket-4821\",\"text\":\"Has order #4821 shipped?\"}";

    @Nested
    class Inbound {
        private final WebhookVerifier verifier = Schemes.verifier(source("aihummer-inbound", SECRET), CLOCK);

        @Test
        void matchingSecretVerifiesWithChannelType() {
            Verification.Verified ok = verified(verifier.verify(delivery(map("X-AIHummer-Inbound-Secret", SECRET), BODY)));
            assertThat(ok.eventType()).isEqualTo("inbound.email");
            assertThat(ok.eventId()).isEqualTo(sha256Hex(BODY));
            assertThat(ok.timestamp()).isNull();
        }

        @Test
        void wrongSecretIsInvalidSignature() {
            rejected(verifier.verify(delivery(map("X-AIHummer-Inbound-Secret", OTHER), BODY)), Reason.INVALID_SIGNATURE);
        }

        @Test
        void prefixOfTheSecretIsInvalidSignature() {
            rejected(verifier.verify(delivery(map("X-AIHummer-Inbound-Secret", SECRET.substring(0, 3)), BODY)), Reason.INVALID_SIGNATURE);
        }

        @Test
        void secondSecretVerifiesDuringRotation() {
            verified(Schemes.verifier(source("aihummer-inbound", OTHER, SECRET), CLOCK)
                    .verify(delivery(map("X-AIHummer-Inbound-Secret", SECRET), BODY)));
        }

        @Test
        void missingSecretHeaderIsMissingSignature() {
            rejected(verifier.verify(delivery(map(), BODY)), Reason.MISSING_SIGNATURE);
        }

        @Test
        void duplicateSecretHeaderIsMalformed() {
            rejected(verifier.verify(duplicated(map("X-AIHummer-Inbound-Secret", SECRET), "X-AIHummer-Inbound-Secret", BODY)),
                    Reason.MALFORMED_HEADER);
        }

        @Test
        void telegramUpdateWithoutChannelIsInboundTelegram() {
            String tg = "{\"update_id\":8193,\"message\":{\"message_id\":1,\"chat\":{\"id\":42},\"text\":\"hi\"}}";
            assertThat(verified(verifier.verify(delivery(map("X-AIHummer-Inbound-Secret", SECRET), tg))).eventType())
                    .isEqualTo("inbound.telegram");
        }

        @Test
        void bodyWithoutChannelIsPlainInbound() {
            assertThat(verified(verifier.verify(delivery(map("X-AIHummer-Inbound-Secret", SECRET), "{\"status\":\"bound\"}"))).eventType())
                    .isEqualTo("inbound");
        }

        @Test
        void bodyThatIsNotJsonIsInvalidJson() {
            rejected(verifier.verify(delivery(map("X-AIHummer-Inbound-Secret", SECRET), "hello")), Reason.INVALID_JSON);
        }

        @Test
        void eventIdOverrideReadsTheBody() {
            WebhookVerifier v = Schemes.verifier(withOverrides(source("aihummer-inbound", SECRET),
                    ValueLocator.json("/external_id"), null, null), CLOCK);
            assertThat(verified(v.verify(delivery(map("X-AIHummer-Inbound-Secret", SECRET), BODY))).eventId()).isEqualTo("ticket-4821");
        }

        @Test
        void signerSendsTheFirstSecret() {
            Map<String, String> h = Schemes.signer(source("aihummer-inbound", SECRET, OTHER), CLOCK)
                    .sign(new SignRequest(utf8(BODY), null, null, null));
            assertThat(h).containsExactlyEntriesOf(map("X-AIHummer-Inbound-Secret", SECRET));
        }
    }

    @Nested
    class Trigger {
        private final WebhookVerifier verifier = Schemes.verifier(source("aihummer-trigger", SECRET), CLOCK);

        @Test
        void hmacSignatureVerifiesWithChannelType() {
            Verification.Verified ok = verified(verifier.verify(delivery(map("X-AIHummer-Signature", hmacHex(SECRET, BODY)), BODY)));
            assertThat(ok.eventType()).isEqualTo("trigger.email");
            assertThat(ok.eventId()).isEqualTo(sha256Hex(BODY));
        }

        @Test
        void bearerTokenVerifies() {
            verified(verifier.verify(delivery(map("Authorization", "Bearer " + SECRET), BODY)));
        }

        @Test
        void wrongBearerTokenIsInvalidSignature() {
            rejected(verifier.verify(delivery(map("Authorization", "Bearer " + OTHER), BODY)), Reason.INVALID_SIGNATURE);
        }

        @Test
        void basicAuthorizationIsMalformed() {
            rejected(verifier.verify(delivery(map("Authorization", "Basic dXNlcjpwdw=="), BODY)), Reason.MALFORMED_SIGNATURE);
        }

        @Test
        void tamperedBodyIsInvalidSignature() {
            rejected(verifier.verify(delivery(map("X-AIHummer-Signature", hmacHex(SECRET, BODY)), BODY + "\n")), Reason.INVALID_SIGNATURE);
        }

        @Test
        void wrongSignatureIsNotRescuedByAValidBearer() {
            Map<String, String> h = map("X-AIHummer-Signature", hmacHex(OTHER, BODY), "Authorization", "Bearer " + SECRET);
            rejected(verifier.verify(delivery(h, BODY)), Reason.INVALID_SIGNATURE);
        }

        @Test
        void secondSecretVerifiesDuringRotation() {
            verified(Schemes.verifier(source("aihummer-trigger", OTHER, SECRET), CLOCK)
                    .verify(delivery(map("X-AIHummer-Signature", hmacHex(SECRET, BODY)), BODY)));
        }

        @Test
        void noCredentialIsMissingSignature() {
            rejected(verifier.verify(delivery(map(), BODY)), Reason.MISSING_SIGNATURE);
        }

        @Test
        void sha256PrefixIsTolerated() {
            verified(verifier.verify(delivery(map("X-AIHummer-Signature", "sha256=" + hmacHex(SECRET, BODY)), BODY)));
        }

        @Test
        void bodyWithoutChannelIsPlainTrigger() {
            String b = "{\"text\":\"x\"}";
            assertThat(verified(verifier.verify(delivery(map("X-AIHummer-Signature", hmacHex(SECRET, b)), b))).eventType())
                    .isEqualTo("trigger");
        }

        @Test
        void signerRoundTrips() {
            Map<String, String> h = Schemes.signer(source("aihummer-trigger", SECRET), CLOCK)
                    .sign(new SignRequest(utf8(BODY), null, null, null));
            assertThat(h).isEqualTo(map("X-AIHummer-Signature", hmacHex(SECRET, BODY)));
        }
    }
}
