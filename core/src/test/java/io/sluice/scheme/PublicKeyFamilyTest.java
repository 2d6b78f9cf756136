package io.sluice.scheme;

import io.sluice.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.sluice.scheme.Fixtures.CLOCK;
import static io.sluice.scheme.Fixtures.NOW;
import static io.sluice.scheme.Fixtures.delivery;
import static io.sluice.scheme.Fixtures.source;
import static io.sluice.scheme.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Public keys as providers hand them out, and the refusals around them (the vectors test the signatures). */
class PublicKeyFamilyTest {
    private static final String SENDGRID_SPKI = Providers.get("sendgrid").example().secrets().get(0);
    private static final String SENDGRID_PEM = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEZzAnefrcq6Yjcu6QS6YfGhcdxHvf
            k9UMWqfjXfxRPIIzgUpM3+U2JHgYhyIdKWrCKclX/SMVxbjT9WnBN0c0gQ==
            -----END PUBLIC KEY-----
            """;
    private static final String SENDGRID_RAW_POINT = "BGcwJ3n63KumI3LukEumHxoXHcR735PVDFqn4138UTyCM4FKTN/lNiR4GIciHSlqwinJV/0jFcW40/VpwTdHNIE=";
    private static final String P384_SPKI = "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEqiZDny83V+Ui0ZYl0KFtLqocNJf9Rgdssqj1UL/Yj1/MAK3R2yxNUtmPF+8x4Jw0l6oeE9WD8vQ0TBl7GShU6RqEJ72iquiMzCYLRx5k4Mzh/wuB0PSlPV86T4xFZkbl";

    private static Verification signedAndVerified(String kind, String configuredKey) {
        String body = Providers.get(kind).sampleBody(NOW);
        Map<String, String> h = Schemes.signer(source(kind, configuredKey), CLOCK)
                .sign(new SignRequest(utf8(body), NOW, null, null, null, Providers.get(kind).example().signingKey()));
        return Schemes.verifier(source(kind, configuredKey), CLOCK).verify(delivery(h, body));
    }

    @Test
    void sendgridKeyIsAcceptedAsBase64SpkiPemOrRawPoint() {
        for (String key : new String[]{SENDGRID_SPKI, SENDGRID_PEM, SENDGRID_RAW_POINT}) {
            assertThat(signedAndVerified("sendgrid", key)).as(key).isInstanceOf(Verification.Verified.class);
        }
    }

    @Test
    void discordKeyIsTheHexOfItsRawBytes() {
        assertThat(signedAndVerified("discord", Providers.get("discord").example().secrets().get(0).toUpperCase()))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void keyThatDoesNotParseIsAConfigErrorNamingTheSecret() {
        assertThatThrownBy(() -> Schemes.verifier(source("discord", "not-hex"), CLOCK))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sources.src.secrets[0]")
                .hasMessageNotContaining("not-hex");
        assertThatThrownBy(() -> Schemes.verifier(source("sendgrid", SENDGRID_SPKI, "AAAA"), CLOCK))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sources.src.secrets[1]");
    }

    @Test
    void ecdsaKeyOnAnotherCurveIsRefused() {
        assertThatThrownBy(() -> Schemes.verifier(source("sendgrid", P384_SPKI), CLOCK)).isInstanceOf(ConfigException.class);
    }

    @Test
    void anEd25519KeyIsNotAnEcdsaKey() {
        assertThatThrownBy(() -> Schemes.verifier(source("sendgrid", "MCowBQYDK2VwAyEA6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw="), CLOCK))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void signerWithoutThePrivateKeyExplainsWhy() {
        assertThatThrownBy(() -> Schemes.signer(source("discord", Providers.get("discord").example().secrets().get(0)), CLOCK)
                .sign(new SignRequest(utf8("{}"), NOW, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private key");
    }

    @Test
    void rotationAcceptsASignatureFromTheSecondKey() {
        String body = Providers.get("discord").sampleBody(NOW);
        String key = Providers.get("discord").example().secrets().get(0);
        Map<String, String> h = Schemes.signer(source("discord", key), CLOCK)
                .sign(new SignRequest(utf8(body), NOW, null, null, null, Providers.get("discord").example().signingKey()));
        String other = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"; // RFC 8032 test 1 public key
        assertThat(Schemes.verifier(source("discord", other, key), CLOCK).verify(delivery(h, body)))
                .isInstanceOf(Verification.Verified.class);
        assertThat(Schemes.verifier(source("discord", other), CLOCK).verify(delivery(h, body)))
                .isInstanceOf(Verification.Rejected.class);
    }
}
