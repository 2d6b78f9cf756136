package io.sluice.scheme;

import io.sluice.config.ConfigException;
import io.sluice.config.HmacConfig;
import io.sluice.config.Secret;
import io.sluice.config.SourceConfig;
import io.sluice.config.ValueLocator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared test data. The HMAC helpers here use javax.crypto directly, independently of the production
 * code, so expectations are computed, not echoed.
 */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String SECRET = "s3cr3t-key";
    static final String OTHER = "0ther-key";

    private Fixtures() {
    }

    /** A second shared secret for rotation tests that is valid in every key format (text, base64, whsec_-less). */
    static final String SECOND_SECRET = "c2Vjb25kLXNlY3JldA==";

    /**
     * {@link #SECRET}, unless the provider's keys have a format it does not fit (base64, {@code whsec_}):
     * then the secret of the provider's example. Keeps registry-wide tests free of per-provider cases.
     */
    static String secretFor(String scheme) {
        try {
            Schemes.verifier(source(scheme, SECRET), CLOCK);
            return SECRET;
        } catch (ConfigException e) {
            return Providers.get(scheme).example().secrets().get(0);
        }
    }

    static SourceConfig source(String kind, String... secrets) {
        return new SourceConfig("src", kind, null, Arrays.stream(secrets).map(Secret::new).toList(),
                null, null, null, null, null, null);
    }

    static SourceConfig source(String kind, HmacConfig hmac, ValueLocator ts, ValueLocator id, ValueLocator type,
                               Duration tolerance, String... secrets) {
        return new SourceConfig("src", kind, null, Arrays.stream(secrets).map(Secret::new).toList(),
                tolerance, hmac, ts, id, type, null);
    }

    static SourceConfig withOverrides(SourceConfig s, ValueLocator id, ValueLocator type, Duration tolerance) {
        return new SourceConfig(s.name(), s.scheme(), s.path(), s.secrets(), tolerance, s.hmac(), s.timestamp(),
                id, type, s.maxBodyBytes());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Delivery delivery(Map<String, String> headers, String body) {
        return new Delivery("https://sluice.example/webhooks/src", Headers.of(headers), utf8(body));
    }

    static Delivery delivery(Map<String, String> headers, byte[] body) {
        return new Delivery("https://sluice.example/webhooks/src", Headers.of(headers), body);
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, String> with(Map<String, String> h, String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(h);
        m.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        if (value != null) {
            m.put(name, value);
        }
        return m;
    }

    static Map<String, String> without(Map<String, String> h, String name) {
        return with(h, name, null);
    }

    /** Headers with one name repeated on two lines. */
    static Delivery duplicated(Map<String, String> h, String name, String body) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        h.forEach((k, v) -> multi.put(k, List.of(v)));
        String v = h.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst().orElseThrow().getValue();
        multi.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        multi.put(name, List.of(v, v));
        return new Delivery("https://sluice.example/webhooks/src", Headers.ofLists(multi), utf8(body));
    }

    static byte[] hmac(String alg, byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(key, alg));
            return mac.doFinal(content);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String hmacHex(String key, String content) {
        return HexFormat.of().formatHex(hmac("HmacSHA256", utf8(key), utf8(content)));
    }

    static String hmacBase64(String key, String content) {
        return Base64.getEncoder().encodeToString(hmac("HmacSHA256", utf8(key), utf8(content)));
    }

    static String sha256Hex(String body) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(utf8(body)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String seconds(Instant t) {
        return Long.toString(t.getEpochSecond());
    }

    static Verification.Verified verified(Verification v) {
        assertThat(v).isInstanceOf(Verification.Verified.class);
        return (Verification.Verified) v;
    }

    static Verification.Rejected rejected(Verification v, Reason reason) {
        assertThat(v).isInstanceOf(Verification.Rejected.class);
        Verification.Rejected r = (Verification.Rejected) v;
        assertThat(r.reason()).as(r.detail()).isEqualTo(reason);
        return r;
    }
}
