package io.sluice.scheme;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.Secret;
import io.sluice.config.SourceConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.sluice.scheme.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pusher's {@code X-Pusher-Key}: with the source's {@code app-key} set, a delivery must name that app, as Pusher's
 * own {@code WebHook.isValid} requires; without it the header is not read. The signed delivery is the first case of
 * {@code vectors/pusher.json} (signed by pusher@5.3.4 {@code Token.sign}, accepted by its {@code isValid}).
 */
class PusherSchemeTest {
    private static final String APP_KEY = "278d425bdf160c739803";
    private static final String APP_SECRET = "7ad3773142a6692b25b8";
    private static final String BODY =
            "{\"time_ms\":1795435197129,\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"private-orders\"}]}";
    private static final Map<String, String> SIGNED = map("X-Pusher-Key", APP_KEY,
            "X-Pusher-Signature", "7b7aec41edcc9ad232be3503032f4d4ee169684111c246bac484e3dc3cd69d4d",
            "Content-Type", "application/json");

    private static SourceConfig source(String appKey) {
        return new SourceConfig("src", "pusher", null, List.of(new Secret(APP_SECRET)), null, null, null, null, null,
                null, null, null, appKey);
    }

    private static Verification verify(String appKey, Map<String, String> headers) {
        return Schemes.verifier(source(appKey), CLOCK).verify(delivery(headers, BODY));
    }

    @Test
    void officialDeliveryVerifiesWhenItNamesTheConfiguredApp() {
        Verification.Verified ok = verified(verify(APP_KEY, SIGNED));
        assertThat(ok.eventType()).isEqualTo("channel_occupied");
        assertThat(ok.eventId()).isEqualTo(sha256Hex(BODY));
    }

    @Test
    void deliveryWithoutTheKeyHeaderIsRefusedAsMissing() {
        Verification.Rejected r = rejected(verify(APP_KEY, without(SIGNED, "X-Pusher-Key")), Reason.MISSING_SIGNATURE);
        assertThat(r.reason().status()).isEqualTo(400);
        assertThat(r.detail()).contains("X-Pusher-Key");
    }

    @Test
    void deliveryNamingAnotherAppIsRefusedAsInvalid() {
        // correctly signed with this secret, but for another app: Pusher's isValid refuses it too
        Verification.Rejected r = rejected(verify(APP_KEY, with(SIGNED, "X-Pusher-Key", "00000000000000000000")),
                Reason.INVALID_SIGNATURE);
        assertThat(r.reason().status()).isEqualTo(401);
        assertThat(r.detail()).doesNotContain(APP_KEY).doesNotContain(APP_SECRET);
    }

    @Test
    void keyDifferingOnlyInLengthIsRefused() {
        rejected(verify(APP_KEY, with(SIGNED, "X-Pusher-Key", APP_KEY + "0")), Reason.INVALID_SIGNATURE);
    }

    @Test
    void keyHeaderOnTwoLinesIsRefused() {
        Verification v = Schemes.verifier(source(APP_KEY), CLOCK).verify(duplicated(SIGNED, "X-Pusher-Key", BODY));
        rejected(v, Reason.MALFORMED_HEADER);
    }

    @Test
    void rightKeyDoesNotExcuseABadSignature() {
        rejected(verify(APP_KEY, with(SIGNED, "X-Pusher-Signature", hmacHex("another-secret", BODY))),
                Reason.INVALID_SIGNATURE);
    }

    @Test
    void withoutAppKeyTheHeaderIsNotRead() {
        verified(verify(null, without(SIGNED, "X-Pusher-Key")));
        verified(verify(null, with(SIGNED, "X-Pusher-Key", "00000000000000000000")));
    }

    @Test
    void signerSendsTheConfiguredKeyAndItsDeliveryVerifies() {
        Map<String, String> h = Schemes.signer(source(APP_KEY), CLOCK).sign(new SignRequest(utf8(BODY), NOW, null, null, null));
        assertThat(h).containsEntry("X-Pusher-Key", APP_KEY)
                .containsEntry("X-Pusher-Signature", SIGNED.get("X-Pusher-Signature"));
        verified(verify(APP_KEY, h));
    }

    @Test
    void appKeyIsReadFromTheConfigFile() {
        SourceConfig s = new ConfigLoader(Map.of()).parse("""
                sources:
                  - {name: pusher, scheme: pusher, secrets: ["%s"], app-key: "%s"}
                """.formatted(APP_SECRET, APP_KEY)).sources().get(0);
        assertThat(s.appKey()).isEqualTo(APP_KEY);
        verified(Schemes.verifier(s, CLOCK).verify(delivery(SIGNED, BODY)));
    }

    @Test
    void appKeyOnASchemeWithoutAppIsAConfigError() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse("""
                sources:
                  - {name: gh, scheme: github, secrets: ["s"], app-key: "k"}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("sources[0].app-key");
    }

    @Test
    void blankAppKeyIsAConfigError() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse("""
                sources:
                  - {name: pusher, scheme: pusher, secrets: ["s"], app-key: " "}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("sources[0].app-key");
    }
}
