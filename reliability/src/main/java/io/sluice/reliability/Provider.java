package io.sluice.reliability;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The webhook providers the load imitates, each signed by this module's own code straight from the
 * provider's documented rule (DESIGN.md's scheme table), not by Sluice's signers: the suite then also
 * checks that Sluice verifies deliveries it did not sign itself.
 *
 * <p>Kept independent on purpose, and not replaced by testkit's {@code SignedDelivery} (which signs with
 * Sluice's own {@code Schemes.signer}, i.e. the same code the ingress verifies with): a mistake shared by
 * signer and verifier (wrong byte order of the signed string, a wrong encoding) passes every test that
 * signs with Sluice's code, and fails here. {@code ProviderTest} checks these signers against the
 * providers' published examples.
 *
 * <p>Every provider decides which topic its events must end up in (the suite's routes, see
 * {@link Cluster#configYaml}).
 */
public enum Provider {
    /** {@code X-Hyperspell-Signature}: hex HMAC-SHA256 of the body; id = SHA-256 of the body; type = /event. */
    HYPERSPELL("hyperspell", "hyperspell") {
        @Override
        Event newEvent(long seq, Random rnd, Instant now) {
            boolean indexing = rnd.nextInt(10) < 8;
            String type = indexing ? "index-completed" : "document.deleted";
            String body = "{\"event\":\"" + type + "\",\"app\":\"reliability\",\"user_id\":\"user-" + rnd.nextInt(1000)
                    + "\",\"resource_id\":\"page-" + UUID.randomUUID() + "\",\"seq\":" + seq
                    + ",\"timestamp\":" + now.getEpochSecond() + "}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String id = HexFormat.of().formatHex(sha256(bytes));
            return new Event(source(), id, indexing ? "hyperspell.index" : "sluice.events", bytes);
        }

        @Override
        Signed sign(Event e, String secret, Instant now) {
            String sig = HexFormat.of().formatHex(hmac("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8), e.body()));
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            h.put("X-Hyperspell-Signature", sig);
            return new Signed(h, sig);
        }

        @Override
        String newSecret(Random rnd) {
            return "rel-hyperspell-" + randomHex(rnd, 16);
        }
    },
    /** standard-webhooks: {@code v1,<base64>} over {@code id.timestamp.body}, key = base64 after {@code whsec_}. */
    STANDARD_WEBHOOKS("stdwh", "standard-webhooks") {
        @Override
        Event newEvent(long seq, Random rnd, Instant now) {
            String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
            String body = "{\"type\":\"invoice.paid\",\"timestamp\":\"" + now + "\",\"data\":{\"id\":\"inv_" + seq
                    + "\",\"amount\":" + rnd.nextInt(100_000) + "}}";
            return new Event(source(), id, "sluice.events", body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        Signed sign(Event e, String secret, Instant now) {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            String ts = String.valueOf(now.getEpochSecond());
            byte[] signed = concat((e.eventId() + "." + ts + ".").getBytes(StandardCharsets.UTF_8), e.body());
            String sig = Base64.getEncoder().encodeToString(hmac("HmacSHA256", key, signed));
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            h.put("webhook-id", e.eventId());
            h.put("webhook-timestamp", ts);
            h.put("webhook-signature", "v1," + sig);
            return new Signed(h, sig);
        }

        @Override
        String newSecret(Random rnd) {
            byte[] key = new byte[24];
            rnd.nextBytes(key);
            return "whsec_" + Base64.getEncoder().encodeToString(key);
        }
    },
    /** GitHub: {@code X-Hub-Signature-256: sha256=<hex>} of the body; id = X-GitHub-Delivery; type = X-GitHub-Event. */
    GITHUB("github", "github") {
        @Override
        Event newEvent(long seq, Random rnd, Instant now) {
            String id = UUID.randomUUID().toString();
            String body = "{\"ref\":\"refs/heads/main\",\"after\":\"" + randomHex(rnd, 20) + "\",\"seq\":" + seq
                    + ",\"repository\":{\"full_name\":\"sluice/reliability\"}}";
            return new Event(source(), id, "rel.github", body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        Signed sign(Event e, String secret, Instant now) {
            String sig = HexFormat.of().formatHex(hmac("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8), e.body()));
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            h.put("X-GitHub-Delivery", e.eventId());
            h.put("X-GitHub-Event", "push");
            h.put("X-Hub-Signature-256", "sha256=" + sig);
            return new Signed(h, sig);
        }

        @Override
        String newSecret(Random rnd) {
            return "rel-github-" + randomHex(rnd, 16);
        }
    };

    private final String source;
    private final String scheme;

    Provider(String source, String scheme) {
        this.source = source;
        this.scheme = scheme;
    }

    /** The configured source name (URL segment, key prefix). */
    public String source() {
        return source;
    }

    /** The DESIGN.md scheme id. */
    public String scheme() {
        return scheme;
    }

    /** A new, never sent event. */
    abstract Event newEvent(long seq, Random rnd, Instant now);

    /** The headers of one delivery of {@code e} (a redelivery is signed again, as providers do). */
    abstract Signed sign(Event e, String secret, Instant now);

    /** A fresh random secret in this provider's format. */
    abstract String newSecret(Random rnd);

    /** The secret as text plus the forms in which it could leak (for the log scan). */
    static java.util.List<String> leakForms(String secret) {
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add(secret);
        if (secret.startsWith("whsec_")) {
            out.add(secret.substring("whsec_".length()));
        }
        return out;
    }

    /**
     * One event.
     *
     * @param source        source name
     * @param eventId       the event id Sluice must derive
     * @param expectedTopic the routed topic it must land in
     * @param body          the exact body
     */
    public record Event(String source, String eventId, String expectedTopic, byte[] body) {
        /** The raw and output record key. */
        public String key() {
            return source + ":" + eventId;
        }
    }

    /**
     * A signed delivery.
     *
     * @param headers   the request headers
     * @param signature the computed signature value (hex or base64, without prefix): must never be logged
     */
    public record Signed(Map<String, String> headers, String signature) {
    }

    static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String randomHex(Random rnd, int bytes) {
        byte[] b = new byte[bytes];
        rnd.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A random source for secrets: unpredictable even when the run's seed is printed. */
    static Random secretRandom() {
        return new SecureRandom();
    }
}
