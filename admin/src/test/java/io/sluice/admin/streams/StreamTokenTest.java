package io.sluice.admin.streams;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StreamTokenTest {
    final StreamKey key = StreamKey.random();
    final StreamToken token = new StreamToken("orders", List.of("stripe"), List.of("charge.*"),
            Instant.parse("2026-12-03T01:15:00Z"), "n1");

    @Test
    void signedTokenVerifiesToTheSameClaims() {
        assertThat(StreamToken.verify(key, token.sign(key))).contains(token);
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefused() {
        assertThat(StreamToken.verify(key, token.sign(StreamKey.random()))).isEmpty();
    }

    @Test
    void changedClaimsAreRefused() {
        String text = token.sign(key);
        String other = new StreamToken("payments", List.of(), List.of(), token.expiresAt(), "n1").sign(key);
        // the claims of one token with the signature of another
        String forged = other.substring(0, other.lastIndexOf('.')) + text.substring(text.lastIndexOf('.'));
        assertThat(StreamToken.verify(key, forged)).isEmpty();
    }

    @Test
    void malformedTokensAreRefused() {
        for (String t : new String[]{null, "", "st1.", "st1.a.b", "st1..", "ops-token", "st1.a.b.c"}) {
            assertThat(StreamToken.verify(key, t)).as(String.valueOf(t)).isEmpty();
        }
    }

    @Test
    void toStringNeverShowsTheSignatureOrKey() {
        String text = token.sign(key);
        assertThat(token.toString()).doesNotContain(text.substring(text.lastIndexOf('.') + 1));
        assertThat(key.toString()).isEqualTo("StreamKey[redacted]");
    }

    @Test
    void keyFromTheEnvironmentIsStableAndMustBeLong() {
        String v = "k".repeat(32);
        StreamKey a = StreamKey.fromEnvOrRandom(Map.of(StreamKey.ENV, v));
        StreamKey b = StreamKey.fromEnvOrRandom(Map.of(StreamKey.ENV, v));
        assertThat(StreamToken.verify(b, token.sign(a))).contains(token);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StreamKey.fromEnvOrRandom(Map.of(StreamKey.ENV, "short")))
                .isInstanceOf(IllegalStateException.class);
    }
}
