package io.sluice.scheme;

import io.sluice.config.Secret;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.sluice.scheme.Fixtures.CLOCK;
import static io.sluice.scheme.Fixtures.NOW;
import static io.sluice.scheme.Fixtures.SECRET;
import static io.sluice.scheme.Fixtures.delivery;
import static io.sluice.scheme.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWT family, through a descriptor shaped like Vonage's signed webhooks (HS256 bearer token with
 * {@code payload_hash} and {@code iat}): Sluice's own round trip and hostile tokens. A registered JWT
 * provider brings its outside vectors like any other (CrossImplementationVectorsTest).
 */
class JwtFamilyTest {
    /** A JWT-family descriptor as Vonage's would be; only the signature parts matter here. */
    static final class VonageLike extends JwtFamily {
        VonageLike() {
            super("Authorization", "payload_hash", "iat", Duration.ofMinutes(5), List.of(),
                    List.of(ValueLocator.json("/status"), ValueLocator.json("/message_type")));
        }

        @Override
        public String name() {
            return "jwt-test";
        }

        @Override
        public Handshake handshake() {
            return Handshake.NONE;
        }

        @Override
        public EventRules events() {
            return EventRules.json();
        }

        @Override
        public String sampleBody(Instant now) {
            return "{\"status\":\"delivered\"}";
        }

        @Override
        public String vectorOrigin() {
            return "test";
        }

        @Override
        public Proof proof() {
            return Proof.OFFICIAL_LIBRARY_VERIFIES;
        }
    }

    private static final VonageLike JWT = new VonageLike();
    private static final String BODY = "{\"message_uuid\":\"m-1\",\"status\":\"delivered\"}";

    private static Scheme scheme(String... secrets) {
        return scheme(CLOCK, secrets);
    }

    private static Scheme scheme(Clock clock, String... secrets) {
        return JWT.scheme(new SourceConfig("src", "jwt-test", null, List.of(secrets).stream().map(Secret::new).toList(),
                null, null, null, null, null, null), clock);
    }

    private static Verification verify(Map<String, String> headers, String body) {
        return scheme(SECRET).verify(delivery(headers, body));
    }

    private static Reason reason(Verification v) {
        assertThat(v).isInstanceOf(Verification.Rejected.class);
        return ((Verification.Rejected) v).reason();
    }

    @Test
    void ownTokenRoundTripsWithIdAndTypeFromTheBody() {
        Map<String, String> h = scheme(SECRET).sign(new SignRequest(utf8(BODY), NOW, null, null));
        assertThat(h.get("Authorization")).startsWith("Bearer ey");
        Verification.Verified ok = (Verification.Verified) verify(h, BODY);
        assertThat(ok.eventType()).isEqualTo("delivered");
        assertThat(ok.eventId()).isEqualTo(Codec.sha256Hex(utf8(BODY)));
        assertThat(ok.timestamp()).isEqualTo(NOW);
    }

    @Test
    void tokenForAnotherBodyIsInvalidSignature() {
        Map<String, String> h = scheme(SECRET).sign(new SignRequest(utf8(BODY), NOW, null, null));
        assertThat(reason(verify(h, BODY.replace("m-1", "m-2")))).isEqualTo(Reason.INVALID_SIGNATURE);
    }

    @Test
    void algNoneIsRefused() {
        String head = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims = b64("{\"iat\":" + NOW.getEpochSecond() + ",\"payload_hash\":\"" + Codec.sha256Hex(utf8(BODY)) + "\"}");
        assertThat(reason(verify(Map.of("Authorization", "Bearer " + head + "." + claims + "."), BODY)))
                .isIn(Reason.INVALID_SIGNATURE, Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void staleIatIsOutOfTolerance() {
        Map<String, String> h = scheme(SECRET).sign(new SignRequest(utf8(BODY), NOW.minusSeconds(301), null, null));
        assertThat(reason(verify(h, BODY))).isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void garbledTokensAreMalformedNotThrown() {
        for (String t : new String[]{"Bearer", "Bearer a.b", "Bearer a.b.c.d", "Bearer !!!.???.***", "Basic abc",
                "Bearer " + "a".repeat(10_000) + ".b.c", "Bearer e30.e30.", "Bearer W10.W10.AAAA"}) {
            Verification v = verify(Map.of("Authorization", t), BODY);
            assertThat(v).as(t).isInstanceOf(Verification.Rejected.class);
            assertThat(((Verification.Rejected) v).fault()).as(t).isNull();
        }
        assertThat(reason(verify(Map.of(), BODY))).isEqualTo(Reason.MISSING_SIGNATURE);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
