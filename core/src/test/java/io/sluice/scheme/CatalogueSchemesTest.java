package io.sluice.scheme;

import io.sluice.config.ConfigException;
import io.sluice.config.SourceConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Failure modes of the catalogue presets with verifiers of their own (signatures inside the body, a JWT),
 * beyond what their cross-implementation vectors cover: each must end as the contract's reason, never
 * as an exception or an accepted delivery.
 */
class CatalogueSchemesTest {
    private static final String URL = "https://sluice.example/webhooks/src";

    private static Verification verify(SourceConfig s, Map<String, String> headers, String body) {
        return Schemes.verifier(s, CLOCK).verify(new Delivery(URL, Headers.of(headers), utf8(body)));
    }

    private static Reason reason(Verification v) {
        assertThat(v).isInstanceOf(Verification.Rejected.class);
        return ((Verification.Rejected) v).reason();
    }

    @Nested
    class Vonage {
        private final SourceConfig source = source("vonage", SECRET);
        private final String body = "{\"message_uuid\":\"m-1\",\"status\":\"delivered\"}";

        private String token(String header, String claims, String key) {
            String h = Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(header));
            String c = Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(claims));
            HmacKey k = new HmacKey("HmacSHA256", utf8(key));
            return h + "." + c + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(k.sign(utf8(h + "." + c)));
        }

        private String claims(String hash) {
            return "{\"iat\":" + NOW.getEpochSecond() + ",\"jti\":\"j\",\"iss\":\"Vonage\",\"payload_hash\":\"" + hash + "\"}";
        }

        private String hash() {
            return java.util.HexFormat.of().formatHex(sha256(utf8(body)));
        }

        @Test
        void aTokenSignedWithTheSecretIsVerified() {
            String t = token("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims(hash()), SECRET);
            Verification v = verify(source, map("Authorization", "Bearer " + t), body);
            assertThat(v).isInstanceOf(Verification.Verified.class);
            assertThat(((Verification.Verified) v).eventType()).isEqualTo("delivered");
        }

        @Test
        void anotherAlgorithmThanHs256IsRefused() {
            String t = token("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", claims(hash()), SECRET);
            assertThat(reason(verify(source, map("Authorization", "Bearer " + t), body))).isEqualTo(Reason.INVALID_SIGNATURE);
        }

        @Test
        void aTokenWithoutPayloadHashIsRefused() {
            String t = token("{\"alg\":\"HS256\"}", "{\"iat\":" + NOW.getEpochSecond() + "}", SECRET);
            assertThat(reason(verify(source, map("Authorization", "Bearer " + t), body))).isEqualTo(Reason.INVALID_SIGNATURE);
        }

        @Test
        void anIatThatIsNotANumberIsMalformed() {
            String t = token("{\"alg\":\"HS256\"}", "{\"iat\":\"soon\",\"payload_hash\":\"" + hash() + "\"}", SECRET);
            assertThat(reason(verify(source, map("Authorization", "Bearer " + t), body))).isEqualTo(Reason.MALFORMED_TIMESTAMP);
        }

        @Test
        void aGarbledTokenIsAMalformedSignature() {
            assertThat(reason(verify(source, map("Authorization", "Bearer not.a.jwt!"), body))).isEqualTo(Reason.MALFORMED_SIGNATURE);
        }

        @Test
        void aBasicAuthorizationIsAMalformedSignature() {
            assertThat(reason(verify(source, map("Authorization", "Basic dTpw"), body))).isEqualTo(Reason.MALFORMED_SIGNATURE);
        }
    }

    @Nested
    class Adyen {
        private final SourceConfig source = Providers.get("adyen").example().source("src", "adyen");

        @Test
        void aKeyThatIsNotHexIsAConfigErrorNamingTheKey() {
            assertThatThrownBy(() -> Schemes.verifier(source("adyen", "not hex"), CLOCK))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("sources.src.secrets[0]");
        }

        @Test
        void anItemThatIsNotAnObjectHasNoSignature() {
            String body = "{\"notificationItems\":[{\"NotificationRequestItem\":\"x\"}]}";
            assertThat(reason(verify(source, Map.of(), body))).isEqualTo(Reason.MISSING_SIGNATURE);
        }

        @Test
        void aSignatureThatIsNotBase64IsMalformed() {
            String body = "{\"notificationItems\":[{\"NotificationRequestItem\":{\"additionalData\":{\"hmacSignature\":\"%%%\"}}}]}";
            assertThat(reason(verify(source, Map.of(), body))).isEqualTo(Reason.MALFORMED_SIGNATURE);
        }

        @Test
        void aBodyThatIsNotJsonIsInvalidJson() {
            assertThat(reason(verify(source, Map.of(), "notificationItems="))).isEqualTo(Reason.INVALID_JSON);
        }

        @Test
        void theSignerWritesEverySignatureIntoTheBody() {
            WebhookSigner signer = Schemes.signer(source, CLOCK);
            SignRequest r = new SignRequest(utf8(Providers.get("adyen").sampleBody(NOW)), NOW, null, URL);
            String signed = new String(signer.signedBody(r), StandardCharsets.UTF_8);
            assertThat(signed).contains("\"hmacSignature\":\"");
            assertThat(verify(source, signer.sign(r), signed)).isInstanceOf(Verification.Verified.class);
        }
    }

    @Nested
    class Mailgun {
        private final SourceConfig source = source("mailgun", SECRET);

        @Test
        void aSignatureThatIsNotHexIsMalformed() {
            String body = "{\"signature\":{\"timestamp\":\"" + NOW.getEpochSecond() + "\",\"token\":\"t\",\"signature\":\"zz\"}}";
            assertThat(reason(verify(source, Map.of(), body))).isEqualTo(Reason.MALFORMED_SIGNATURE);
        }

        @Test
        void aTimestampThatIsNotDigitsIsMalformed() {
            String body = "{\"signature\":{\"timestamp\":\"yesterday\",\"token\":\"t\",\"signature\":\"" + "ab".repeat(32) + "\"}}";
            assertThat(reason(verify(source, Map.of(), body))).isEqualTo(Reason.MALFORMED_TIMESTAMP);
        }

        @Test
        void theSignerRefusesABodyThatIsNotAJsonObject() {
            WebhookSigner signer = Schemes.signer(source, CLOCK);
            assertThatThrownBy(() -> signer.signedBody(new SignRequest(utf8("[1,2]"), NOW, null, URL)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void theRequestedEventIdBecomesTheToken() {
            WebhookSigner signer = Schemes.signer(source, CLOCK);
            SignRequest r = new SignRequest(utf8("{\"event-data\":{\"event\":\"delivered\"}}"), NOW, "tok-1", URL);
            Verification v = verify(source, signer.sign(r), new String(signer.signedBody(r), StandardCharsets.UTF_8));
            assertThat(((Verification.Verified) v).eventId()).isEqualTo("tok-1");
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
